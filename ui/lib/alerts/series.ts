/**
 * Shaping a rule preview (value per slot, per group, over the last 24 h) for the line chart:
 * one row per slot with a column per group, the threshold line(s), colours and a summary.
 */
import type { Preview } from './types.ts';

export interface ChartSeries {
  /** Row key of this series' values. */
  key: string;
  label: string;
  color: string;
}

export interface ChartRow {
  /** Slot time, epoch ms. */
  t: number;
  [series: string]: number | null;
}

export interface PreviewChart {
  rows: ChartRow[];
  series: ChartSeries[];
  /** Horizontal threshold lines (one, two for `between`, none for no-data rules). */
  thresholds: number[];
  /** Breaching slots over all series. */
  breaches: number;
  /** Whether the latest slot breaches in any series. */
  breachingNow: boolean;
  /** Points with a value (a chart with none shows a "no data" note). */
  points: number;
}

const PALETTE = [
  '#6092c0',
  '#54b399',
  '#d6a35c',
  '#9170b8',
  '#ca8eae',
  '#d36086',
  '#aa6556',
  '#e7664c',
  '#b0c9e0',
  '#7de2d1',
];

export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length] as string;

/** The threshold values of a preview's threshold text (`> 10`, `between 1 and 5`, `no data`). */
export function thresholdLines(threshold: string): number[] {
  const between = /^between (\S+) and (\S+)$/.exec(threshold);
  if (between) return [Number(between[1]), Number(between[2])].filter(Number.isFinite);
  const single = /^(?:>=|<=|>|<) (\S+)$/.exec(threshold);
  if (single) {
    const n = Number(single[1]);
    return Number.isFinite(n) ? [n] : [];
  }
  return [];
}

export function previewChart(preview: Preview): PreviewChart {
  const series: ChartSeries[] = preview.series.map((s, i) => ({
    key: `s${i}`,
    label: s.group ?? preview.measure,
    color: seriesColor(i),
  }));
  const byTime = new Map<number, ChartRow>();
  let points = 0;
  preview.series.forEach((s, i) => {
    for (const p of s.points) {
      const t = Date.parse(p.time);
      let row = byTime.get(t);
      if (!row) {
        row = { t };
        byTime.set(t, row);
      }
      row[`s${i}`] = p.value;
      if (p.value !== null) points++;
    }
  });
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  const breachingNow = preview.series.some((s) => s.points[s.points.length - 1]?.breached === true);
  return {
    rows,
    series,
    thresholds: thresholdLines(preview.threshold),
    breaches: preview.breaches,
    breachingNow,
    points,
  };
}

/** Y axis domain that always shows the threshold lines with a little headroom. */
export function yDomain(chart: PreviewChart): [number, number] {
  let max = Math.max(0, ...chart.thresholds);
  let min = Math.min(0, ...chart.thresholds);
  for (const row of chart.rows)
    for (const s of chart.series) {
      const v = row[s.key];
      if (typeof v === 'number') {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
  const pad = (max - min) * 0.1 || 1;
  return [min < 0 ? min - pad : 0, max + pad];
}

/** Axis tick for a slot: `14:05` (local), with the day when the range spans days. */
export function formatSlot(t: number, withDay = false): string {
  const d = new Date(t);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return withDay ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

/** A measured value for people: integers as is, others to 4 significant digits; null → `no data`. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return 'no data';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return String(Number(v.toPrecision(4)));
}
