import { describe, expect, it } from 'vitest';
import { formatValue, previewChart, thresholdLines, yDomain } from './series.ts';
import type { Preview } from './types.ts';

const T = Date.parse('2026-03-01T10:00:00Z');
const iso = (m: number) => new Date(T + m * 60_000).toISOString();

const preview = (series: Preview['series'], threshold = '> 10'): Preview => ({
  measure: 'count',
  threshold,
  from: iso(-5),
  to: iso(2),
  stepMs: 60_000,
  windowMs: 300_000,
  series,
  breaches: series.reduce((n, s) => n + s.points.filter((p) => p.breached).length, 0),
});

describe('preview series shaping', () => {
  it('reads threshold lines from the threshold text', () => {
    expect(thresholdLines('> 10')).toEqual([10]);
    expect(thresholdLines('<= 0.5')).toEqual([0.5]);
    expect(thresholdLines('between 1 and 5')).toEqual([1, 5]);
    expect(thresholdLines('no data')).toEqual([]);
  });

  it('makes one row per slot with a column per group, sorted by time', () => {
    const chart = previewChart(
      preview([
        {
          group: 'web-1',
          points: [
            { time: iso(1), value: 12, breached: true },
            { time: iso(0), value: 3, breached: false },
          ],
        },
        {
          group: 'web-2',
          points: [
            { time: iso(0), value: null, breached: false },
            { time: iso(1), value: 4, breached: false },
          ],
        },
      ]),
    );
    expect(chart.rows).toEqual([
      { t: T, s0: 3, s1: null },
      { t: T + 60_000, s0: 12, s1: 4 },
    ]);
    expect(chart.series.map((s) => s.label)).toEqual(['web-1', 'web-2']);
    expect(new Set(chart.series.map((s) => s.color)).size).toBe(2);
    expect(chart.thresholds).toEqual([10]);
    expect(chart.breaches).toBe(1);
    expect(chart.points).toBe(3);
    expect(chart.breachingNow).toBe(false); // web-1's last point is the first in its list
  });

  it('labels an ungrouped series with the measure and keeps the threshold in view', () => {
    const chart = previewChart(
      preview([{ group: null, points: [{ time: iso(0), value: 2, breached: false }] }], '> 100'),
    );
    expect(chart.series[0]?.label).toBe('count');
    const [lo, hi] = yDomain(chart);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(100);
    expect(previewChart(preview([])).rows).toEqual([]);
  });

  it('formats values', () => {
    expect(formatValue(12345)).toBe('12,345');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(null)).toBe('no data');
  });
});
