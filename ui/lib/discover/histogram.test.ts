import { describe, expect, it } from 'vitest';
import { bucketAt, chartRows, dragRange, type HistogramData, OTHER_LEVEL, seriesFor } from './histogram.ts';

const data: HistogramData = {
  intervalMs: 1000,
  buckets: [
    { key: 0, count: 3, levels: { info: 2, error: 1 } },
    { key: 1000, count: 2, levels: { [OTHER_LEVEL]: 1, debug: 1 } },
    { key: 2000, count: 0, levels: {} },
  ],
};

describe('histogram model', () => {
  it('orders series by severity with (other) last, one row per bucket', () => {
    const series = seriesFor(data);
    expect(series.map((s) => s.key)).toEqual(['error', 'info', 'debug', OTHER_LEVEL]);
    expect(chartRows(data, series)[1]).toEqual({
      key: 1000,
      total: 2,
      's:error': 0,
      's:info': 0,
      's:debug': 1,
      [`s:${OTHER_LEVEL}`]: 1,
    });
  });

  it('maps a drag to a time range', () => {
    expect(bucketAt(48, 48, 300, 3)).toBe(0);
    expect(bucketAt(48 + 299, 48, 300, 3)).toBe(2);
    expect(bucketAt(1000, 48, 300, 3)).toBe(2);
    expect(bucketAt(0, 48, 300, 3)).toBe(0);
    expect(dragRange(data, 2, 1)).toEqual({ from: 1000, to: 3000 });
    expect(dragRange({ intervalMs: 1, buckets: [] }, 0, 0)).toBeUndefined();
  });
});
