/** Helpers to run a real engine as a child process: ports, jars, logs, readiness, cleanup. */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ENGINES_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(ENGINES_DIR, '../..');
/** Logs of every engine run are copied here on stop, so failures can be read afterwards. */
export const KEPT_LOGS_DIR = path.join(REPO_ROOT, '.engines', 'logs');

const execFileAsync = promisify(execFile);

/** A free TCP port on 127.0.0.1 (bind to 0, read, release). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read a free port'));
      });
    });
  });
}

export async function makeTempDir(name: string): Promise<string> {
  return await mkdtemp(path.join(tmpdir(), `driftwood-${name}-`));
}

/** Fetches an engine's jars with Maven into `<engine>/lib` unless they are there already. */
export async function ensureJars(engine: string): Promise<string> {
  const dir = path.join(ENGINES_DIR, engine);
  const lib = path.join(dir, 'lib');
  if (existsSync(lib) && readdirSync(lib).some((f) => f.endsWith('.jar'))) return lib;
  try {
    await execFileAsync(
      'mvn',
      ['-q', '-B', '-f', path.join(dir, 'pom.xml'), 'dependency:copy-dependencies', '-DoutputDirectory=lib'],
      {
        cwd: dir,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`fetching ${engine} jars with Maven failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  return lib;
}

export interface EngineProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  hasExited(): boolean;
}

/** Spawns a process with stdout and stderr appended to logFile and stdin kept open (Java launchers exit when it closes). */
export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv },
): EngineProcess {
  const out = openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', out, out],
  });
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.on('error', () => {
      done = true;
      resolve(null);
    });
  });
  killOnExit(child);
  return { child, logFile: options.logFile, exited, hasExited: () => done };
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.on('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of running) c.kill('SIGKILL');
  });
}

export function tailOf(file: string, lines = 50): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Polls `check` until it returns a value (not undefined), the process exits, or the timeout passes.
 * Failures carry the tail of the engine's log.
 */
export async function waitUntilReady<T>(
  name: string,
  proc: EngineProcess,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      throw new Error(`${name} exited before it was ready; log ${proc.logFile}:\n${tailOf(proc.logFile)}`);
    }
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${name} was not ready within ${timeoutMs / 1000}s (last error: ${String(lastError)}); log ${proc.logFile}:\n${tailOf(proc.logFile)}`,
  );
}

/** SIGTERM, then SIGKILL after graceMs; keeps a copy of the log and removes the data dir. */
export async function stopProcess(proc: EngineProcess, dataDir: string | undefined, graceMs = 10_000): Promise<void> {
  if (!proc.hasExited()) {
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    await proc.exited;
    clearTimeout(timer);
  }
  try {
    mkdirSync(KEPT_LOGS_DIR, { recursive: true });
    await copyFile(proc.logFile, path.join(KEPT_LOGS_DIR, path.basename(proc.logFile)));
  } catch {
    // the log is best effort
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

/**
 * `ready()` for a started engine; when it fails, the engine is stopped (and its data dir removed)
 * before the error goes on, so a second try does not run beside a half-started first one.
 */
export async function stopIfNotReady<T>(proc: EngineProcess, dataDir: string, ready: () => Promise<T>): Promise<T> {
  try {
    return await ready();
  } catch (error) {
    await stopProcess(proc, dataDir, 5_000);
    throw error;
  }
}

/** JSON over HTTP with a short timeout, for readiness checks. */
export async function getJson(url: string, timeoutMs = 2_000): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return await response.json();
}

/** The java binary: JAVA_HOME's when set, else the one on PATH. */
export function javaBinary(javaHome = process.env.JAVA_HOME): string {
  return javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
}

/** Whether a command can be run at all (for skip messages on laptops without Java or Maven). */
export async function commandAvailable(command: string, args: string[] = ['--version']): Promise<boolean> {
  try {
    await execFileAsync(command, args, { timeout: 30_000 });
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code !== 'ENOENT';
  }
}
