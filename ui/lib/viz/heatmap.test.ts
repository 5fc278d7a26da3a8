import { describe, expect, it } from 'vitest';
import { heatmapData, heatShade } from './heatmap.ts';
import { MIN, panel, T0 } from './testdata.ts';

describe('heatmapData', () => {
  it('gives time × terms cells with the value range', () => {
    const p = panel({
      type: 'heatmap',
      data: {
        metrics: [{ id: 't', type: 'max', field: 'temperature', label: 'Max °C' }],
        buckets: [{ type: 'date_histogram' }, { type: 'terms', field: 'device.id', size: 2 }],
      },
    });
    const terms = (a: number | null, b: number) => ({
      b1: {
        type: 'terms' as const,
        buckets: [
          { key: 'd1', count: 1, aggs: { t: { type: 'max' as const, value: a } } },
          { key: 'd2', count: 1, aggs: { t: { type: 'max' as const, value: b } } },
        ],
        other: 0,
      },
    });
    const heat = heatmapData(p, {
      b0: {
        type: 'date_histogram',
        intervalMs: MIN,
        buckets: [
          { key: T0 + MIN, count: 2, aggs: terms(null, 30) },
          { key: T0, count: 2, aggs: terms(10, 20) },
        ],
      },
    });
    expect(heat.xs).toEqual([T0, T0 + MIN]);
    expect(heat.ys).toEqual(['d1', 'd2']);
    expect([heat.min, heat.max, heat.intervalMs, heat.columnLabel]).toEqual([10, 30, MIN, 'Max °C']);
    expect(heat.cells.map((c) => [c.x - T0, c.y, c.value])).toEqual([
      [MIN, 'd1', null],
      [MIN, 'd2', 30],
      [0, 'd1', 10],
      [0, 'd2', 20],
    ]);
    expect(heatShade(20, 10, 30)).toBe(0.5);
    expect(heatShade(5, 5, 5)).toBe(1);
  });
});
