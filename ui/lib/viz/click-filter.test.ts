import { parseKql } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { clickFilter } from './click-filter.ts';
import { bucketPaths } from './paths.ts';
import { count, errorRate, levelsOverTime } from './testdata.ts';

describe('clickFilter', () => {
  const paths = bucketPaths(levelsOverTime.panel.data.buckets, levelsOverTime.aggs);

  it('filters on a term (quoted) and leaves the date bucket out', () => {
    expect(clickFilter(paths[0]?.steps ?? [])).toEqual({ kql: 'log.level:"info"', label: 'log.level: info' });
  });

  it('turns (missing) into not field:* and refuses Other', () => {
    expect(clickFilter(paths[1]?.steps ?? [])?.kql).toBe('not log.level:*');
    expect(clickFilter(paths[2]?.steps ?? [])).toBeUndefined();
  });

  it('quotes and escapes values as core KQL reads them back', () => {
    const steps = bucketPaths([{ type: 'terms', field: 'message', size: 1 }], {
      b0: { type: 'terms', buckets: [{ key: 'say "hi" \\ and or', count: 1, aggs: { c: count(1) } }], other: 0 },
    })[0]?.steps;
    const f = clickFilter(steps ?? []);
    expect(f?.kql).toBe('message:"say \\"hi\\" \\\\ and or"');
    expect(parseKql(f?.kql ?? '')).toMatchObject({ type: 'match', field: 'message' });
  });

  it("uses a filters bucket's query, and nothing for the match-all one", () => {
    const p = bucketPaths(errorRate.panel.data.buckets, errorRate.aggs);
    expect(clickFilter(p[0]?.steps ?? [])?.kql).toBe('http.response.status_code >= 500');
    expect(clickFilter(p[1]?.steps ?? [])).toBeUndefined();
  });

  it('gives a numeric histogram bucket as a range, and ANDs levels (parenthesised)', () => {
    const steps = bucketPaths(
      [
        { type: 'histogram', field: 'http.response.body.bytes', interval: 100 },
        { type: 'filters', filters: [{ key: 'slow', query: 'event.duration > 5 or tags:slow' }] },
        { type: 'terms', field: 'host name', size: 1 },
      ],
      {
        b0: {
          type: 'histogram',
          interval: 100,
          buckets: [
            {
              key: 200,
              count: 1,
              aggs: {
                b1: {
                  type: 'filters',
                  buckets: [
                    {
                      key: 'slow',
                      count: 1,
                      aggs: {
                        b2: { type: 'terms', buckets: [{ key: 'h', count: 1, aggs: { c: count(1) } }], other: 0 },
                      },
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    )[0]?.steps;
    const f = clickFilter(steps ?? []);
    expect(f?.kql).toBe(
      '(http.response.body.bytes >= 200 and http.response.body.bytes < 300) and (event.duration > 5 or tags:slow) and "host name":"h"',
    );
    expect(f?.label).toBe('http.response.body.bytes: 200 – 300, slow, host name: h');
    expect(() => parseKql(f?.kql ?? '')).not.toThrow();
  });
});
