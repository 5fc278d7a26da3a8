/**
 * `driftwood import` over the loghub corpora (test/system.ts findLoghub: <System>/<System>_2k.log; skipped with one
 * line when absent, a failure under CI=true): 100% of
 * lines stored, counted per system in the store (duplicated lines included: ids are file + line),
 * a second import stores nothing twice, and .gz files import the same.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createEmbeddedStore } from '@driftwood/store';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { importFiles, run } from '../../indexer/src/cli/import.ts';
import { parseConfig } from '../../indexer/src/config.ts';
import { IndexerMetrics } from '../../indexer/src/metrics.ts';
import { createIngestor } from '../../indexer/src/server.ts';
import { findLoghub, skipWithout } from '../system.ts';

const loghub = findLoghub();
const noCorpus = skipWithout('the loghub import tests', loghub);
const corpus = loghub.ok ? loghub.path : '';
const systems = !noCorpus ? readdirSync(corpus).filter((d) => existsSync(path.join(corpus, d, `${d}_2k.log`))) : [];
const fileOf = (s: string) => path.join(corpus, s, `${s}_2k.log`);
const lineCount = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '').length;

describe.skipIf(noCorpus)('driftwood import over loghub', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('stores 100% of lines of every system', async () => {
    expect(systems.length).toBe(10);
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const ingestor = createIngestor(parseConfig({}), store, new IndexerMetrics());
      const summary = await importFiles(ingestor, systems.map(fileOf));
      const expected = Object.fromEntries(systems.map((s) => [s, lineCount(fileOf(s))]));
      const total = Object.values(expected).reduce((a, b) => a + b, 0);
      expect(summary).toMatchObject({
        files: 10,
        lines: total,
        stored: total,
        duplicates: 0,
        deadLettered: 0,
        failed: 0,
      });
      await store.flush();
      const stored: Record<string, number> = {};
      for (const s of systems) stored[s] = await store.count({ query: `log.file.path:"${fileOf(s)}"` });
      expect(stored).toEqual(expected);
      expect(expected.Apache).toBe(2000);
      const again = await importFiles(ingestor, [fileOf('Apache')]);
      expect(again).toMatchObject({ lines: 2000, stored: 0, duplicates: 2000 });
      expect(await store.count({})).toBe(total);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('runs as the CLI on a data dir, plain and .gz, with a summary and exit 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-import-'));
    dirs.push(dir);
    const gz = path.join(dir, 'OpenSSH.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(fileOf('OpenSSH'))));
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    let code: number;
    try {
      code = await run(['--data', path.join(dir, 'data'), fileOf('Linux'), gz]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    const n = lineCount(fileOf('Linux')) + lineCount(fileOf('OpenSSH'));
    expect(out).toMatch(new RegExp(`2 files, ${n} lines read: ${n} stored, 0 duplicates, 0 dead-lettered`));
    const store = await createEmbeddedStore({ path: path.join(dir, 'data', 'driftwood.duckdb') });
    try {
      expect(await store.count({ query: 'event.dataset:system.auth' })).toBeGreaterThan(1000);
      expect(await store.count({})).toBe(n);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('gives lines without a time stamp the same documents on a second import (no duplicates)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dw-import-nots-'));
    dirs.push(dir);
    const file = path.join(dir, 'plain.log');
    writeFileSync(file, 'no time stamp here\nnor here\nno time stamp here\n');
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const ingestor = createIngestor(parseConfig({}), store, new IndexerMetrics());
      expect(await importFiles(ingestor, [file])).toMatchObject({ lines: 3, stored: 3 });
      await new Promise((r) => setTimeout(r, 20));
      expect(await importFiles(ingestor, [file])).toMatchObject({ lines: 3, stored: 0, duplicates: 3 });
      expect(await store.count({})).toBe(3);
    } finally {
      await store.close();
    }
  });

  it('rejects an unknown pipeline before reading', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await run(['--pipeline', 'nope', fileOf('Linux')])).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });
});
