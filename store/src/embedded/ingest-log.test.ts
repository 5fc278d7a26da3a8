import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measure } from './ingest-log.ts';
import { createEmbeddedStore } from './store.ts';

const T0 = Date.UTC(2026, 2, 1);
const event = (i: number) => ({
  id: `e${i}`,
  doc: { '@timestamp': new Date(T0 + i).toISOString(), message: `event ${i}`, n: i },
});

describe('ingest log', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-ingest-log-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures whole lines and where a torn last line starts', () => {
    expect(measure(Buffer.from('a\nbcd\nef'))).toEqual({ rows: 2, longestLine: 3, end: 6 });
    expect(measure(Buffer.from(''))).toEqual({ rows: 0, longestLine: 0, end: 0 });
  });

  it('keeps acknowledged writes of a process that dies before loading them, and loads them once', async () => {
    const file = path.join(dir, 'crash.duckdb');
    // a writer that acknowledges 2 writes, then dies without closing (no load has run: the log is small)
    const script = `
      import { createEmbeddedStore } from ${JSON.stringify(path.join(import.meta.dirname, 'store.ts'))};
      const store = await createEmbeddedStore({ path: ${JSON.stringify(file)} });
      const T0 = ${T0};
      const event = ${event.toString()};
      for (const part of [[0, 1, 2], [3, 4]]) {
        const outcomes = await store.write(part.map(event));
        if (outcomes.some((o) => o.status !== 'stored')) process.exit(3);
      }
      process.exit(0);`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const logDir = `${file}.ingest`;
    const logs = readdirSync(logDir);
    expect(logs).toHaveLength(1);
    // the death tore a third append: half a line, never acknowledged
    appendFileSync(path.join(logDir, logs[0] as string), 'e99\x1f1772323200099\x1f');

    const store = await createEmbeddedStore({ path: file });
    expect((await store.search({ query: '' })).hits.map((h) => h.id)).toEqual(['e4', 'e3', 'e2', 'e1', 'e0']);
    expect(readdirSync(logDir)).toEqual([]);
    // a writer retrying its batch finds it stored
    expect((await store.write([event(3), event(5)])).map((o) => o.status)).toEqual(['duplicate', 'stored']);
    await store.close();

    // closed with nothing waiting: no log directory left behind
    expect(existsSync(logDir)).toBe(false);
    // a log file the table already holds (the process died between the load and the delete) is
    // not loaded again
    mkdirSync(logDir);
    writeFileSync(path.join(logDir, '000000000001.csv'), 'e0\x1f1772323200000\x1f\n');
    const again = await createEmbeddedStore({ path: file });
    expect(await again.count({})).toBe(6);
    expect(existsSync(path.join(logDir, '000000000001.csv'))).toBe(false);
    await again.close();
  });

  it('sets aside a log that belongs to another database file', async () => {
    const file = path.join(dir, 'replaced.duckdb');
    const first = await createEmbeddedStore({ path: file });
    await first.write([event(1)]);
    await first.close();
    rmSync(file);
    mkdirSync(`${file}.ingest`);
    writeFileSync(path.join(`${file}.ingest`, '000000000007.csv'), 'e0\x1f1772323200000\x1f\n');
    const store = await createEmbeddedStore({ path: file });
    expect(await store.count({})).toBe(0);
    expect(readdirSync(dir).some((f) => f.startsWith('replaced.duckdb.ingest.orphaned-'))).toBe(true);
    await store.close();
  });
});
