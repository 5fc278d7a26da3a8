/**
 * `driftwood ship` as a real process (`node shipper/src/cli-main.ts`, which calls `run`): usage
 * and config errors exit 2, `--check` validates, a running shipper ships and stops on SIGTERM
 * with 0, SIGHUP reloads a valid config and keeps the old one when the new one is invalid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { USAGE } from './cli.ts';

const MAIN = fileURLToPath(new URL('./cli-main.ts', import.meta.url));

let dir: string;
const children: ChildProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-ship-cli-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [MAIN, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function ship(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const p = start(args);
  const code = await p.exit;
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A config reading `in.log` into the NDJSON file `out`. */
const config = (out: string) => `inputs:
  - type: file
    paths: ["${path.join(dir, 'in.log')}"]
    scan_interval_ms: 100
    poll_interval_ms: 50
queue:
  type: memory
output:
  type: file
  path: ${path.join(dir, out)}
  flush_interval_ms: 10
`;

const shipped = (out: string): string[] => {
  const file = path.join(dir, out);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => String((JSON.parse(l) as { message: string }).message));
};

describe('driftwood ship (cli)', () => {
  it('exits 2 with the usage when --config is missing or an argument is unknown', async () => {
    const none = await ship();
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`driftwood ship: --config FILE is required\n\n${USAGE}`);
    const unknown = await ship('--config', 'x.yml', '--verbose');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('driftwood ship: unknown argument "--verbose"');
    const noData = await ship('--config', 'x.yml', '--data=');
    expect(noData.code).toBe(2);
    expect(noData.stderr).toContain('--data needs a directory');
  });

  it('prints the usage on stdout and exits 0 with --help (no config needed)', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await ship(flag);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(USAGE);
    }
  });

  it('exits 2 naming the problem when the config is missing or invalid', async () => {
    const missing = await ship('--config', path.join(dir, 'nope.yml'), '--check');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^driftwood ship: .*nope\.yml/);
    await writeFile(path.join(dir, 'bad.yml'), config('out.ndjson').replace('poll_interval_ms', 'poll_intervall_ms'));
    const bad = await ship('-c', path.join(dir, 'bad.yml'), '--check');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('poll_intervall_ms');
    expect(bad.stderr).toContain('did you mean `poll_interval_ms`?');
  });

  it('--check validates and summarizes without shipping anything', async () => {
    await writeFile(path.join(dir, 'ship.yml'), config('out.ndjson'));
    await writeFile(path.join(dir, 'in.log'), 'not shipped\n');
    const r = await ship(`--config=${path.join(dir, 'ship.yml')}`, '--check');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('config OK: 1 input(s), 0 processor(s), memory queue, output file\n');
    expect(shipped('out.ndjson')).toEqual([]);
  });

  it('ships until SIGTERM, then exits 0; SIGHUP reloads a valid config and keeps running on an invalid one', async () => {
    const cfg = path.join(dir, 'ship.yml');
    await writeFile(cfg, config('first.ndjson'));
    await writeFile(path.join(dir, 'in.log'), 'line 1\n');
    const p = start(['--config', cfg, '--data', path.join(dir, 'data')]);
    const starts = () => p.stderr().split('shipper started').length - 1;
    await until(() => shipped('first.ndjson').length === 1, 'the first line');

    // An invalid config: reported, the running agent goes on.
    await writeFile(cfg, 'inputs: [');
    p.child.kill('SIGHUP');
    await until(() => p.stderr().includes('SIGHUP: config not reloaded'), 'the reload error');
    await appendFile(path.join(dir, 'in.log'), 'line 2\n');
    await until(() => shipped('first.ndjson').length === 2, 'line 2 by the old config');

    // A valid one replaces it; the checkpoint stays, so nothing is read twice.
    await writeFile(cfg, config('second.ndjson'));
    p.child.kill('SIGHUP');
    await until(() => starts() === 2, 'the agent with the new config');
    await appendFile(path.join(dir, 'in.log'), 'line 3\n');
    await until(() => shipped('second.ndjson').includes('line 3'), 'line 3 by the new config');
    expect(shipped('first.ndjson')).toEqual(['line 1', 'line 2']);
    expect(shipped('second.ndjson')).toEqual(['line 3']);

    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
  }, 60_000);

  it('exits 1 when the agent cannot start', async () => {
    const cfg = path.join(dir, 'ship.yml');
    // The disk queue's directory cannot be created under a regular file.
    await writeFile(path.join(dir, 'blocker'), '');
    await writeFile(cfg, config('out.ndjson').replace('type: memory', 'type: disk'));
    const r = await ship('--config', cfg, '--data', path.join(dir, 'blocker', 'data'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('could not start');
  });
});
