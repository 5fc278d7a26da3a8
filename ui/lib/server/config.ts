/**
 * The UI server's security settings, read once from the environment through a zod schema and
 * frozen. Runs in the proxy and in route handlers (no Node-only imports).
 */
import { z } from 'zod';

const commaList = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
  );

export const uiSecuritySchema = z
  .object({
    DRIFTWOOD_PUBLIC_URL: z
      .url()
      .optional()
      .describe('The URL users reach the UI at (e.g. https://logs.example.com); its host is an allowed Host.'),
    DRIFTWOOD_ALLOWED_HOSTS: commaList.describe(
      'More allowed Host names, comma separated (`name` or `name:port`), besides the bind address and localhost.',
    ),
    DRIFTWOOD_TRUST_PROXY: z
      .enum(['true', 'false', '1', '0', ''])
      .default('false')
      .transform((v) => v === 'true' || v === '1')
      .describe(
        'Trust X-Forwarded-Proto from a reverse proxy in front of the UI (only then a forwarded https marks cookies Secure).',
      ),
    DRIFTWOOD_UI_HOST: z.string().optional().describe('The address the UI listens on (set by `driftwood up` / `ui`).'),
    PORT: z.string().regex(/^\d+$/).optional().describe('The port the UI listens on (set by `next start`).'),
    DRIFTWOOD_SESSION_IDLE_MS: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe('A login session ends after this many ms without a request (default 30 minutes).'),
    DRIFTWOOD_SESSION_MAX_MS: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe('A login session ends this many ms after login, however it is used (default 8 hours).'),
    __NEXT_PRIVATE_ORIGIN: z.string().optional(),
  })
  .transform((env) => {
    let bindHost = env.DRIFTWOOD_UI_HOST;
    let port = env.PORT;
    if (env.__NEXT_PRIVATE_ORIGIN) {
      try {
        const origin = new URL(env.__NEXT_PRIVATE_ORIGIN);
        bindHost ??= origin.hostname;
        port ??= origin.port;
      } catch {
        // not a URL: ignored
      }
    }
    return {
      publicUrl: env.DRIFTWOOD_PUBLIC_URL ? new URL(env.DRIFTWOOD_PUBLIC_URL) : undefined,
      allowedHosts: env.DRIFTWOOD_ALLOWED_HOSTS,
      trustProxy: env.DRIFTWOOD_TRUST_PROXY,
      bindHost: bindHost?.toLowerCase(),
      port: port === '' ? undefined : port,
      sessionIdleMs: env.DRIFTWOOD_SESSION_IDLE_MS,
      sessionMaxMs: env.DRIFTWOOD_SESSION_MAX_MS,
    };
  });

export type UiSecurityConfig = z.output<typeof uiSecuritySchema>;

/** The settings of `env` (throws a zod error naming the bad variable). */
export function readUiSecurityConfig(env: Record<string, string | undefined>): UiSecurityConfig {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(uiSecuritySchema.in.shape)) {
    const v = env[key];
    if (v !== undefined) picked[key] = v;
  }
  return Object.freeze(uiSecuritySchema.parse(picked));
}

let cached: UiSecurityConfig | undefined;

/** This process's settings (read on first use: `next start` sets PORT once it listens). */
export function uiSecurityConfig(): UiSecurityConfig {
  cached ??= readUiSecurityConfig(process.env);
  return cached;
}
