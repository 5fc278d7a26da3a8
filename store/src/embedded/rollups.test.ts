import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
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

/** The store's answer with and without the rollups. */
async function both(store: EmbeddedStore, request: AggregateRequest) {
  const s = store as unknown as { rollupsReady: boolean };
  const rolled = await store.aggregate(request);
  s.rollupsReady = false;
  try {
    return { rolled, raw: await store.aggregate(request) };
  } finally {
    s.rollupsReady = true;
  }
}

describe('rollups', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-rollups-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('give the same facets as the events, for any time range, interval and size', async () => {
    const store = await createEmbeddedStore({ path: path.join(dir, 'a.duckdb') });
    for (let w = 0; w < 4; w++) await store.write(events(3000, w + 1));
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
        const { rolled, raw } = await both(store, req);
        expect(rolled).toEqual(raw);
        const hist = raw.hist as { intervalMs: number };
        if (hist.intervalMs % 60_000 === 0) usedRollups++;
      }),
      { numRuns: 80 },
    );
    expect(usedRollups).toBeGreaterThan(20);
    await store.close();
  });

  it('stay exact after retention cuts inside a minute, and after a reopen', async () => {
    const file = path.join(dir, 'b.duckdb');
    let store = await createEmbeddedStore({ path: file });
    await store.write(events(5000, 9));
    await store.deleteOlderThan(T0 + HOUR + 12_345);
    await store.close();
    store = await createEmbeddedStore({ path: file });
    const req: AggregateRequest = {
      query: '',
      from: T0,
      to: T0 + 6 * HOUR,
      aggs: { n: { type: 'count' }, hist: { type: 'date_histogram', split: { field: 'log.level', size: 3 } } },
    };
    const { rolled, raw } = await both(store, req);
    expect(rolled).toEqual(raw);
    expect((rolled.n as { value: number }).value).toBe(await store.count({ from: T0, to: T0 + 6 * HOUR }));
    await store.close();
  });

  it('leave out a field with too many values per minute, and still answer for it', async () => {
    const store = await createEmbeddedStore({ path: path.join(dir, 'c.duckdb') });
    const many = Array.from({ length: MAX_VALUES_PER_MINUTE + 5 }, (_, i) => ({
      id: `u${i}`,
      doc: { '@timestamp': new Date(T0 + i).toISOString(), user: { id: `user-${i}` }, log: { level: 'info' } },
    }));
    await store.write(many);
    await store.flush();
    expect((store as unknown as { rollupSkip: Set<string> }).rollupSkip.has('user.id')).toBe(true);
    const req: AggregateRequest = {
      query: '',
      from: T0,
      to: T0 + HOUR,
      aggs: {
        users: { type: 'terms', field: 'user.id', size: 3 },
        level: { type: 'terms', field: 'log.level', size: 3 },
      },
    };
    const { rolled, raw } = await both(store, req);
    expect(rolled).toEqual(raw);
    expect((raw.users as { other: number }).other).toBe(MAX_VALUES_PER_MINUTE + 2);
    await store.close();
  });

  it('count every event once when more than 31 fields are rolled (the up --demo shape)', async () => {
    // Regression: the grouping sets were labelled by a JS bitmask (`1 << n`) that wraps past 31
    // columns, so match-all counts came out n times too high and top values far too low.
    const store = await createEmbeddedStore({ path: path.join(dir, 'd.duckdb') });
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
    for (let i = 0; i < docs.length; i += 500) await store.write(docs.slice(i, i + 500));
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
    const { rolled, raw } = await both(store, req);
    expect(rolled).toEqual(raw);
    expect(rolled.n).toEqual({ type: 'count', value: 3000 });
    expect(rolled.dataset).toEqual({
      type: 'terms',
      buckets: sources.map((key) => ({ key, count: 1000 })).sort((a, b) => a.key.localeCompare(b.key)),
      other: 0,
    });
    const bars = (rolled.hist as { buckets: Array<{ count: number }> }).buckets.reduce((s, b) => s + b.count, 0);
    expect(bars).toBe(3000);
    await store.close();
  });
});
