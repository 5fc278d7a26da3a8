import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, importsOf } from './boundaries.ts';

/**
 * Violations that exist today in other slices' files, each to be fixed by its owner (issue #15).
 * This list only shrinks: an entry that no longer occurs fails the test until it is removed, and
 * any violation not listed fails it at once.
 */
const KNOWN: string[] = [];

describe('package boundaries', () => {
  it('every import stays in its package or goes through a declared package (known exceptions listed)', () => {
    const found = [...new Set(findViolations().map((v) => v.key))].sort();
    const unlisted = found.filter((k) => !KNOWN.includes(k));
    const fixed = KNOWN.filter((k) => !found.includes(k));
    expect(unlisted, 'new violations: import by package name, declare the dependency').toEqual([]);
    expect(fixed, 'fixed: remove these from KNOWN in scripts/boundaries.test.ts').toEqual([]);
  });

  it('finds each kind of violation in a small workspace', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dw-boundaries-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    const pkg = (dir: string, name: string, dependencies: Record<string, string> = {}) =>
      write(`${dir}/package.json`, JSON.stringify({ name, dependencies }));
    write(
      'package.json',
      JSON.stringify({
        name: 'root',
        workspaces: ['core', 'store', 'shipper', 'ui', 'alerting'],
        dependencies: { '@x/shipper': '*' },
        devDependencies: { vitest: '*' },
      }),
    );
    pkg('core', '@x/core', { zod: '*' });
    pkg('store', '@x/store', { '@x/core': '*' });
    pkg('shipper', '@x/shipper', { '@x/core': '*' });
    pkg('alerting', '@x/alerting', { '@x/core': '*' });
    pkg('ui', '@x/ui', { '@x/core': '*', '@x/store': '*', '@x/alerting': '*', next: '*' });
    write('core/src/a.ts', "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport './b.ts';\n");
    write('core/src/a.test.ts', "import { it } from 'vitest';\n");
    write('core/src/b.ts', "// import '../../shipper/src/x.ts' (a comment)\nexport const s = 'import x from \"y\"';\n");
    write('bin/cli.ts', "const m = () => import('../shipper/src/cli.ts');\nimport '@x/shipper';\n");
    write(
      'store/src/x.ts',
      "import { q } from '@x/shipper';\nimport type { K } from 'kafkajs';\nimport '@x/core/node';\n",
    );
    write('ui/lib/y.ts', "import '../../store/src/index.ts';\nimport { r } from '@x/alerting';\nimport '@/lib/z';\n");
    write('shipper/src/z.ts', "export * from './w.ts';\nexport { v } from '@x/core';\nimport 'vitest';\n");
    expect(findViolations(root).map((v) => v.key)).toEqual([
      'relative-escape bin/cli.ts ../shipper/src/cli.ts',
      'undeclared-workspace store/src/x.ts @x/shipper',
      'undeclared-npm store/src/x.ts kafkajs',
      'undeclared-npm shipper/src/z.ts vitest',
      'relative-escape ui/lib/y.ts ../../store/src/index.ts',
      'ui-imports ui/lib/y.ts @x/alerting',
    ]);
  });

  it("finds a Node builtin behind core's browser entry, not in its Node entry", () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dw-boundaries-'));
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    };
    write('package.json', JSON.stringify({ name: 'root', workspaces: ['core'] }));
    write('core/package.json', JSON.stringify({ name: '@x/core' }));
    write('core/src/index.ts', "export * from './kql/index.ts';\nexport type { T } from './t.ts';\n");
    write('core/src/kql/index.ts', "export * from '../deep/hash.ts';\n");
    write('core/src/deep/hash.ts', "import { createHash } from 'node:crypto';\nimport fs from 'fs';\n");
    write('core/src/t.ts', 'export type T = string;\n');
    write('core/src/node.ts', "import { readFileSync } from 'node:fs';\n");
    expect(findViolations(root).map((v) => v.key)).toEqual([
      'browser-unsafe core/src/deep/hash.ts node:crypto',
      'browser-unsafe core/src/deep/hash.ts fs',
    ]);
  });

  it('reads static, dynamic, type-only and re-export imports, not comments', () => {
    expect(
      importsOf(
        "import a from 'a';\nimport type { B } from \"b\";\nexport * from './c.ts';\n/* import 'no' */\nconst d = await import('d');\nimport 'e';\nimport {\n  f,\n  g,\n} from 'fg';\n",
      ),
    ).toEqual(['a', 'b', './c.ts', 'e', 'fg', 'd']);
  });
});
