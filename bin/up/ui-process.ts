/**
 * Runs the Next.js UI (`next start`) as a child process, building it first when needed, always
 * behind the front proxy of front-proxy.ts (HTTP, or HTTPS with a TLS certificate): Next listens on
 * a free loopback port, the proxy on the public address and bounds request bodies before Next
 * buffers them.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type FrontProxy, type FrontProxyStats, startFrontProxy } from './front-proxy.ts';
import { type TlsConfig, tlsConfig } from './tls-proxy.ts';

const UI_DIR = path.resolve(import.meta.dirname, '../../ui');
const NEXT_BIN = path.resolve(import.meta.dirname, '../../node_modules/next/dist/bin/next');

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Newest modification time of the sources a UI build depends on. */
function newestSource(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['ui/app', 'ui/components', 'ui/lib', 'core/src', 'store/src', 'alerting/src']) {
    walk(path.join(ROOT, dir));
  }
  for (const file of ['ui/next.config.ts', 'ui/package.json', 'ui/tsconfig.json']) {
    newest = Math.max(newest, statSync(path.join(ROOT, file)).mtimeMs);
  }
  return newest;
}

/** A production build exists and is newer than every source it was built from (else rebuild). */
export function uiBuilt(): boolean {
  const id = path.join(UI_DIR, '.next', 'BUILD_ID');
  return existsSync(id) && statSync(id).mtimeMs > newestSource();
}

/** `next build`, once, with its output shown (a minute or so on first start). */
export function buildUi(log: (line: string) => void): void {
  log('building the UI (first start only, about a minute)…');
  const result = spawnSync(process.execPath, [NEXT_BIN, 'build'], {
    cwd: UI_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) throw new Error(`the UI build failed (exit ${result.status})`);
}

export interface UiProcess {
  child: ChildProcess;
  /** The public address (the front proxy's). */
  url: string;
  /** Next.js itself, on loopback behind the proxy (tests measure the proxy's hop with it). */
  nextUrl: string;
  /** What the front proxy has done with request bodies so far. */
  bodyStats(): FrontProxyStats;
  /** Resolves with the exit code when the UI process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export interface StartUiOptions {
  /** The UI's public address. */
  host: string;
  port: number;
  env: NodeJS.ProcessEnv;
  /**
   * Serve HTTPS with this certificate (the front proxy on `host:port` does). Default:
   * DRIFTWOOD_TLS_CERT / DRIFTWOOD_TLS_KEY of `env` or of this process; `null` serves plain HTTP
   * whatever they say.
   */
  tls?: TlsConfig | null;
}

/** A port free on loopback now (Next.js behind the front proxy listens there). */
async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * What the Next.js server behind the front proxy is told: the proxy's X-Forwarded-Proto is to be
 * trusted (only the proxy and local processes reach its loopback port), and the Host names of the
 * public address are its own (its PORT is the loopback one).
 */
function behindProxyEnv(env: NodeJS.ProcessEnv, host: string, port: number): NodeJS.ProcessEnv {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (host !== '0.0.0.0' && host !== '::') names.push(host.includes(':') ? `[${host}]` : host);
  const allowed = [env.DRIFTWOOD_ALLOWED_HOSTS ?? '', ...names.map((n) => `${n}:${port}`)].filter((h) => h !== '');
  return { DRIFTWOOD_TRUST_PROXY: 'true', DRIFTWOOD_ALLOWED_HOSTS: allowed.join(',') };
}

export async function startUi(options: StartUiOptions): Promise<UiProcess> {
  const env = { ...process.env, ...options.env };
  const tls = options.tls === undefined ? tlsConfig({}, env) : (options.tls ?? undefined);
  const nextPort = await freeLoopbackPort();
  // the public address first: a port in use fails here, before Next is started
  const proxy: FrontProxy = await startFrontProxy({
    tls,
    host: options.host,
    port: options.port,
    target: { host: '127.0.0.1', port: nextPort },
  });
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', '127.0.0.1', '-p', String(nextPort)], {
    cwd: UI_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...env,
      ...behindProxyEnv(env, options.host, proxy.port),
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  const nextUrl = `http://127.0.0.1:${nextPort}`;
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );
  const stopChild = async () => {
    // exitCode stays null when a signal ended it (Ctrl-C reaches the whole process group).
    if (!running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  try {
    for (;;) {
      const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 250))]);
      if (early !== 'waiting') throw new Error(`the UI exited before it was ready (exit ${early})`);
      try {
        const res = await fetch(nextUrl, { signal: AbortSignal.timeout(2000) });
        if (res.status < 500) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill('SIGKILL'); // not left running behind the caller
        throw new Error(`the UI did not answer at ${nextUrl} within 60 s`);
      }
    }
  } catch (error) {
    await proxy.close();
    throw error;
  }
  return {
    child,
    url: proxy.url,
    nextUrl,
    bodyStats: () => proxy.stats(),
    exited,
    stop: async () => {
      await proxy.close();
      await stopChild();
    },
  };
}
