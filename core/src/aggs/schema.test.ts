import { describe, expect, it } from 'vitest';
import { aggregateRequestSchema } from './schema.ts';

const terms = (aggs?: Record<string, unknown>) => ({
  type: 'terms',
  field: 'host.name',
  size: 5,
  ...(aggs ? { aggs } : {}),
});

describe('aggregateRequestSchema', () => {
  it('takes every aggregation type, three levels of buckets and a time shift', () => {
    const request = {
      query: 'log.level:error',
      from: 0,
      to: 86_400_000,
      timeShift: '1w',
      aggs: {
        time: {
          type: 'date_histogram',
          aggs: {
            hosts: terms({
              f: {
                type: 'filters',
                filters: [{ key: 'slow', query: 'event.duration > 1000' }],
                aggs: {
                  med: { type: 'median', field: 'event.duration' },
                  last: { type: 'last_value', field: 'device.battery' },
                  p: { type: 'percentiles', field: 'event.duration', percents: [50, 99] },
                },
              },
            }),
          },
        },
        bytes: { type: 'histogram', field: 'http.response.body.bytes', interval: 0.5 },
        hosts: { type: 'terms', field: 'host.name', size: 3, missing: true },
      },
    };
    expect(aggregateRequestSchema.parse(request)).toEqual(request);
  });

  it('refuses a fourth level, unknown keys, bad intervals and shifts', () => {
    const deep = { aggs: { a: terms({ b: terms({ c: terms({ d: terms() }) }) }) } };
    expect(aggregateRequestSchema.safeParse(deep).error?.issues[0]?.message).toMatch(/at most 3 levels/);
    expect(aggregateRequestSchema.safeParse({ aggs: { a: terms({ b: terms({ c: terms() }) }) } }).success).toBe(true);
    expect(aggregateRequestSchema.safeParse({ aggs: { a: { type: 'count', field: 'x' } } }).success).toBe(false);
    expect(
      aggregateRequestSchema.safeParse({ aggs: { a: { type: 'histogram', field: 'x', interval: 0 } } }).success,
    ).toBe(false);
    expect(aggregateRequestSchema.safeParse({ timeShift: '1 day', aggs: {} }).success).toBe(false);
    expect(aggregateRequestSchema.safeParse({ aggs: { a: { type: 'filters', filters: [] } } }).success).toBe(false);
    expect(aggregateRequestSchema.safeParse({ aggs: { m: { type: 'count', aggs: {} } } }).success).toBe(false);
  });
});
