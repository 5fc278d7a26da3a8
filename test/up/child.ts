/**
 * For the `driftwood up` tests: a command run in its own process group (so Ctrl-C can be sent the
 * way a terminal sends it — to the whole group, the UI and Mosquitto included), its output kept,
 * readiness read from stdout, and the whole group killed at the end whatever happened.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DRIFTWOOD = path.join(REPO_ROOT, 'bin', 'driftwood.ts');

const execFileAsync = promisify(execFile);

/** The test runner's environment without store selection (the child gets `--data`) or /var/log collection. */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DRIFTWOOD_COLLECT_PATHS: '', NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['DRIFTWOOD_STORE', 'DRIFTWOOD_DATA', 'OPENSEARCH_URL', 'ELASTICSEARCH_URL', 'NODE_OPTIONS']) {
    delete env[name];
  }
  return { ...env, ...extra };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** ms from the interrupt (or from the start when there was none) to the exit. */
  afterMs: number;
}

export class GroupProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  readonly startedAt = Date.now();
  #stdout = '';
  #stderr = '';
  #interruptedAt: number | undefined;
  #done = false;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => {
      this.#stdout += d.toString();
    });
    this.child.stderr?.on('data', (d: Buffer) => {
      this.#stderr += d.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.#done = true;
        resolve({ code, signal, afterMs: Date.now() - (this.#interruptedAt ?? this.startedAt) });
      });
    });
  }

  get stdout(): string {
    return this.#stdout;
  }

  get stderr(): string {
    return this.#stderr;
  }

  get running(): boolean {
    return !this.#done;
  }

  /** Both streams, for failure messages. */
  output(): string {
    return `--- stdout\n${this.#stdout}\n--- stderr\n${this.#stderr}`;
  }

  /** Resolves when stdout matches; rejects if the process exits first or the time runs out. */
  async waitForStdout(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.#stdout)) {
      if (this.#done) throw new Error(`exited before printing ${pattern}:\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} on stdout within ${timeoutMs} ms:\n${this.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ctrl-C as a terminal sends it: SIGINT to every process of the group. */
  interrupt(): void {
    this.#interruptedAt = Date.now();
    signalGroup(this.child, 'SIGINT');
  }

  /** Waits for the exit at most timeoutMs (then kills the group and rejects). */
  async exit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const result = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (result === 'late') {
      this.kill();
      throw new Error(`did not exit within ${timeoutMs} ms of SIGINT:\n${this.output()}`);
    }
    return result;
  }

  /** Whether any process of the group (the UI, Mosquitto, npm's child…) is still there. */
  groupAlive(): boolean {
    if (this.child.pid === undefined) return false;
    try {
      process.kill(-this.child.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** SIGKILL to the whole group (children left behind by a crash included). Safe to call twice. */
  kill(): void {
    signalGroup(this.child, 'SIGKILL');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone
  }
}

/** `driftwood …` run to completion (e.g. `query`); resolves to stdout. */
export async function driftwood(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, [DRIFTWOOD, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(),
    maxBuffer: 512 * 1024 * 1024,
  });
  return stdout;
}

/** Polls until check() returns a value (not undefined) or the time runs out. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  intervalMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
