/**
 * The repository stands alone: its docs and code name no path of the machine they were written
 * on and link no file outside the repository (docs/architecture.md, house rule 9).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(
    (f) => /\.(?:md|ts|tsx|sh|json|ya?ml)$/.test(f) && f !== 'package-lock.json' && existsSync(path.join(ROOT, f)),
  );

const MACHINE_PATH = /\/work\/|\.\.\/shared\//;

describe('the repository stands alone', () => {
  it('names no machine path (/work/…, ../shared/…) in docs or code', () => {
    const naming = tracked.filter(
      (f) => f !== 'scripts/standalone.test.ts' && MACHINE_PATH.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(naming, 'remove the machine path').toEqual([]);
  });

  it('links from its Markdown only to files inside the repository that exist', () => {
    const broken: string[] = [];
    for (const file of tracked.filter((f) => f.endsWith('.md'))) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/i.test(target!)) continue;
        const resolved = path.resolve(ROOT, path.dirname(file), target!.split('#')[0]!);
        if (!resolved.startsWith(`${ROOT}/`) || !existsSync(resolved)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
