import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.ts';

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
});
