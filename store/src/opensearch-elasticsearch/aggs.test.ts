import type { FieldType } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { compileAgg, needsBounds, percentKey, readTerms } from './aggs.ts';

const types: Record<string, FieldType> = {
  'log.level': 'keyword',
  x: 'double',
  ip: 'ip',
  message: 'text',
  n: 'long',
  flag: 'boolean',
  '@timestamp': 'date',
};
const ctx = { typeOf: (f: string) => types[f], engine: 'opensearch' as const };
const HOUR = 3_600_000;

describe('compileAgg', () => {
  it('count reads the total', () => {
    const agg = compileAgg('a0', { type: 'count' }, ctx);
    expect(agg.request).toEqual({});
    expect(agg.read({}, 42)).toEqual({ type: 'count', value: 42 });
  });

  it('terms: count desc then key asc, a large shard_size, other from sum_other_doc_count', () => {
    const agg = compileAgg('a0', { type: 'terms', field: 'log.level', size: 2 }, ctx);
    expect(agg.request).toEqual({
      a0: {
        terms: { field: 'log.level', size: 2, shard_size: 10_000, order: [{ _count: 'desc' }, { _key: 'asc' }] },
      },
    });
    const read = agg.read(
      {
        a0: {
          buckets: [
            { key: 'error', doc_count: 5 },
            { key: 'info', doc_count: 5 },
          ],
          sum_other_doc_count: 3,
        },
      },
      13,
    );
    expect(read).toEqual({
      type: 'terms',
      buckets: [
        { key: 'error', count: 5 },
        { key: 'info', count: 5 },
      ],
      other: 3,
    });
  });

  it('terms keys: numbers stay numbers, booleans are "true"/"false"', () => {
    expect(readTerms({ buckets: [{ key: 200, doc_count: 1 }] }, 5, 'long').buckets).toEqual([{ key: 200, count: 1 }]);
    expect(readTerms({ buckets: [{ key: 1, key_as_string: 'true', doc_count: 2 }] }, 5, 'boolean').buckets).toEqual([
      { key: 'true', count: 2 },
    ]);
    expect(readTerms(undefined, 5, 'keyword')).toEqual({ buckets: [], other: 0 });
  });

  it('refuses to aggregate a text field', () => {
    expect(() => compileAgg('a0', { type: 'terms', field: 'message', size: 5 }, ctx)).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID' }),
    );
    expect(() =>
      compileAgg('a0', { type: 'date_histogram', split: { field: 'message', size: 3 } }, { ...ctx, from: 0, to: 1 }),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('metrics are null without values, sum is 0', () => {
    for (const type of ['min', 'max', 'avg'] as const) {
      const agg = compileAgg('a0', { type, field: 'n' }, ctx);
      expect(agg.read({ a0: { value: null }, a0_n: { value: 0 } }, 0)).toEqual({ type, value: null });
      expect(agg.read({ a0: { value: 4 }, a0_n: { value: 2 } }, 2)).toEqual({ type, value: 4 });
    }
    const sum = compileAgg('a0', { type: 'sum', field: 'n' }, ctx);
    expect(sum.read({ a0: { value: 0 }, a0_n: { value: 0 } }, 0)).toEqual({ type: 'sum', value: 0 });
  });

  it('cardinality asks for precision_threshold 40000', () => {
    const agg = compileAgg('a0', { type: 'cardinality', field: 'log.level' }, ctx);
    expect(agg.request).toEqual({ a0: { cardinality: { field: 'log.level', precision_threshold: 40_000 } } });
    expect(agg.read({ a0: { value: 7 } }, 9)).toEqual({ type: 'cardinality', value: 7 });
  });

  it('percentiles: t-digest compression 1000, keys as given', () => {
    const agg = compileAgg('a0', { type: 'percentiles', field: 'n', percents: [50, 95, 99.9] }, ctx);
    expect(agg.request).toEqual({
      a0: { percentiles: { field: 'n', percents: [50, 95, 99.9], keyed: false, tdigest: { compression: 1000 } } },
    });
    const es = compileAgg(
      'a0',
      { type: 'percentiles', field: 'n', percents: [50] },
      { ...ctx, engine: 'elasticsearch' },
    );
    expect((es.request.a0 as { percentiles: { tdigest: unknown } }).percentiles.tdigest).toEqual({
      compression: 1000,
      execution_hint: 'high_accuracy',
    });
    const read = agg.read(
      {
        a0: {
          values: [
            { key: 50, value: 10 },
            { key: 95, value: 19 },
            { key: 99.9, value: null },
          ],
        },
      },
      20,
    );
    expect(read).toEqual({ type: 'percentiles', values: { '50': 10, '95': 19, '99.9': null } });
    expect(percentKey(99.9)).toBe('99.9');
  });

  it('date_histogram: fixed interval in ms, zero-filled from `from` to `to`, split by terms', () => {
    const from = 10 * HOUR + 5;
    const to = 14 * HOUR;
    const agg = compileAgg(
      'a0',
      { type: 'date_histogram', intervalMs: HOUR, split: { field: 'log.level', size: 1 } },
      { ...ctx, from, to },
    );
    expect(agg.request.a0).toMatchObject({
      date_histogram: {
        field: '@timestamp',
        fixed_interval: `${HOUR}ms`,
        min_doc_count: 0,
        extended_bounds: { min: from, max: to - 1 },
      },
      aggs: { split: { terms: { field: 'log.level', size: 1 } } },
    });
    const read = agg.read(
      {
        a0: {
          buckets: [
            {
              key: 11 * HOUR,
              doc_count: 3,
              split: { buckets: [{ key: 'warn', doc_count: 2 }], sum_other_doc_count: 1 },
            },
          ],
        },
      },
      3,
    );
    expect(read).toEqual({
      type: 'date_histogram',
      intervalMs: HOUR,
      buckets: [
        { key: 10 * HOUR, count: 0, split: { buckets: [], other: 0 } },
        { key: 11 * HOUR, count: 3, split: { buckets: [{ key: 'warn', count: 2 }], other: 1 } },
        { key: 12 * HOUR, count: 0, split: { buckets: [], other: 0 } },
        { key: 13 * HOUR, count: 0, split: { buckets: [], other: 0 } },
      ],
    });
  });

  it('date_histogram without a range and without data has no buckets', () => {
    const agg = compileAgg('a0', { type: 'date_histogram', intervalMs: HOUR }, ctx);
    expect(agg.request).toEqual({});
    expect(agg.read({}, 0)).toEqual({ type: 'date_histogram', intervalMs: HOUR, buckets: [] });
    expect(needsBounds({ h: { type: 'date_histogram' } })).toBe(true);
    expect(needsBounds({ h: { type: 'date_histogram' } }, 1, 2)).toBe(false);
    expect(needsBounds({ c: { type: 'count' } })).toBe(false);
  });
});

describe('compileAgg: issue #17 flat aggregations', () => {
  it('last_value: the newest hit that has the field (id ascending on ties), typed by the catalogue', () => {
    const agg = compileAgg('a0', { type: 'last_value', field: 'n' }, ctx);
    expect(agg.request).toEqual({
      a0: {
        filter: { exists: { field: 'n' } },
        aggs: {
          top: {
            top_hits: {
              size: 1,
              sort: [{ '@timestamp': { order: 'desc' } }, { 'driftwood.id': { order: 'asc' } }],
              _source: { includes: ['n'] },
            },
          },
        },
      },
    });
    const hit = (source: unknown) => ({
      a0: { top: { hits: { hits: source === undefined ? [] : [{ _source: source }] } } },
    });
    expect(agg.read(hit({ n: '42' }), 1)).toEqual({ type: 'last_value', value: 42 });
    expect(agg.read(hit(undefined), 0)).toEqual({ type: 'last_value', value: null });
    const date = compileAgg('a0', { type: 'last_value', field: '@timestamp' }, ctx);
    expect(date.read(hit({ '@timestamp': '2026-05-01T00:00:00.000Z' }), 1)).toEqual({
      type: 'last_value',
      value: Date.parse('2026-05-01T00:00:00.000Z'),
    });
    const flag = compileAgg('a0', { type: 'last_value', field: 'flag' }, ctx);
    expect(flag.read(hit({ flag: 'true' }), 1)).toEqual({ type: 'last_value', value: true });
    const level = compileAgg('a0', { type: 'last_value', field: 'log.level' }, ctx);
    expect(level.read(hit({ log: { level: ['warn'] } }), 1)).toEqual({ type: 'last_value', value: 'warn' });
    expect(level.read(hit({ log: { level: ['warn', 'error'] } }), 1)).toEqual({
      type: 'last_value',
      value: ['warn', 'error'],
    });
    expect(() => compileAgg('a0', { type: 'last_value', field: 'message' }, ctx)).toThrow(/text field/);
  });

  it('histogram: non-empty buckets of floor(value / interval) * interval; numbers only', () => {
    const agg = compileAgg('a0', { type: 'histogram', field: 'x', interval: 2.5 }, ctx);
    expect(agg.request).toEqual({ a0: { histogram: { field: 'x', interval: 2.5, min_doc_count: 1 } } });
    expect(
      agg.read(
        {
          a0: {
            buckets: [
              { key: -5, doc_count: 2 },
              { key: -2.5, doc_count: 0 },
              { key: 0, doc_count: 1 },
            ],
          },
        },
        3,
      ),
    ).toEqual({
      type: 'histogram',
      interval: 2.5,
      buckets: [
        { key: -5, count: 2 },
        { key: 0, count: 1 },
      ],
    });
    expect(() => compileAgg('a0', { type: 'histogram', field: 'ip', interval: 1 }, ctx)).toThrow(/not a number/);
    expect(() => compileAgg('a0', { type: 'histogram', field: 'x', interval: 0 }, ctx)).toThrow(/positive/);
  });

  it('median and filters are answered by the shared layer, never compiled', () => {
    expect(() => compileAgg('a0', { type: 'median', field: 'x' }, ctx)).toThrow(/nested-aggs/);
  });
});

describe('compileAgg: metrics per date histogram bucket', () => {
  const range = { ...ctx, from: 0, to: 2 * HOUR };
  it('asks sum and median as sub-aggregations and reads them per bucket, empty buckets included', () => {
    const agg = compileAgg(
      'a0',
      {
        type: 'date_histogram',
        intervalMs: HOUR,
        aggs: { s: { type: 'sum', field: 'n' }, m: { type: 'median', field: 'n' } },
      },
      range,
    );
    const histogram = agg.request.a0 as { aggs?: Record<string, unknown> };
    expect(Object.keys(histogram.aggs ?? {}).sort()).toEqual(['m0', 'm0_n', 'm1']);
    const read = agg.read(
      {
        a0: {
          buckets: [
            { key: 0, doc_count: 2, m0: { value: 5 }, m0_n: { value: 2 }, m1: { values: [{ key: 50, value: 2.5 }] } },
          ],
        },
      },
      2,
    );
    expect(read).toEqual({
      type: 'date_histogram',
      intervalMs: HOUR,
      buckets: [
        { key: 0, count: 2, aggs: { s: { type: 'sum', value: 5 }, m: { type: 'median', value: 2.5 } } },
        { key: HOUR, count: 0, aggs: { s: { type: 'sum', value: 0 }, m: { type: 'median', value: null } } },
      ],
    });
  });

  it('leaves cardinality to the shared layer (exact only by paging): no sub-aggregations asked', () => {
    const agg = compileAgg(
      'a0',
      { type: 'date_histogram', intervalMs: HOUR, aggs: { u: { type: 'cardinality', field: 'log.level' } } },
      range,
    );
    expect((agg.request.a0 as { aggs?: unknown }).aggs).toBeUndefined();
  });
});
