import { DOUBLE } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paramTypes } from './context.ts';
import { createEmbeddedStore, type EmbeddedStore } from './store.ts';

describe('paramTypes', () => {
  it('binds a whole number past 2^53 as a double, and leaves the rest to the client', () => {
    expect(paramTypes(['a', 1, true, 2 ** 40, -0.25])).toBeUndefined();
    expect(paramTypes([1.5e300, 'x', 2 ** 53 - 1, -(2 ** 64)])).toEqual([DOUBLE, undefined, undefined, DOUBLE]);
  });
});

describe('reads over numbers past the int64 range', () => {
  let store: EmbeddedStore;
  const t = Date.parse('2026-12-01T00:00:00Z');
  beforeEach(async () => {
    store = await createEmbeddedStore({ path: ':memory:', plain: true });
    const values = [2 ** 53 - 1, -1, 0, 1.5e300, -0.25, 3];
    await store.write(
      values.map((big, i) => ({
        id: `e${i}`,
        doc: { '@timestamp': new Date(t + i * 1000).toISOString(), message: 'm', big },
      })),
    );
    await store.flush();
  });
  afterEach(async () => store.close());

  it('a range query and a histogram with metrics below answer instead of failing on the bound', async () => {
    expect(await store.count({ query: 'big >= 1e300' })).toBe(1);
    expect(await store.count({ query: 'big < 1e300' })).toBe(5);
    const out = await store.aggregate({
      aggs: { h: { type: 'histogram', field: 'big', interval: 1000, aggs: { n: { type: 'count' } } } },
    });
    const h = out.h;
    if (h?.type !== 'histogram') throw new Error('no histogram');
    // the interval widens until the range fits; each bucket's count below is its own count
    expect(h.buckets.reduce((sum, b) => sum + b.count, 0)).toBe(6);
    for (const b of h.buckets) expect(b.aggs?.n).toEqual({ type: 'count', value: b.count });
  });
});
