import { describe, expect, it } from 'vitest';
import { dataset, totalRatio } from './dataset.ts';
import { count, errorRate, panel } from './testdata.ts';

describe('ratio panels', () => {
  it('divides the numerator bucket by the denominator per time bucket, × 100 for percent', () => {
    const d = dataset(errorRate.panel, errorRate.aggs);
    expect(d.columns.map((c) => c.key)).toEqual(['ratio']);
    expect(d.levels.map((l) => l.bucket.type)).toEqual(['date_histogram']);
    expect(d.rows.map((r) => r.values.ratio)).toEqual([5, 25, null]);
    expect(totalRatio(errorRate.panel, errorRate.aggs)).toBeCloseTo((35 / 300) * 100);
  });

  it('is a plain quotient without unit percent, and groups by the other levels', () => {
    const p = panel({
      type: 'table',
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [
          { type: 'terms', field: 'service.name', size: 5 },
          {
            type: 'filters',
            filters: [
              { key: 'errors', query: 'log.level:error' },
              { key: 'all', query: '' },
            ],
          },
        ],
      },
    });
    (p as { options?: unknown }).options = { ratio: { numerator: 'errors', denominator: 'all' } };
    const filters = (e: number, a: number) => ({
      b1: {
        type: 'filters' as const,
        buckets: [
          { key: 'errors', count: e, aggs: { count: count(e) } },
          { key: 'all', count: a, aggs: { count: count(a) } },
        ],
      },
    });
    const d = dataset(p, {
      b0: {
        type: 'terms',
        buckets: [
          { key: 'api', count: 10, aggs: filters(1, 10) },
          { key: 'web', count: 4, aggs: filters(0, 4) },
        ],
        other: 0,
      },
    });
    expect(d.rows.map((r) => [r.steps.map((s) => s.label), r.values.ratio])).toEqual([
      [['api'], 0.1],
      [['web'], 0],
    ]);
  });
});
