import type { LogEvent } from '@driftwood/core';
import { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedStore } from './store.ts';
import { createEmbeddedStore } from './store.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const range = { from: T0, to: T0 + 3_600_000 };

function events(n: number): LogEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `e${i}`,
    doc: {
      '@timestamp': new Date(T0 + i * 1000).toISOString(),
      message: i % 3 === 0 ? `connection refused ${i}` : `request ok ${i}`,
      log: { level: i % 4 === 0 ? 'error' : 'info' },
      http: { response: { status_code: i % 5 === 0 ? 500 : 200 } },
    },
  }));
}

describe('search beside an aggregation of the same filter', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    await store.write(events(1000));
  });
  afterAll(() => store.close());

  it('takes its total from the facet query instead of counting again', async () => {
    const query = 'refused and log.level:error';
    const expected = await store.count({ query, ...range });
    const spy = vi.spyOn(DuckDBConnection.prototype, 'runAndReadAll');
    try {
      const [found, aggs] = await Promise.all([
        store.search({ query, ...range, size: 10 }),
        store.aggregate({
          query,
          ...range,
          aggs: { hist: { type: 'date_histogram' }, levels: { type: 'terms', field: 'log.level', size: 3 } },
        }),
      ]);
      expect(found.total).toBe(expected);
      expect(found.hits).toHaveLength(10);
      expect(aggs.levels).toEqual({ type: 'terms', buckets: [{ key: 'error', count: expected }], other: 0 });
      const counts = spy.mock.calls.filter(([sql]) => String(sql).startsWith('SELECT count(*)'));
      expect(counts).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('counts by itself when the aggregation has no facet query or fails', async () => {
    const query = 'http.response.status_code >= 500';
    const expected = await store.count({ query, ...range });
    const [found] = await Promise.all([
      store.search({ query, ...range, size: 5 }),
      store.aggregate({
        query,
        ...range,
        aggs: { p: { type: 'percentiles', field: 'http.response.status_code', percents: [50] } },
      }),
    ]);
    expect(found.total).toBe(expected);
    const [again, failed] = await Promise.allSettled([
      store.search({ query, ...range, size: 0 }),
      store.aggregate({ query, ...range, aggs: { bad: { type: 'terms', field: 'message', size: 3 } } }),
    ]);
    expect(failed.status).toBe('rejected');
    expect(again).toEqual({ status: 'fulfilled', value: { total: expected, hits: [] } });
  });
});
