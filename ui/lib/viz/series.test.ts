import { describe, expect, it } from 'vitest';
import { dataset } from './dataset.ts';
import { chartData, chartFromDataset, rechartsRows } from './series.ts';
import { count, errorRate, levelsOverTime, MIN, panel, T0 } from './testdata.ts';

describe('chart series', () => {
  it('has x = bucket key ms, sorted, one series per breakdown value, Other and (missing) last', () => {
    const chart = chartData(levelsOverTime.panel, levelsOverTime.aggs);
    expect(chart.axis).toBe('time');
    expect(chart.intervalMs).toBe(MIN);
    expect(chart.stacked).toBe(true);
    expect(chart.series.map((s) => [s.key, s.label, s.color])).toEqual([
      ['s0', 'info', '#54b399'],
      ['s1', 'error', '#e7664c'],
      ['s2', '(missing)', 'var(--viz-missing)'],
      ['s3', 'Other', 'var(--viz-other)'],
    ]);
    expect(rechartsRows(chart)).toEqual([
      { x: T0, s0: 3, s1: 6, s2: 0, s3: 1 },
      { x: T0 + MIN, s0: 4, s1: 0, s2: 2, s3: 3 },
    ]);
    expect(chart.points[0]?.paths.s1?.map((s) => s.label)).toEqual(['2026-01-01T00:00:00.000Z', 'error']);
  });

  it('stacks to 100 % when percent', () => {
    const chart = chartFromDataset(dataset(levelsOverTime.panel, levelsOverTime.aggs), { percent: true });
    expect(chart.stacked).toBe(true);
    const first = chart.points[0]?.values ?? {};
    expect(first).toEqual({ s0: 30, s1: 60, s2: 0, s3: 10 });
  });

  it('draws a ratio as one series per time bucket with gaps where the denominator is 0', () => {
    const chart = chartData(errorRate.panel, errorRate.aggs);
    expect(chart.series.map((s) => s.label)).toEqual(['errors ÷ all (%)']);
    expect(chart.points.map((p) => p.values.s0)).toEqual([5, 25, null]);
  });

  it('uses the first bucket as categories without a date histogram, one series per metric (percentiles per percent)', () => {
    const p = panel({
      type: 'bar_horizontal',
      data: {
        metrics: [{ id: 'lat', type: 'percentiles', field: 'event.duration', percents: [50, 95] }],
        buckets: [{ type: 'terms', field: 'url.path', size: 2 }],
      },
    });
    const chart = chartData(p, {
      b0: {
        type: 'terms',
        buckets: [
          { key: '/a', count: 3, aggs: { lat: { type: 'percentiles', values: { '50': 1, '95': 9 } } } },
          { key: '/b', count: 1, aggs: { lat: { type: 'percentiles', values: { '50': 2, '95': null } } } },
        ],
        other: 0,
      },
    });
    expect(chart.axis).toBe('category');
    expect(chart.series.map((s) => s.label)).toEqual(['p50 of event.duration', 'p95 of event.duration']);
    expect(rechartsRows(chart)).toEqual([
      { x: '/a', s0: 1, s1: 9 },
      { x: '/b', s0: 2, s1: null },
    ]);
  });

  it('names series by breakdown and metric when there are several metrics', () => {
    const p = panel({
      type: 'line',
      data: {
        metrics: [
          { id: 'n', type: 'count', label: 'Events' },
          { id: 'b', type: 'sum', field: 'bytes', label: 'Bytes' },
        ],
        buckets: [{ type: 'date_histogram' }, { type: 'terms', field: 'host.name', size: 1 }],
      },
    });
    const chart = chartData(p, {
      b0: {
        type: 'date_histogram',
        intervalMs: MIN,
        buckets: [
          {
            key: T0,
            count: 2,
            aggs: {
              b1: {
                type: 'terms',
                buckets: [{ key: 'h1', count: 2, aggs: { n: count(2), b: { type: 'sum', value: 10 } } }],
                other: 0,
              },
            },
          },
        ],
      },
    });
    expect(chart.series.map((s) => s.label)).toEqual(['h1 › Events', 'h1 › Bytes']);
    expect(chart.series.map((s) => s.color)).toEqual(['var(--viz-1)', 'var(--viz-2)']);
  });
});
