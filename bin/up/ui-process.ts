/** Runs the Next.js UI (`next start`) as a child process, building it first when needed. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

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
  url: string;
  /** Resolves with the exit code when the UI process has exited (null when a signal ended it). */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startUi(options: { host: string; port: number; env: NodeJS.ProcessEnv }): Promise<UiProcess> {
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-H', options.host, '-p', String(options.port)], {
    cwd: UI_DIR,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...options.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${options.port}`;
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r('waiting'), 250))]);
    if (early !== 'waiting') throw new Error(`the UI exited before it was ready (exit ${early})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL'); // not left running behind the caller
      throw new Error(`the UI did not answer at ${url} within 60 s`);
    }
  }
  return {
    child,
    url,
    exited,
    stop: async () => {
      // exitCode stays null when a signal ended it (Ctrl-C reaches the whole process group).
      if (!running) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
