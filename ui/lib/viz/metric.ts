/**
 * The metric panel's big number (its first value column over the whole answer), the sparkline
 * (per date histogram bucket, when the panel has one), the change versus `previous` (percent and
 * sign), and the gauge's value, range and threshold colour.
 *
 * Over buckets the value is combined as the metric allows: counts and sums add up, min and max
 * take the smallest and largest, last value the newest bucket's, a ratio Σ numerator ÷ Σ
 * denominator; the others (average, unique count, median, percentiles) cannot be combined from
 * buckets and show the newest bucket's value (`combined: 'latest'`).
 */
import type { AggregationResult } from '@driftwood/store';
import { asNumber, type CellValue, type DataPanel, dataset, panelRatio, panelUnit, totalRatio } from './dataset.ts';
import { valueText } from './table.ts';

export interface MetricValue {
  value: CellValue;
  label: string;
  combined: 'exact' | 'latest';
}

export interface Change {
  /** (current − previous) ÷ |previous| × 100; null when previous is 0 or absent. */
  percent: number | null;
  sign: 'up' | 'down' | 'flat';
  previous: number | null;
}

export function metricValue(panel: DataPanel, aggs: Record<string, AggregationResult>): MetricValue {
  const data = dataset(panel, aggs);
  const column = data.columns[0];
  const label = column?.label ?? panel.title;
  if (!column) return { value: null, label, combined: 'exact' };
  if (panelRatio(panel)) return { value: totalRatio(panel, aggs), label, combined: 'exact' };
  if (data.levels.length === 0) return { value: data.rows[0]?.values[column.key] ?? null, label, combined: 'exact' };
  const dateLevel = data.levels.find((l) => l.bucket.type === 'date_histogram')?.level;
  const byTime = [...data.rows];
  if (dateLevel !== undefined) {
    const t = (r: (typeof byTime)[number]) => Number(r.steps.find((s) => s.level === dateLevel)?.key ?? 0);
    byTime.sort((a, b) => t(a) - t(b));
  }
  const type = column.metric?.metric.type;
  const numbers = byTime.map((r) => asNumber(r.values[column.key])).filter((v): v is number => v !== null);
  if (type === 'count' || type === 'sum') {
    return { value: numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0), label, combined: 'exact' };
  }
  if (type === 'min') return { value: numbers.length ? Math.min(...numbers) : null, label, combined: 'exact' };
  if (type === 'max') return { value: numbers.length ? Math.max(...numbers) : null, label, combined: 'exact' };
  const newest = [...byTime].reverse().find((r) => (r.values[column.key] ?? null) !== null);
  return {
    value: newest?.values[column.key] ?? null,
    label,
    combined: type === 'last_value' ? 'exact' : 'latest',
  };
}

/** The sparkline: the first value column per date histogram bucket, oldest first; undefined without one. */
export function sparkline(
  panel: DataPanel,
  aggs: Record<string, AggregationResult>,
): Array<{ x: number; v: number | null }> | undefined {
  const data = dataset(panel, aggs);
  const dateLevel = data.levels.find((l) => l.bucket.type === 'date_histogram')?.level;
  const column = data.columns[0];
  if (dateLevel === undefined || !column) return undefined;
  const byX = new Map<number, number | null>();
  for (const r of data.rows) {
    const s = r.steps.find((step) => step.level === dateLevel);
    if (!s) continue;
    const x = Number(s.key);
    const v = asNumber(r.values[column.key]);
    const before = byX.get(x);
    byX.set(x, v === null ? (before ?? null) : (before ?? 0) + v);
  }
  return [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, v]) => ({ x, v }));
}

export function change(current: number | null, previous: number | null): Change | undefined {
  if (current === null) return undefined;
  if (previous === null) return { percent: null, sign: 'flat', previous: null };
  const diff = current - previous;
  return {
    percent: previous === 0 ? null : (diff / Math.abs(previous)) * 100,
    sign: diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat',
    previous,
  };
}

export function formatChange(c: Change): string {
  const arrow = c.sign === 'up' ? '▲' : c.sign === 'down' ? '▼' : '■';
  if (c.previous === null) return 'no data for the previous period';
  if (c.percent === null) return c.sign === 'flat' ? `${arrow} no change` : `${arrow} from 0`;
  const p = Math.abs(c.percent);
  const sign = c.sign === 'down' ? '-' : c.sign === 'up' ? '+' : '';
  if (p === 0) return `${arrow} 0.0 %`;
  // a small change keeps two significant digits (never a "-0.0 %" beside a down arrow)
  if (p < 0.01) return `${arrow} < 0.01 %`;
  return `${arrow} ${sign}${p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toPrecision(2)} %`;
}

export interface GaugeData {
  value: number | null;
  min: number;
  max: number;
  /** 0–1 along the arc. */
  fraction: number;
  color: 'green' | 'yellow' | 'red' | undefined;
  /** The coloured bands: from and to as fractions 0–1. */
  bands: Array<{ from: number; to: number; color: 'green' | 'yellow' | 'red' }>;
}

export function gaugeData(panel: DataPanel, aggs: Record<string, AggregationResult>): GaugeData {
  const value = asNumber(metricValue(panel, aggs).value);
  const o = (panel.options ?? {}) as {
    min?: number;
    max?: number;
    thresholds?: Array<{ value: number; color: 'green' | 'yellow' | 'red' }>;
  };
  const min = o.min ?? 0;
  const max =
    o.max ?? (panelUnit(panel) === 'percent' ? 100 : value !== null && value > min ? niceMax(value) : min + 1);
  const span = max - min || 1;
  const at = (v: number) => Math.min(1, Math.max(0, (v - min) / span));
  const thresholds = [...(o.thresholds ?? [])].sort((a, b) => a.value - b.value);
  const bands = thresholds.map((t, i) => ({
    from: at(t.value),
    to: at(thresholds[i + 1]?.value ?? max),
    color: t.color,
  }));
  const color = value === null ? undefined : [...thresholds].reverse().find((t) => value >= t.value)?.color;
  return { value, min, max, fraction: value === null ? 0 : at(value), color, bands };
}

/** The next round number above v (1, 2, 5 × 10^n). */
export function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** The big number as text: counts and unique counts as numbers, times as times, the rest (a ratio too) in the panel's unit. */
export function metricText(panel: DataPanel, value: CellValue): string {
  const column = dataset(panel, {}).columns[0];
  if (!column) return String(value);
  return valueText(value, column, panelUnit(panel));
}
