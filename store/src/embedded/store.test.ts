import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AggregationResult } from '../contract.ts';
import type { IdHashSet } from './id-set.ts';
import { idHash } from './id-set.ts';
import { createEmbeddedStore } from './store.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const event = (id: string, minute: number, extra: Record<string, unknown> = {}): LogEvent => ({
  id,
  doc: { '@timestamp': new Date(T0 + minute * 60_000).toISOString(), message: `event ${id}`, ...extra },
});

describe('embedded store writes', () => {
  const file = path.join(tmpdir(), `driftwood-store-test-${process.pid}.duckdb`);
  afterEach(() => {
    rmSync(file, { force: true });
    rmSync(`${file}.wal`, { force: true });
  });

  it('stores a document that already carries kept conflict values (an export re-imported)', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    const ts = '2026-01-01T00:00:00.000Z';
    const outcomes = await store.write([
      { id: 'k1', doc: { '@timestamp': ts, message: 'x', driftwood: { conflicts: { 'event.dataset': 'a.b' } } } },
      { id: 'k2', doc: { '@timestamp': ts, message: 'y', driftwood: { conflicts: { foo: { bar: 1 } } } } },
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored']);
    await store.flush();
    expect(await store.count({ query: 'driftwood.conflicts.event.dataset:"a.b"' })).toBe(1);
    expect(await store.count({ query: 'driftwood.conflicts.foo.bar:1' })).toBe(1);
    await store.close();
  });

  it('keeps ids unique within a batch, across batches and after reopening the file', async () => {
    let store = await createEmbeddedStore({ path: file });
    const first = await store.write([event('a', 1), event('b', 2), event('a', 3)]);
    expect(first.map((o) => o.status)).toEqual(['stored', 'stored', 'duplicate']);
    expect((await store.write([event('b', 9), event('c', 4)])).map((o) => o.status)).toEqual(['duplicate', 'stored']);
    await store.close();
    store = await createEmbeddedStore({ path: file });
    const again = await store.write([event('a', 5), event('c', 6), event('d', 7)]);
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'stored']);
    expect(await store.count({})).toBe(4);
    await store.close();
  });

  it('stores an id whose hash is known but which is not stored (no false duplicates)', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    await store.write([event('x', 1)]);
    // as if another id had the same hash as 'y'
    (store as unknown as { writer: { ids: IdHashSet } }).writer.ids.add(idHash('y'));
    const outcomes = await store.write([event('y', 2), event('x', 3)]);
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'duplicate']);
    expect(await store.count({})).toBe(2);
    await store.close();
  });

  it('accepts an id again once retention deleted it', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    await store.write([event('old', 1), event('new', 100)]);
    expect(await store.deleteOlderThan(T0 + 50 * 60_000)).toBe(1);
    expect((await store.write([event('old', 1), event('new', 100)])).map((o) => o.status)).toEqual([
      'stored',
      'duplicate',
    ]);
    await store.close();
  });

  it('refuses a write whose ingest log append fails; its retry stores each event once', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    // fault injection (a full disk cannot be had on demand): the second append of the write fails
    const log = (store as unknown as { loader: { log: { append: (...args: unknown[]) => Promise<void> } } }).loader.log;
    const append = log.append.bind(log);
    let calls = 0;
    log.append = (...args) => (++calls === 2 ? Promise.reject(new Error('ENOSPC: no space left')) : append(...args));
    const batch = Array.from({ length: 6_000 }, (_, i) => event(`e${i}`, i % 60));
    await expect(store.write(batch)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const retry = await store.write(batch);
    const duplicates = retry.filter((o) => o.status === 'duplicate').length;
    // the part appended before the failure was stored by the first attempt
    expect(duplicates).toBeGreaterThan(0);
    expect(retry.filter((o) => o.status === 'stored').length).toBe(6_000 - duplicates);
    expect(await store.count({})).toBe(6_000);
    expect(await store.count({ query: 'e5999' })).toBe(1);
    await store.close();
  });

  it('keeps acknowledged events when a load fails, says why on the next write, and loads them later', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    await store.write([event('a', 1)]);
    await store.flush(); // loaded
    const conn = (store as unknown as { ctx: { db: { run(sql: string): Promise<unknown> } } }).ctx.db;
    // a column the next rows need is gone behind the store's back
    await conn.run('ALTER TABLE events DROP COLUMN "message#tok"');
    expect((await store.write([event('b', 2), event('c', 3)])).map((o) => o.status)).toEqual(['stored', 'stored']);
    // a read shows what is loaded; the failed load does not fail it
    expect(await store.count({})).toBe(1);
    const refused = store.write([event('d', 4)]);
    await expect(refused).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(refused).rejects.toThrow(/cannot load 2 acknowledged events .*kept there/);
    await conn.run('ALTER TABLE events ADD COLUMN "message#tok" VARCHAR');
    expect((await store.write([event('d', 4)])).map((o) => o.status)).toEqual(['stored']);
    expect((await store.search({ query: '' })).hits.map((h) => h.id)).toEqual(['d', 'c', 'b', 'a']);
    await store.close();
  });
});

describe('embedded store reads during writes that change columns', () => {
  it('never fail: a column change waits for the reads in flight', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    const base = Array.from({ length: 30_000 }, (_, i) => event(`b${i}`, i % 600, { svc: 'a', f0: 'x' }));
    await store.write(base);
    for (let round = 1; round <= 6; round++) {
      // reads in flight (more than there are read connections, so some wait with their SQL
      // planned against the columns as they are)
      const reads = Array.from({ length: 4 }, () => [
        store.aggregate({
          query: 'svc:a',
          aggs: {
            svc: { type: 'terms', field: 'svc', size: 3 },
            prev: { type: 'terms', field: `f${round - 1}`, size: 3 },
            now: { type: 'terms', field: `f${round}`, size: 3 },
          },
        }),
        store.search({ query: `svc:a and f${round}:x`, size: 5 }),
        store.count({ query: `f${round - 1}:x or svc:b` }),
      ]).flat();
      // a write adding field f<round>, and (in the first round) turning svc into a list
      const write = store.write([event(`w${round}`, 1, { svc: round === 1 ? ['a', 'b'] : 'a', [`f${round}`]: 'x' })]);
      await Promise.all([...reads, write]);
    }
    expect(await store.count({ query: 'svc:b' })).toBe(1);
    expect(await store.count({ query: 'f6:x' })).toBe(1);
    await store.close();
  });
});

describe('embedded store aggregations in one scan', () => {
  it('match a direct count: ties by key, missing values skipped, splits per bucket with other', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    const levels = ['info', 'warn', 'error', 'debug'];
    const hosts = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
    const events: LogEvent[] = [];
    for (let i = 0; i < 600; i++) {
      const doc: Record<string, unknown> = { log: { level: levels[(i * 7) % 4] }, code: (i % 5) * 100 };
      if (i % 11 !== 0) doc.host = { name: hosts[(i * i) % 6] };
      events.push(event(`e${i}`, i % 240, doc));
    }
    await store.write(events);
    const from = T0;
    const to = T0 + 240 * 60_000;
    const result = await store.aggregate({
      query: 'not code:400',
      from,
      to,
      aggs: {
        n: { type: 'count' },
        hosts: { type: 'terms', field: 'host.name', size: 3 },
        codes: { type: 'terms', field: 'code', size: 10 },
        hist: { type: 'date_histogram', intervalMs: 3_600_000, split: { field: 'host.name', size: 2 } },
        missing: { type: 'terms', field: 'no.such.field', size: 3 },
      },
    });
    const kept = events.filter((e) => e.doc.code !== 400);
    const host = (e: LogEvent) => (e.doc.host as { name: string } | undefined)?.name;
    const top = (values: Array<string | number | undefined>, n: number) => {
      const counts = new Map<string | number, number>();
      for (const v of values) if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
      const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const buckets = sorted.slice(0, n).map(([key, count]) => ({ key, count }));
      return { buckets, other: sorted.slice(n).reduce((s, [, c]) => s + c, 0) };
    };
    expect(result.n).toEqual({ type: 'count', value: kept.length });
    expect(result.hosts).toEqual({ type: 'terms', ...top(kept.map(host), 3) });
    expect(result.codes).toEqual({
      type: 'terms',
      ...top(
        kept.map((e) => e.doc.code as number),
        10,
      ),
    });
    expect(result.missing).toEqual({ type: 'terms', buckets: [], other: 0 });
    const hist = result.hist as Extract<AggregationResult, { type: 'date_histogram' }>;
    expect(hist.buckets.length).toBe(4);
    for (const b of hist.buckets) {
      const inBucket = kept.filter((e) => {
        const t = Date.parse(String(e.doc['@timestamp']));
        return t >= b.key && t < b.key + 3_600_000;
      });
      expect(b.count).toBe(inBucket.length);
      expect(b.split).toEqual(top(inBucket.map(host), 2));
    }
    await store.close();
  });
});
