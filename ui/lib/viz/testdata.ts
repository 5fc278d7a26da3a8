/** Panels and store answers shaped as panelRequest asks and the store answers (for the viz tests). */
import type { Visualization } from '@driftwood/core';
import type { AggregationResult } from '@driftwood/store';
import type { DataPanel } from './dataset.ts';

export const T0 = Date.UTC(2026, 0, 1, 0, 0);
export const MIN = 60_000;

export function panel(p: Partial<DataPanel> & Pick<DataPanel, 'type' | 'data'>): DataPanel {
  return { id: 'p', title: 'Panel', ...p } as DataPanel;
}

export type Aggs = Record<string, AggregationResult>;

export const count = (value: number): AggregationResult => ({ type: 'count', value });

/** date histogram (1m) × terms log.level with Other and (missing), metric `count`. */
export const levelsOverTime: { panel: DataPanel; aggs: Aggs } = {
  panel: panel({
    type: 'bar',
    data: {
      metrics: [{ id: 'count', type: 'count' }],
      buckets: [
        { type: 'date_histogram', interval: '1m' },
        { type: 'terms', field: 'log.level', size: 2, other: true, missing: true },
      ],
    },
    options: { stacked: true },
  }),
  aggs: {
    b0: {
      type: 'date_histogram',
      intervalMs: MIN,
      buckets: [
        {
          key: T0 + MIN,
          count: 9,
          aggs: {
            b1: {
              type: 'terms',
              buckets: [{ key: 'info', count: 4, aggs: { count: count(4) } }],
              other: 3,
              missing: { count: 2, aggs: { count: count(2) } },
            },
          },
        },
        {
          key: T0,
          count: 10,
          aggs: {
            b1: {
              type: 'terms',
              buckets: [
                { key: 'error', count: 6, aggs: { count: count(6) } },
                { key: 'info', count: 3, aggs: { count: count(3) } },
              ],
              other: 1,
              missing: { count: 0, aggs: { count: count(0) } },
            },
          },
        },
      ],
    },
  },
};

/** web-access `error-rate-over-time`: date histogram × filters errors/all, ratio, unit percent. */
export const errorRate: { panel: DataPanel; aggs: Aggs } = {
  panel: panel({
    type: 'line',
    data: {
      metrics: [{ id: 'count', type: 'count' }],
      buckets: [
        { type: 'date_histogram', interval: '1m' },
        {
          type: 'filters',
          filters: [
            { key: 'errors', query: 'http.response.status_code >= 500' },
            { key: 'all', query: '' },
          ],
        },
      ],
    },
    options: { ratio: { numerator: 'errors', denominator: 'all' }, unit: 'percent' },
  }),
  aggs: {
    b0: {
      type: 'date_histogram',
      intervalMs: MIN,
      buckets: [0, 1, 2].map((i) => ({
        key: T0 + i * MIN,
        count: [200, 100, 0][i] as number,
        aggs: {
          b1: {
            type: 'filters' as const,
            buckets: [
              { key: 'errors', count: [10, 25, 0][i] as number, aggs: { count: count([10, 25, 0][i] as number) } },
              { key: 'all', count: [200, 100, 0][i] as number, aggs: { count: count([200, 100, 0][i] as number) } },
            ],
          },
        },
      })),
    },
  },
};

export type { Visualization };
