import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, reexecArgs } from './commands.ts';

const bin = path.join(import.meta.dirname, 'driftwood.ts');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('driftwood CLI', () => {
  it('--help lists every subcommand of the design', () => {
    const result = run('--help');
    expect(result.status).toBe(0);
    for (const name of ['up', 'ship', 'index', 'ui', 'alerts', 'parse', 'import', 'query']) {
      expect(result.stdout).toMatch(new RegExp(`driftwood ${name}\\b`));
    }
  });

  it('rejects an unknown command with a clear message and a non-zero exit', () => {
    const result = run('frobnicate');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command "frobnicate"');
  });

  it('says clearly when a subcommand does not exist yet', () => {
    const missing = COMMANDS.find((c) => !c.module);
    if (!missing) return; // every command is implemented
    const result = run(missing.name);
    expect(result.status).toBe(3);
    expect(result.stderr).toContain('not implemented yet');
  });

  it('runs a command with its V8 options: the same process re-executed, unless NODE_OPTIONS sets them', async () => {
    const ship = COMMANDS.find((c) => c.name === 'ship')!;
    expect(reexecArgs(ship, {}, ['--inspect'])).toEqual({ args: [...ship.v8Options!, '--inspect'], env: ship.env });
    const mine = { NODE_OPTIONS: '--max-semi-space-size=32 --max-old-space-size=1024', MALLOC_ARENA_MAX: '8' };
    expect(reexecArgs(ship, mine, [])).toEqual({ args: [], env: { MALLOC_TRIM_THRESHOLD_: '131072' } });
    expect(reexecArgs(ship, { ...mine, MALLOC_TRIM_THRESHOLD_: '0' }, [])).toBeUndefined();
    expect(reexecArgs(ship, { DRIFTWOOD_V8_OPTIONS_APPLIED: '1' }, [])).toBeUndefined();
    expect(reexecArgs(COMMANDS.find((c) => c.name === 'query')!, {}, [])).toBeUndefined();

    const dir = mkdtempSync(path.join(tmpdir(), 'dw-reexec-'));
    const config = path.join(dir, 'shipper.yml');
    writeFileSync(config, 'inputs:\n  - type: stdin\nqueue:\n  type: memory\noutput:\n  type: stdout\n');
    const child = spawn(process.execPath, [bin, 'ship', '--config', config, '--data', dir, '--quiet'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stdin.write('hello\n');
    const deadline = Date.now() + 15_000;
    while (!out.includes('hello') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
    const environ = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    expect(JSON.parse(out.trim().split('\n')[0]!)).toMatchObject({ message: 'hello' });
    expect(cmdline).toContain('--max-semi-space-size=8');
    expect(environ).toContain('MALLOC_ARENA_MAX=2');
    expect(cmdline).toContain('ship');
  });
});
