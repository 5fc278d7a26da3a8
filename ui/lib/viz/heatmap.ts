/**
 * Heatmap cells: time (the date histogram level) × the first other level's buckets (terms), the
 * first value column as the cell's value, with the range for colouring (`heatShade`: 0–1).
 */
import type { AggregationResult } from '@driftwood/store';
import { asNumber, type DataPanel, dataset } from './dataset.ts';
import type { PathStep } from './paths.ts';

export interface HeatCell {
  x: number;
  y: string;
  value: number | null;
  steps: PathStep[];
}

export interface HeatmapData {
  xs: number[];
  ys: string[];
  cells: HeatCell[];
  min: number;
  max: number;
  intervalMs?: number;
  columnLabel: string;
}

export function heatmapData(panel: DataPanel, aggs: Record<string, AggregationResult>): HeatmapData {
  const data = dataset(panel, aggs);
  const column = data.columns[0];
  const dateLevel = data.levels.find((l) => l.bucket.type === 'date_histogram')?.level;
  const yLevel = data.levels.find((l) => l.level !== dateLevel)?.level;
  const xs = new Set<number>();
  const ys = new Set<string>();
  const cells: HeatCell[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let intervalMs: number | undefined;
  for (const row of data.rows) {
    const xStep = row.steps.find((s) => s.level === dateLevel);
    if (!xStep || !column) continue;
    const yStep = row.steps.find((s) => s.level === yLevel);
    const y = yStep?.label ?? column.label;
    const x = Number(xStep.key);
    if (xStep.end !== undefined) intervalMs = xStep.end - x;
    xs.add(x);
    ys.add(y);
    const value = asNumber(row.values[column.key]);
    if (value !== null) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    cells.push({ x, y, value, steps: row.steps });
  }
  return {
    xs: [...xs].sort((a, b) => a - b),
    ys: [...ys],
    cells,
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 0,
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    columnLabel: column?.label ?? '',
  };
}

/** Where a value sits between min and max, 0–1 (1 when they are equal). */
export function heatShade(value: number, min: number, max: number): number {
  if (max <= min) return 1;
  return Math.min(1, Math.max(0, (value - min) / (max - min)));
}
