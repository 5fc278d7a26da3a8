import { isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import type { AggregateRequest, AggregationResult, AggregationSpec } from './contract.ts';
import { aggregateNested, checkAggs, parseTimeShift } from './nested-aggs.ts';

/** What a backend was asked, and a fixed answer per flat spec type. */
function recorder() {
  const asked: AggregateRequest[] = [];
  const flat = async (request: AggregateRequest): Promise<Record<string, AggregationResult>> => {
    asked.push(request);
    const out: Record<string, AggregationResult> = {};
    for (const [name, spec] of Object.entries(request.aggs)) {
      if (spec.type === 'count') out[name] = { type: 'count', value: 3 };
      else if (spec.type === 'percentiles') out[name] = { type: 'percentiles', values: { '50': 1.5 } };
      else if (spec.type === 'terms') out[name] = { type: 'terms', buckets: [{ key: 'a b*', count: 2 }], other: 1 };
      else if (spec.type === 'histogram')
        out[name] = {
          type: 'histogram',
          interval: spec.interval,
          buckets: [
            { key: -2 * spec.interval, count: 1 },
            { key: spec.interval, count: 2 },
          ],
        };
      else out[name] = { type: 'sum', value: 7 };
    }
    return out;
  };
  return { asked, flat };
}

describe('parseTimeShift', () => {
  it('reads s, m, h, d, w and refuses anything else', () => {
    expect(parseTimeShift('1d')).toBe(86_400_000);
    expect(parseTimeShift('2w')).toBe(2 * 604_800_000);
    expect(parseTimeShift('30m')).toBe(1_800_000);
    for (const bad of ['', '1', 'd', '1y', '-1d', '1.5h']) {
      expect(
        isDriftwoodError(
          (() => {
            try {
              parseTimeShift(bad);
            } catch (e) {
              return e;
            }
          })(),
          'INPUT_INVALID',
        ),
        bad,
      ).toBe(true);
    }
  });
});

describe('checkAggs', () => {
  const level = (sub?: Record<string, AggregationSpec>): AggregationSpec => ({
    type: 'terms',
    field: 'f',
    size: 1,
    ...(sub ? { aggs: sub } : {}),
  });
  it('takes three levels of buckets with metrics under the third, refuses a fourth', () => {
    expect(() => checkAggs({ a: level({ b: level({ c: level({ m: { type: 'count' } }) }) }) })).not.toThrow();
    expect(() => checkAggs({ a: level({ b: level({ c: level({ d: level() }) }) }) })).toThrow(/at most 3/);
  });
  it('refuses sub-aggregations under a metric and a bad histogram interval', () => {
    expect(() => checkAggs({ a: { type: 'count', aggs: {} } as unknown as AggregationSpec })).toThrow(
      /no sub-aggregations/,
    );
    expect(() => checkAggs({ h: { type: 'histogram', field: 'x', interval: -1 } })).toThrow(/positive/);
    expect(() => checkAggs({ f: { type: 'filters', filters: [] } })).toThrow(/at least one/);
  });
});

describe('aggregateNested', () => {
  it('passes a flat request through unchanged, the time shifted', async () => {
    const { asked, flat } = recorder();
    const aggs: Record<string, AggregationSpec> = { n: { type: 'count' }, t: { type: 'terms', field: 'f', size: 2 } };
    await aggregateNested({ from: 86_400_000, to: 2 * 86_400_000, timeShift: '1d', aggs }, flat);
    expect(asked).toEqual([{ query: undefined, from: 0, to: 86_400_000, aggs }]);
  });

  it('median is percentile 50; a terms bucket narrows by an exact match of its key', async () => {
    const { asked, flat } = recorder();
    const out = await aggregateNested(
      {
        query: 'x:1',
        aggs: { t: { type: 'terms', field: 'f', size: 1, missing: true, aggs: { m: { type: 'median', field: 'v' } } } },
      },
      flat,
    );
    expect(out.t).toEqual({
      type: 'terms',
      buckets: [{ key: 'a b*', count: 2, aggs: { m: { type: 'median', value: 1.5 } } }],
      other: 1,
      missing: { count: 3, aggs: { m: { type: 'median', value: 1.5 } } },
    });
    expect(asked[1]?.query).toEqual({
      type: 'and',
      children: [
        { type: 'match', field: 'f', value: { kind: 'term', text: 'a b*', wildcard: false } },
        { type: 'match', field: 'x', value: { kind: 'term', text: '1', wildcard: false } },
      ],
    });
    expect(asked[1]?.aggs).toEqual({ m: { type: 'percentiles', field: 'v', percents: [50] } });
    expect((asked[2]?.query as { children?: unknown[] } | undefined)?.children?.[0]).toEqual({
      type: 'not',
      child: { type: 'exists', field: 'f' },
    });
  });

  it('fills a numeric histogram between its first and last bucket', async () => {
    const { flat } = recorder();
    const out = await aggregateNested({ aggs: { h: { type: 'histogram', field: 'v', interval: 0.5 } } }, flat);
    expect(out.h).toEqual({
      type: 'histogram',
      interval: 0.5,
      buckets: [
        { key: -1, count: 1 },
        { key: -0.5, count: 0 },
        { key: 0, count: 0 },
        { key: 0.5, count: 2 },
      ],
    });
  });

  it('a histogram whose bucket numbers pass 2^53 keeps the backend buckets (its fill never ended)', async () => {
    // one bucket at 1.5e300 with interval 1000: bucket number 1.5e297, where n + 1 === n
    const flat = async (): Promise<Record<string, AggregationResult>> => ({
      h: { type: 'histogram', interval: 1000, buckets: [{ key: 1.5e300, count: 4 }] },
    });
    const out = await aggregateNested({ aggs: { h: { type: 'histogram', field: 'big', interval: 1000 } } }, flat);
    expect(out.h).toEqual({ type: 'histogram', interval: 1000, buckets: [{ key: 1.5e300, count: 4 }] });
  });

  it('a filters bucket with a bad KQL is KQL_SYNTAX before the backend is asked', async () => {
    const { asked, flat } = recorder();
    const error = await aggregateNested(
      { aggs: { f: { type: 'filters', filters: [{ key: 'k', query: 'a:(b' }] } } },
      flat,
    ).catch((e: unknown) => e);
    expect(isDriftwoodError(error, 'KQL_SYNTAX')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('asks the sub-aggregations of empty date histogram buckets once, and of each other bucket', async () => {
    const asked: AggregateRequest[] = [];
    const flat = async (request: AggregateRequest): Promise<Record<string, AggregationResult>> => {
      asked.push(request);
      if (request.aggs.h)
        return {
          h: {
            type: 'date_histogram',
            intervalMs: 10,
            buckets: [0, 10, 20, 30, 40].map((key) => ({ key, count: key === 20 ? 5 : 0 })),
          },
        };
      return { s: { type: 'sum', value: request.from === 20 ? 9 : 0 } };
    };
    const out = await aggregateNested(
      {
        from: 0,
        to: 50,
        aggs: { h: { type: 'date_histogram', intervalMs: 10, aggs: { s: { type: 'sum', field: 'v' } } } },
      },
      flat,
    );
    expect(asked.map((r) => [r.from, r.to])).toEqual([
      [0, 50],
      [0, 10],
      [20, 30],
    ]);
    const buckets = out.h?.type === 'date_histogram' ? out.h.buckets : [];
    expect(buckets.map((b) => [b.key, b.count, b.aggs?.s])).toEqual(
      [0, 10, 20, 30, 40].map((key) => [key, key === 20 ? 5 : 0, { type: 'sum', value: key === 20 ? 9 : 0 }]),
    );
  });
});

describe('counts below buckets', () => {
  it('answers them with the bucket counts: the backend gets one flat request, the answer its counts in order', async () => {
    const { asked, flat } = recorder();
    const request: AggregateRequest = {
      aggs: {
        top: {
          type: 'terms',
          field: 'url',
          size: 5,
          aggs: { n: { type: 'count' }, s: { type: 'sum', field: 'bytes' } },
        },
        pie: { type: 'terms', field: 'dataset', size: 5, aggs: { n: { type: 'count' } } },
      },
    };
    const answer = await aggregateNested(request, flat);
    // `pie` needs nothing but its buckets; `top` asks its sum per bucket, never a count
    expect(asked[0]?.aggs).toEqual({
      top: { type: 'terms', field: 'url', size: 5, aggs: { s: { type: 'sum', field: 'bytes' } } },
      pie: { type: 'terms', field: 'dataset', size: 5 },
    });
    expect(asked.flatMap((r) => Object.values(r.aggs)).some((s) => s.type === 'count')).toBe(false);
    expect(answer.pie).toEqual({
      type: 'terms',
      buckets: [{ key: 'a b*', count: 2, aggs: { n: { type: 'count', value: 2 } } }],
      other: 1,
    });
    const top = answer.top as Extract<AggregationResult, { type: 'terms' }>;
    expect(Object.keys(top.buckets[0]?.aggs ?? {})).toEqual(['n', 's']);
    expect(top.buckets[0]?.aggs?.n).toEqual({ type: 'count', value: 2 });
  });

  it('asks them as sub-aggregations when told not to (the embedded plain path)', async () => {
    const { asked, flat } = recorder();
    await aggregateNested(
      { aggs: { pie: { type: 'terms', field: 'd', size: 5, aggs: { n: { type: 'count' } } } } },
      flat,
      {
        bucketCounts: false,
      },
    );
    expect(asked[0]?.aggs.pie).toEqual({ type: 'terms', field: 'd', size: 5, aggs: { n: { type: 'count' } } });
  });
});
