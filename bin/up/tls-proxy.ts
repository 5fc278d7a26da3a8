/**
 * The UI's TLS settings: the certificate and key files from flags or the environment, read for the
 * HTTPS server of the front proxy (front-proxy.ts) that serves the UI's public address.
 */
import { readFileSync } from 'node:fs';
import { DriftwoodError } from '@driftwood/core';
import { z } from 'zod';

export const tlsConfigSchema = z
  .object({
    cert: z.string().min(1).describe('PEM certificate file (the chain after the leaf) the UI serves HTTPS with.'),
    key: z.string().min(1).describe('PEM private key file of the certificate.'),
  })
  .strict();

export type TlsConfig = z.output<typeof tlsConfigSchema>;

/**
 * The TLS files from flags (`--cert`, `--key`) or else `DRIFTWOOD_TLS_CERT` / `DRIFTWOOD_TLS_KEY`;
 * undefined when neither is given. One without the other is CONFIG_INVALID.
 */
export function tlsConfig(
  flags: { cert?: string; key?: string },
  env: Record<string, string | undefined> = process.env,
): TlsConfig | undefined {
  const fromFlags = flags.cert !== undefined || flags.key !== undefined;
  const cert = fromFlags ? flags.cert : env.DRIFTWOOD_TLS_CERT || undefined;
  const key = fromFlags ? flags.key : env.DRIFTWOOD_TLS_KEY || undefined;
  if (cert === undefined && key === undefined) return undefined;
  const [certName, keyName] = fromFlags ? ['--cert', '--key'] : ['DRIFTWOOD_TLS_CERT', 'DRIFTWOOD_TLS_KEY'];
  if (cert === undefined) throw new DriftwoodError('CONFIG_INVALID', `${keyName} is given without ${certName}`);
  if (key === undefined) throw new DriftwoodError('CONFIG_INVALID', `${certName} is given without ${keyName}`);
  return Object.freeze(tlsConfigSchema.parse({ cert, key }));
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `cannot read the TLS ${what} ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The certificate and key files' contents (CONFIG_INVALID naming the file one cannot be read). */
export function readTlsFiles(tls: TlsConfig): { cert: Buffer; key: Buffer } {
  return { cert: readPem(tls.cert, 'certificate'), key: readPem(tls.key, 'key') };
}
