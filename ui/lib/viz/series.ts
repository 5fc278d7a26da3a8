/**
 * Chart data for line, area and bar charts: the x axis is the date histogram level (time, x =
 * bucket key ms) or, without one, the first bucket level (categories); one series per value column
 * × combination of the other levels' buckets (`Other` and `(missing)` included when present, drawn
 * last). Stacked to 100 % when `percent`.
 */

import type { AggregationResult } from '@driftwood/store';
import { assignColors } from './colors.ts';
import { asNumber, type DataPanel, type Dataset, dataset, type ValueColumn } from './dataset.ts';
import type { PathStep } from './paths.ts';

export interface ChartSeries {
  /** The recharts dataKey (`s0`, `s1` …: no dots, which recharts reads as paths). */
  key: string;
  label: string;
  color: string;
  /** The buckets that make the series (every level but the x axis'). */
  steps: PathStep[];
  column: ValueColumn;
}

export interface ChartPoint {
  /** Epoch ms on a time axis, the bucket's label on a category axis. */
  x: number | string;
  label: string;
  /** The x axis bucket (absent without buckets). */
  step?: PathStep;
  /** Each series' value here (null: none). */
  values: Record<string, number | null>;
  /** Each series' full bucket path here (for click-to-filter). */
  paths: Record<string, PathStep[]>;
}

export interface ChartData {
  axis: 'time' | 'category';
  /** The date histogram's interval (time axis). */
  intervalMs?: number;
  series: ChartSeries[];
  points: ChartPoint[];
  stacked: boolean;
  percent: boolean;
}

const SPECIAL = (steps: readonly PathStep[]) => steps.some((s) => s.kind === 'other' || s.kind === 'missing');

function isCountColumn(column: ValueColumn): boolean {
  return column.metric?.metric.type === 'count';
}

export function chartFromDataset(data: Dataset, options: { stacked?: boolean; percent?: boolean } = {}): ChartData {
  const dateLevel = data.levels.find((l) => l.bucket.type === 'date_histogram')?.level;
  const xLevel = dateLevel ?? data.levels[0]?.level;
  const axis = dateLevel !== undefined ? 'time' : 'category';
  const seriesById = new Map<string, { steps: PathStep[]; column: ValueColumn }>();
  const pointsById = new Map<string, ChartPoint>();
  for (const row of data.rows) {
    const xStep = row.steps.find((s) => s.level === xLevel);
    if (xLevel !== undefined && !xStep) continue; // an Other above the time level has no time
    const rest = row.steps.filter((s) => s.level !== xLevel);
    const pointId = xStep ? `${xStep.kind}:${xStep.key}` : '';
    let point = pointsById.get(pointId);
    if (!point) {
      point = {
        x: xStep ? (axis === 'time' ? Number(xStep.key) : xStep.label) : '',
        label: xStep?.label ?? '',
        ...(xStep ? { step: xStep } : {}),
        values: {},
        paths: {},
      };
      pointsById.set(pointId, point);
    }
    for (const column of data.columns) {
      const id = JSON.stringify([column.key, ...rest.map((s) => [s.kind, s.key])]);
      if (!seriesById.has(id)) seriesById.set(id, { steps: rest, column });
      point.values[id] = asNumber(row.values[column.key]);
      point.paths[id] = row.steps;
    }
  }
  // Other and (missing) last, keeping the store's order otherwise.
  const entries = [...seriesById.entries()];
  const ordered = [...entries.filter(([, s]) => !SPECIAL(s.steps)), ...entries.filter(([, s]) => SPECIAL(s.steps))];
  const colors = assignColors(ordered.map(([, s]) => s.steps));
  const multiColumn = data.columns.length > 1;
  const series: ChartSeries[] = ordered.map(([, s], i) => {
    const parts = s.steps.map((step) => step.label);
    if (multiColumn || parts.length === 0) parts.push(s.column.label);
    return { key: `s${i}`, label: parts.join(' › '), color: colors[i] as string, steps: s.steps, column: s.column };
  });
  const idOf = new Map(ordered.map(([id], i) => [id, `s${i}`]));
  const points = [...pointsById.values()].map((p) => {
    const values: Record<string, number | null> = {};
    const paths: Record<string, PathStep[]> = {};
    for (const s of series) {
      values[s.key] = isCountColumn(s.column) ? 0 : null;
    }
    for (const [id, v] of Object.entries(p.values)) {
      const key = idOf.get(id) as string;
      values[key] = v;
      paths[key] = p.paths[id] as PathStep[];
    }
    return { ...p, values, paths };
  });
  if (axis === 'time') points.sort((a, b) => Number(a.x) - Number(b.x));
  const percent = options.percent === true;
  if (percent) {
    for (const p of points) {
      const total = Object.values(p.values).reduce<number>((sum, v) => sum + (v ?? 0), 0);
      for (const k of Object.keys(p.values)) {
        const v = p.values[k];
        p.values[k] = v === null || v === undefined ? null : total === 0 ? 0 : (v / total) * 100;
      }
    }
  }
  const intervalMs = (() => {
    const s = points[0]?.step;
    return s?.kind === 'date' && s.end !== undefined ? s.end - Number(s.key) : undefined;
  })();
  return {
    axis,
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    series,
    points,
    stacked: options.stacked === true || percent,
    percent,
  };
}

export function chartData(panel: DataPanel, aggs: Record<string, AggregationResult>): ChartData {
  const o = (panel.options ?? {}) as { stacked?: boolean; percent?: boolean };
  return chartFromDataset(dataset(panel, aggs), { stacked: o.stacked === true, percent: o.percent === true });
}

/** The rows recharts draws: `{ x, s0, s1, … }`. */
export function rechartsRows(chart: ChartData): Array<Record<string, number | string | null>> {
  return chart.points.map((p) => ({ x: p.x, ...p.values }));
}
