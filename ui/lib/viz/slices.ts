/** Pie and donut slices: one per bucket path (labels of every level joined), the first value column; zero and empty ones left out. */
import type { AggregationResult } from '@driftwood/store';
import { assignColors } from './colors.ts';
import { asNumber, type DataPanel, dataset } from './dataset.ts';
import type { PathStep } from './paths.ts';

export interface Slice {
  key: string;
  label: string;
  value: number;
  /** Share of the whole, 0–100. */
  percent: number;
  color: string;
  steps: PathStep[];
}

export function pieSlices(panel: DataPanel, aggs: Record<string, AggregationResult>): Slice[] {
  const data = dataset(panel, aggs);
  const column = data.columns[0];
  if (!column) return [];
  const kept = data.rows
    .map((r) => ({ steps: r.steps, value: asNumber(r.values[column.key]) }))
    .filter((r): r is { steps: PathStep[]; value: number } => r.value !== null && r.value > 0);
  const total = kept.reduce((s, r) => s + r.value, 0);
  const colors = assignColors(kept.map((r) => r.steps));
  return kept.map((r, i) => ({
    key: `p${i}`,
    label: r.steps.map((s) => s.label).join(' › ') || column.label,
    value: r.value,
    percent: total === 0 ? 0 : (r.value / total) * 100,
    color: colors[i] as string,
    steps: r.steps,
  }));
}
