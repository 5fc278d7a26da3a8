import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { AggregateRequest } from '../contract.ts';
import { MAX_VALUES_PER_MINUTE } from './rollups.ts';
import { createEmbeddedStore, type EmbeddedStore } from './store.ts';

const T0 = Date.UTC(2026, 2, 1);
const HOUR = 3_600_000;

function events(n: number, seed: number): LogEvent[] {
  let x = seed;
  const rand = (k: number) => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x % k;
  };
  return Array.from({ length: n }, (_, i) => {
    const doc: Record<string, unknown> = {
      // a quarter on a minute's first millisecond, where whole minutes and edges meet
      '@timestamp': new Date(T0 + (rand(4) === 0 ? rand(360) * 60_000 : rand(6 * HOUR))).toISOString(),
      message: `request ${rand(5)}`,
      log: { level: ['info', 'warn', 'error', 'debug'][rand(4)] },
      http: { response: { status_code: [200, 404, 500, 503][rand(4)] } },
      ok: rand(2) === 0,
    };
    if (rand(5) === 0) delete (doc.log as Record<string, unknown>).level; // missing values
    if (rand(7) === 0) doc.host = { name: `h${rand(3)}` }; // a field that appears later
    return { id: `s${seed}-${i}`, doc } as LogEvent;
  });
}

/**
 * The same writes to two stores: one reading the rollups, one with them off (`plain: ['rollups']`:
 * the same facets read from the events, the oracle). Both keep rollups up to date on load.
 */
async function pair(file: string) {
  const open = () =>
    Promise.all([
      createEmbeddedStore({ path: file }),
      createEmbeddedStore({ path: `${file}.plain`, plain: ['rollups'] }),
    ]);
  let [store, plain] = await open();
  return {
    write: async (batch: LogEvent[]) => {
      await store.write(batch);
      await plain.write(batch);
    },
    deleteOlderThan: async (cutoff: number) => {
      expect(await store.deleteOlderThan(cutoff)).toBe(await plain.deleteOlderThan(cutoff));
    },
    reopen: async () => {
      await Promise.all([store.close(), plain.close()]);
      [store, plain] = await open();
    },
    /** The answer with the rollups, and by the plain path. */
    both: async (request: AggregateRequest) => ({
      rolled: await store.aggregate(request),
      raw: await plain.aggregate(request),
    }),
    get store(): EmbeddedStore {
      return store;
    },
    close: () => Promise.all([store.close(), plain.close()]),
  };
}

/** Fields left out of the rollups of a database file (closed). */
async function skipped(file: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll('SELECT field FROM _rollup_skip ORDER BY field'))
      .getRowObjectsJS()
      .map((r) => String(r.field));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

describe('rollups', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-rollups-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('give the same facets as the events, for any time range, interval and size', async () => {
    const stores = await pair(path.join(dir, 'a.duckdb'));
    for (let w = 0; w < 4; w++) await stores.write(events(3000, w + 1));
    const request = fc.record({
      from: fc
        .oneof(
          fc.integer({ min: -HOUR, max: 6 * HOUR }),
          fc.integer({ min: -60, max: 360 }).map((m) => m * 60_000),
        )
        .map((t) => T0 + t),
      span: fc.oneof(
        fc.integer({ min: 1, max: 7 * HOUR }),
        fc.integer({ min: 1, max: 420 }).map((m) => m * 60_000),
      ),
      interval: fc.constantFrom(60_000, 300_000, 1_800_000, 30_000, undefined),
      size: fc.integer({ min: 1, max: 5 }),
      split: fc.constantFrom('log.level', 'http.response.status_code', 'ok', undefined),
    });
    let usedRollups = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ from, span, interval, size, split }) => {
        const req: AggregateRequest = {
          query: '',
          from,
          to: from + span,
          aggs: {
            n: { type: 'count' },
            hist: {
              type: 'date_histogram',
              ...(interval ? { intervalMs: interval } : {}),
              ...(split ? { split: { field: split, size } } : {}),
            },
            level: { type: 'terms', field: 'log.level', size },
            status: { type: 'terms', field: 'http.response.status_code', size },
            ok: { type: 'terms', field: 'ok', size },
            host: { type: 'terms', field: 'host.name', size },
          },
        };
        const { rolled, raw } = await stores.both(req);
        expect(rolled).toEqual(raw);
        const hist = raw.hist as { intervalMs: number };
        if (hist.intervalMs % 60_000 === 0) usedRollups++;
      }),
      { numRuns: 80 },
    );
    expect(usedRollups).toBeGreaterThan(20);
    await stores.close();
  });

  it('stay exact after retention cuts inside a minute, and after a reopen', async () => {
    const stores = await pair(path.join(dir, 'b.duckdb'));
    await stores.write(events(5000, 9));
    await stores.deleteOlderThan(T0 + HOUR + 12_345);
    await stores.reopen();
    const req: AggregateRequest = {
      query: '',
      from: T0,
      to: T0 + 6 * HOUR,
      aggs: { n: { type: 'count' }, hist: { type: 'date_histogram', split: { field: 'log.level', size: 3 } } },
    };
    const { rolled, raw } = await stores.both(req);
    expect(rolled).toEqual(raw);
    expect((rolled.n as { value: number }).value).toBe(await stores.store.count({ from: T0, to: T0 + 6 * HOUR }));
    await stores.close();
  });

  it('leave out a field with too many values per minute, and still answer for it', async () => {
    const file = path.join(dir, 'c.duckdb');
    const stores = await pair(file);
    const many = Array.from({ length: MAX_VALUES_PER_MINUTE + 5 }, (_, i) => ({
      id: `u${i}`,
      doc: { '@timestamp': new Date(T0 + i).toISOString(), user: { id: `user-${i}` }, log: { level: 'info' } },
    }));
    await stores.write(many);
    const req: AggregateRequest = {
      query: '',
      from: T0,
      to: T0 + HOUR,
      aggs: {
        users: { type: 'terms', field: 'user.id', size: 3 },
        level: { type: 'terms', field: 'log.level', size: 3 },
      },
    };
    const { rolled, raw } = await stores.both(req);
    expect(rolled).toEqual(raw);
    expect((raw.users as { other: number }).other).toBe(MAX_VALUES_PER_MINUTE + 2);
    await stores.close();
    expect(await skipped(file)).toEqual(['user.id']);
  });

  it('count every event once when more than 31 fields are rolled (the up --demo shape)', async () => {
    // Regression: the grouping sets were labelled by a JS bitmask (`1 << n`) that wraps past 31
    // columns, so match-all counts came out n times too high and top values far too low.
    const stores = await pair(path.join(dir, 'd.duckdb'));
    const sources = ['nginx', 'app', 'iot'];
    const docs = Array.from({ length: 3000 }, (_, i) => {
      const source = sources[i % 3] as string;
      const doc: Record<string, unknown> = {
        '@timestamp': new Date(T0 + i * 997).toISOString(),
        message: `event ${i}`,
        event: { dataset: source },
        host: { name: `${source}-${i % 2}` },
      };
      // each source has its own fields: 14 each, 45 rolled fields in all
      for (let f = 0; f < 14; f++) doc[`${source}_f${f}`] = `v${(i + f) % 4}`;
      return { id: `demo-${i}`, doc } as LogEvent;
    });
    for (let i = 0; i < docs.length; i += 500) await stores.write(docs.slice(i, i + 500));
    const req: AggregateRequest = {
      from: T0 - HOUR,
      to: T0 + 2 * HOUR,
      aggs: {
        n: { type: 'count' },
        hist: { type: 'date_histogram', intervalMs: 60_000, split: { field: 'log.level', size: 3 } },
        dataset: { type: 'terms', field: 'event.dataset', size: 5 },
        host: { type: 'terms', field: 'host.name', size: 10 },
      },
    };
    const { rolled, raw } = await stores.both(req);
    expect(rolled).toEqual(raw);
    expect(rolled.n).toEqual({ type: 'count', value: 3000 });
    expect(rolled.dataset).toEqual({
      type: 'terms',
      buckets: sources.map((key) => ({ key, count: 1000 })).sort((a, b) => a.key.localeCompare(b.key)),
      other: 0,
    });
    const bars = (rolled.hist as { buckets: Array<{ count: number }> }).buckets.reduce((s, b) => s + b.count, 0);
    expect(bars).toBe(3000);
    await stores.close();
  });
});
