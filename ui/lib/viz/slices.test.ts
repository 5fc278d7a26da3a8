import { describe, expect, it } from 'vitest';
import { pieSlices } from './slices.ts';
import { count, panel } from './testdata.ts';

describe('pieSlices', () => {
  it('gives a slice per bucket with its share, level colours, (missing) and Other, no empty ones', () => {
    const p = panel({
      type: 'donut',
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [{ type: 'terms', field: 'log.level', size: 3, other: true, missing: true }],
      },
    });
    const slices = pieSlices(p, {
      b0: {
        type: 'terms',
        buckets: [
          { key: 'info', count: 50, aggs: { count: count(50) } },
          { key: 'error', count: 25, aggs: { count: count(25) } },
          { key: 'debug', count: 0, aggs: { count: count(0) } },
        ],
        other: 15,
        missing: { count: 10, aggs: { count: count(10) } },
      },
    });
    expect(slices.map((s) => [s.label, s.value, s.percent, s.color])).toEqual([
      ['info', 50, 50, '#54b399'],
      ['error', 25, 25, '#e7664c'],
      ['(missing)', 10, 10, 'var(--viz-missing)'],
      ['Other', 15, 15, 'var(--viz-other)'],
    ]);
  });

  it('uses the palette for other fields', () => {
    const p = panel({
      type: 'pie',
      data: {
        metrics: [{ id: 'b', type: 'sum', field: 'bytes' }],
        buckets: [{ type: 'terms', field: 'host.name', size: 2 }],
      },
    });
    const slices = pieSlices(p, {
      b0: {
        type: 'terms',
        buckets: [
          { key: 'a', count: 1, aggs: { b: { type: 'sum', value: 30 } } },
          { key: 'b', count: 1, aggs: { b: { type: 'sum', value: 10 } } },
        ],
        other: 0,
      },
    });
    expect(slices.map((s) => [s.label, s.percent, s.color])).toEqual([
      ['a', 75, 'var(--viz-1)'],
      ['b', 25, 'var(--viz-2)'],
    ]);
  });
});
