import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, dispatch, reexecArgs } from './commands.ts';

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
    // Today every command is implemented; the path stays for the next one named before it exists.
    expect(COMMANDS.filter((c) => !c.module).map((c) => c.name)).toEqual([]);
    const planned = { name: 'replay', synopsis: 'replay FILE', summary: 'replay a capture' };
    const result = dispatch('replay', [...COMMANDS, planned]);
    expect(result).toEqual({
      exit: 3,
      stderr: 'driftwood replay: not implemented yet (replay a capture). See the open issues.\n',
    });
    expect(dispatch('query')).toMatchObject({ command: { name: 'query' } });
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

describe('bin/driftwood (the launcher)', () => {
  const launcher = path.join(import.meta.dirname, 'driftwood');
  const nodeDir = path.dirname(process.execPath);

  it('runs the CLI on Node >= 22, also through a chain of symlinks', () => {
    const direct = spawnSync(launcher, ['--help'], { encoding: 'utf8', env: { PATH: nodeDir } });
    expect(direct.stderr).toBe('');
    expect(direct.status).toBe(0);
    expect(direct.stdout).toMatch(/driftwood query\b/);

    // npm link: <prefix>/bin/driftwood -> ../lib/node_modules/driftwood/bin/driftwood, that folder a link to the repo.
    const prefix = mkdtempSync(path.join(tmpdir(), 'dw-link-'));
    mkdirSync(path.join(prefix, 'bin'));
    mkdirSync(path.join(prefix, 'lib/node_modules'), { recursive: true });
    symlinkSync(path.resolve(import.meta.dirname, '..'), path.join(prefix, 'lib/node_modules/driftwood'));
    symlinkSync('../lib/node_modules/driftwood/bin/driftwood', path.join(prefix, 'bin/driftwood'));
    const linked = spawnSync(path.join(prefix, 'bin/driftwood'), ['--version'], {
      encoding: 'utf8',
      env: { PATH: `${nodeDir}:/usr/bin:/bin` },
    });
    expect(linked.stderr).toBe('');
    expect(linked.stdout).toMatch(/^driftwood \d+\.\d+\.\d+\n$/);
  });

  it('says in one line how to get Node >= 22 when only an old node is on PATH', () => {
    // A copy of the launcher in a folder without .tools/, and on PATH only an old node.
    const root = mkdtempSync(path.join(tmpdir(), 'dw-oldnode-'));
    mkdirSync(path.join(root, 'bin'));
    copyFileSync(launcher, path.join(root, 'bin/driftwood'));
    // Fault injection: a node that reports version 20 (this machine's Node 20 may be gone elsewhere).
    const faultyOldNodeDir = path.join(root, 'faulty-old-node');
    mkdirSync(faultyOldNodeDir);
    const faultyOldNode = path.join(faultyOldNodeDir, 'node');
    writeFileSync(
      faultyOldNode,
      '#!/bin/sh\ncase "$*" in *versions.node*) printf 20 ;; --version) echo v20.20.2 ;; *) echo "old node ran" >&2; exit 9 ;; esac\n',
    );
    chmodSync(faultyOldNode, 0o755);
    const result = spawnSync(path.join(root, 'bin/driftwood'), ['--help'], {
      encoding: 'utf8',
      env: { PATH: faultyOldNodeDir },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `driftwood: needs Node >= 22 (found v20.20.2 at ${faultyOldNode}); run '. scripts/node.sh' in ${root} to install Node 24 into .tools/`,
    );
  });
});
