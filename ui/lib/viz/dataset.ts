/**
 * A panel's answer as rows of values: one row per bucket path, one value per metric column, or,
 * for a ratio panel (options.ratio), one row per path without the filters level and one value:
 * the numerator bucket's first metric ÷ the denominator's (× 100 for unit percent). Charts,
 * tables, the metric number and the heatmap are all drawn from this.
 */
import type { PanelBucket, Visualization } from '@driftwood/core';
import type { AggregationResult } from '@driftwood/store';
import {
  type BucketPath,
  bucketPaths,
  cellValue,
  type MetricColumn,
  metricColumns,
  numericValue,
  type PathStep,
} from './paths.ts';

export type DataPanel = Extract<Visualization, { data: unknown }>;
export type CellValue = number | string | boolean | null;

export interface ValueColumn {
  key: string;
  label: string;
  /** The metric column behind it (absent for a ratio). */
  metric?: MetricColumn;
}

export interface ValueRow {
  steps: PathStep[];
  count: number | null;
  values: Record<string, CellValue>;
}

export interface Dataset {
  columns: ValueColumn[];
  rows: ValueRow[];
  /** The bucket levels the rows' steps carry (a ratio's filters level is gone), outermost first. */
  levels: Array<{ level: number; bucket: PanelBucket }>;
}

export const RATIO_COLUMN = 'ratio';

export interface Ratio {
  numerator: string;
  denominator: string;
}

export function panelRatio(panel: DataPanel): Ratio | undefined {
  const o = panel.options as { ratio?: Ratio } | undefined;
  return o?.ratio;
}

export function panelUnit(panel: Visualization): import('./units.ts').PanelUnit | undefined {
  const o = panel.options as { unit?: import('./units.ts').PanelUnit } | undefined;
  return o?.unit;
}

/** The level of the filters bucket that has both keys of the ratio. */
export function ratioLevel(buckets: readonly PanelBucket[], ratio: Ratio): number {
  return buckets.findIndex(
    (b) =>
      b.type === 'filters' &&
      b.filters.some((f) => f.key === ratio.numerator) &&
      b.filters.some((f) => f.key === ratio.denominator),
  );
}

const divide = (n: number | null, d: number | null, percent: boolean): number | null =>
  n === null || d === null || d === 0 ? null : (n / d) * (percent ? 100 : 1);

/** The rows of a ratio: paths grouped by every step but the filters one. */
function ratioRows(
  paths: BucketPath[],
  column: MetricColumn,
  level: number,
  ratio: Ratio,
  percent: boolean,
): ValueRow[] {
  const groups = new Map<string, { steps: PathStep[]; num: number | null; den: number | null; count: number | null }>();
  for (const p of paths) {
    const filter = p.steps.find((s) => s.level === level);
    if (!filter || (filter.key !== ratio.numerator && filter.key !== ratio.denominator)) continue;
    const steps = p.steps.filter((s) => s.level !== level);
    const id = JSON.stringify(steps.map((s) => [s.kind, s.key]));
    let g = groups.get(id);
    if (!g) {
      g = { steps, num: null, den: null, count: null };
      groups.set(id, g);
    }
    const v = numericValue(p, column);
    if (filter.key === ratio.numerator) g.num = v;
    if (filter.key === ratio.denominator) {
      g.den = v;
      g.count = p.count;
    }
  }
  return [...groups.values()].map((g) => ({
    steps: g.steps,
    count: g.count,
    values: { [RATIO_COLUMN]: divide(g.num ?? (g.den !== null ? 0 : null), g.den, percent) },
  }));
}

/** Σ numerator ÷ Σ denominator over every path (a ratio's value over the whole answer). */
export function totalRatio(panel: DataPanel, aggs: Record<string, AggregationResult>): number | null {
  const ratio = panelRatio(panel);
  const column = metricColumns(panel.data.metrics)[0];
  if (!ratio || !column) return null;
  const level = ratioLevel(panel.data.buckets, ratio);
  let num: number | null = null;
  let den: number | null = null;
  for (const p of bucketPaths(panel.data.buckets, aggs)) {
    const key = p.steps.find((s) => s.level === level)?.key;
    const v = numericValue(p, column);
    if (v === null) continue;
    if (key === ratio.numerator) num = (num ?? 0) + v;
    if (key === ratio.denominator) den = (den ?? 0) + v;
  }
  return divide(num ?? (den !== null ? 0 : null), den, panelUnit(panel) === 'percent');
}

export function dataset(panel: DataPanel, aggs: Record<string, AggregationResult>): Dataset {
  const buckets = panel.data.buckets;
  const paths = bucketPaths(buckets, aggs);
  const columns = metricColumns(panel.data.metrics);
  const ratio = panelRatio(panel);
  const level = ratio ? ratioLevel(buckets, ratio) : -1;
  const first = columns[0];
  if (ratio && level >= 0 && first) {
    const percent = panelUnit(panel) === 'percent';
    return {
      columns: [{ key: RATIO_COLUMN, label: `${ratio.numerator} ÷ ${ratio.denominator}${percent ? ' (%)' : ''}` }],
      rows: ratioRows(paths, first, level, ratio, percent),
      levels: buckets.map((bucket, i) => ({ level: i, bucket })).filter((l) => l.level !== level),
    };
  }
  return {
    columns: columns.map((c) => ({ key: c.key, label: c.label, metric: c })),
    rows: paths.map((p) => ({
      steps: p.steps,
      count: p.count,
      values: Object.fromEntries(columns.map((c) => [c.key, cellValue(p, c)])),
    })),
    levels: buckets.map((bucket, level) => ({ level, bucket })),
  };
}

export function asNumber(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}
