import { describe, expect, it } from 'vitest';
import { change, formatChange, gaugeData, metricText, metricValue, niceMax, sparkline } from './metric.ts';
import { count, errorRate, MIN, panel, T0 } from './testdata.ts';

const overTime = (metric: 'count' | 'avg' | 'max', values: Array<number | null>) => ({
  panel: panel({
    type: 'metric',
    data: {
      metrics: [metric === 'count' ? { id: 'm', type: 'count' } : { id: 'm', type: metric, field: 'x' }],
      buckets: [{ type: 'date_histogram' }],
    },
  }),
  aggs: {
    b0: {
      type: 'date_histogram' as const,
      intervalMs: MIN,
      buckets: values.map((v, i) => ({
        key: T0 + i * MIN,
        count: v ?? 0,
        aggs: { m: metric === 'count' ? count(v ?? 0) : { type: metric, value: v } },
      })),
    },
  },
});

describe('metric value', () => {
  it('is the top-level metric without buckets, in the unit', () => {
    const p = panel({
      type: 'metric',
      data: { metrics: [{ id: 'b', type: 'sum', field: 'bytes', label: 'Bytes' }], buckets: [] },
      options: { unit: 'bytes' },
    });
    const m = metricValue(p, { b: { type: 'sum', value: 3 * 1024 * 1024 } });
    expect(m).toEqual({ value: 3 * 1024 * 1024, label: 'Bytes', combined: 'exact' });
    expect(metricText(p, m.value)).toBe('3 MiB');
  });

  it('adds counts over a date histogram and gives the sparkline', () => {
    const { panel: p, aggs } = overTime('count', [3, 0, 5]);
    expect(metricValue(p, aggs).value).toBe(8);
    expect(sparkline(p, aggs)).toEqual([
      { x: T0, v: 3 },
      { x: T0 + MIN, v: 0 },
      { x: T0 + 2 * MIN, v: 5 },
    ]);
  });

  it('takes the max of maxes, and the newest bucket for an average (marked latest)', () => {
    const max = overTime('max', [3, 9, null]);
    expect(metricValue(max.panel, max.aggs)).toMatchObject({ value: 9, combined: 'exact' });
    const avg = overTime('avg', [3, 9, null]);
    expect(metricValue(avg.panel, avg.aggs)).toMatchObject({ value: 9, combined: 'latest' });
  });

  it('is Σ numerator ÷ Σ denominator for a ratio, shown in percent', () => {
    const p = { ...errorRate.panel, type: 'metric' } as typeof errorRate.panel;
    const m = metricValue(p, errorRate.aggs);
    expect(m.value).toBeCloseTo(11.667, 2);
    expect(metricText(p, m.value)).toBe('11.7 %');
    expect(sparkline(p, errorRate.aggs)?.map((s) => s.v)).toEqual([5, 25, null]);
  });

  it('has no sparkline without a date histogram', () => {
    const p = panel({ type: 'metric', data: { metrics: [{ id: 'c', type: 'count' }], buckets: [] } });
    expect(sparkline(p, { c: count(1) })).toBeUndefined();
  });
});

describe('change vs previous', () => {
  it('gives percent and sign', () => {
    expect(change(150, 100)).toEqual({ percent: 50, sign: 'up', previous: 100 });
    expect(change(50, 100)).toEqual({ percent: -50, sign: 'down', previous: 100 });
    expect(change(5, 0)).toEqual({ percent: null, sign: 'up', previous: 0 });
    expect(change(null, 3)).toBeUndefined();
    expect(formatChange({ percent: 50, sign: 'up', previous: 100 })).toBe('▲ +50 %');
    expect(formatChange({ percent: -2.54, sign: 'down', previous: 1 })).toBe('▼ -2.5 %');
    expect(formatChange({ percent: 0, sign: 'flat', previous: 1 })).toBe('■ 0.0 %');
    expect(formatChange({ percent: -0.0347, sign: 'down', previous: 8630 })).toBe('▼ -0.035 %');
    expect(formatChange({ percent: 0.42, sign: 'up', previous: 1 })).toBe('▲ +0.42 %');
    expect(formatChange({ percent: -0.004, sign: 'down', previous: 1 })).toBe('▼ < 0.01 %');
    expect(formatChange({ percent: null, sign: 'up', previous: 0 })).toBe('▲ from 0');
    expect(formatChange({ percent: null, sign: 'flat', previous: null })).toBe('no data for the previous period');
  });
});

describe('gauge', () => {
  it('places the value between min and max with the threshold colour', () => {
    const p = panel({
      type: 'gauge',
      data: { metrics: [{ id: 'b', type: 'avg', field: 'battery' }], buckets: [] },
      options: {
        unit: 'percent',
        thresholds: [
          { value: 50, color: 'green' },
          { value: 0, color: 'red' },
          { value: 20, color: 'yellow' },
        ],
      },
    });
    const g = gaugeData(p, { b: { type: 'avg', value: 35 } });
    expect(g).toMatchObject({ value: 35, min: 0, max: 100, fraction: 0.35, color: 'yellow' });
    expect(g.bands).toEqual([
      { from: 0, to: 0.2, color: 'red' },
      { from: 0.2, to: 0.5, color: 'yellow' },
      { from: 0.5, to: 1, color: 'green' },
    ]);
  });

  it('rounds the max up without one', () => {
    expect(niceMax(730)).toBe(1000);
    expect(niceMax(130)).toBe(200);
    expect(niceMax(4)).toBe(5);
  });
});
