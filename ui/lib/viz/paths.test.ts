import { describe, expect, it } from 'vitest';
import { bucketPaths, cellValue, metricColumns } from './paths.ts';
import { count, levelsOverTime, MIN, T0 } from './testdata.ts';

describe('bucketPaths', () => {
  it('walks nested buckets: one path per innermost bucket, (missing) when not empty, Other last', () => {
    const { panel, aggs } = levelsOverTime;
    const paths = bucketPaths(panel.data.buckets, aggs);
    expect(paths.map((p) => [p.steps.map((s) => `${s.kind}:${s.label}`), p.count])).toEqual([
      [['date:2026-01-01T00:01:00.000Z', 'term:info'], 4],
      [['date:2026-01-01T00:01:00.000Z', 'missing:(missing)'], 2],
      [['date:2026-01-01T00:01:00.000Z', 'other:Other'], 3],
      [['date:2026-01-01T00:00:00.000Z', 'term:error'], 6],
      [['date:2026-01-01T00:00:00.000Z', 'term:info'], 3],
      [['date:2026-01-01T00:00:00.000Z', 'other:Other'], 1],
    ]);
    expect(paths[0]?.steps[0]?.end).toBe(T0 + 2 * MIN);
    expect(paths[2]?.metrics).toBeUndefined();
  });

  it('leaves Other out when the bucket does not ask for it', () => {
    const buckets = [{ type: 'terms' as const, field: 'host.name', size: 1 }];
    const paths = bucketPaths(buckets, {
      b0: { type: 'terms', buckets: [{ key: 'a', count: 2, aggs: { c: count(2) } }], other: 5 },
    });
    expect(paths.map((p) => p.steps[0]?.label)).toEqual(['a']);
  });

  it('reads filters and numeric histogram buckets, and the top level without buckets', () => {
    const paths = bucketPaths([{ type: 'histogram', field: 'bytes', interval: 100 }], {
      b0: { type: 'histogram', interval: 200, buckets: [{ key: 0, count: 1, aggs: { c: count(1) } }] },
    });
    expect(paths[0]?.steps[0]).toMatchObject({ kind: 'range', key: 0, end: 200, label: '0 – 200' });
    const top = bucketPaths([], { c: count(7) });
    expect(top).toEqual([{ steps: [], count: 7, metrics: { c: count(7) } }]);
  });
});

describe('metric columns', () => {
  it('gives one column per percent and reads each', () => {
    const cols = metricColumns([
      { id: 'lat', type: 'percentiles', field: 'event.duration', percents: [50, 95] },
      { id: 'n', type: 'count', label: 'Requests' },
      { id: 'v', type: 'last_value', field: 'tags' },
    ]);
    expect(cols.map((c) => [c.key, c.label])).toEqual([
      ['lat:p50', 'p50 of event.duration'],
      ['lat:p95', 'p95 of event.duration'],
      ['n', 'Requests'],
      ['v', 'Last of tags'],
    ]);
    const path = {
      steps: [],
      count: 3,
      metrics: {
        lat: { type: 'percentiles' as const, values: { '50': 10, '95': 90 } },
        v: { type: 'last_value' as const, value: ['a', 'b'] },
      },
    };
    expect(cols.map((c) => cellValue(path, c))).toEqual([10, 90, 3, 'a, b']);
  });

  it('gives an Other bucket its count and no other values', () => {
    const cols = metricColumns([
      { id: 'n', type: 'count' },
      { id: 'avg', type: 'avg', field: 'x' },
    ]);
    const other = { steps: [], count: 12 };
    expect(cols.map((c) => cellValue(other, c))).toEqual([12, null]);
  });
});
