/**
 * The histogram's data model: store buckets split by `log.level` → chart rows and series
 * (colour per level), and mapping a horizontal drag over the bars to a time range.
 */

export interface LevelBucket {
  key: number;
  count: number;
  levels: Record<string, number>;
}

export interface HistogramData {
  intervalMs: number;
  buckets: LevelBucket[];
}

export interface Series {
  key: string;
  label: string;
  color: string;
}

/** Events with no `log.level` (or levels outside the top ones). */
export const OTHER_LEVEL = '(other)';

const LEVEL_ORDER = ['fatal', 'critical', 'error', 'warn', 'warning', 'notice', 'info', 'debug', 'trace'];
const LEVEL_COLORS: Record<string, string> = {
  fatal: '#7a1f5c',
  critical: '#a4005d',
  emergency: '#7a1f5c',
  alert: '#a4005d',
  error: '#e7664c',
  err: '#e7664c',
  warn: '#d6a35c',
  warning: '#d6a35c',
  notice: '#9170b8',
  info: '#54b399',
  debug: '#6092c0',
  trace: '#aaa6bc',
};
const FALLBACK_COLORS = ['#ca8eae', '#b9a888', '#d36086', '#7de2d1', '#f5a35c', '#a0a0a0'];

export function levelColor(level: string, index = 0): string {
  if (level === OTHER_LEVEL) return '#98a2b3';
  return LEVEL_COLORS[level.toLowerCase()] ?? FALLBACK_COLORS[index % FALLBACK_COLORS.length] ?? '#a0a0a0';
}

function levelRank(level: string): number {
  const i = LEVEL_ORDER.indexOf(level.toLowerCase());
  return i < 0 ? LEVEL_ORDER.length : i;
}

/** Series for every level present, most severe first (stacked bottom-up), `(other)` last. */
export function seriesFor(data: HistogramData): Series[] {
  const levels = new Set<string>();
  for (const b of data.buckets) for (const [level, n] of Object.entries(b.levels)) if (n > 0) levels.add(level);
  const sorted = [...levels].sort((a, b) => {
    if (a === OTHER_LEVEL) return 1;
    if (b === OTHER_LEVEL) return -1;
    return levelRank(a) - levelRank(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  return sorted.map((key, i) => ({ key, label: key, color: levelColor(key, i) }));
}

/** One row per bucket with a numeric property per series, for recharts. */
export function chartRows(data: HistogramData, series: readonly Series[]): Array<Record<string, number>> {
  return data.buckets.map((b) => {
    const row: Record<string, number> = { key: b.key, total: b.count };
    for (const s of series) row[`s:${s.key}`] = b.levels[s.key] ?? 0;
    return row;
  });
}

export function histogramTotal(data: HistogramData): number {
  return data.buckets.reduce((sum, b) => sum + b.count, 0);
}

/** The bucket index under a horizontal pixel position of the plot area (clamped). */
export function bucketAt(x: number, plotLeft: number, plotWidth: number, count: number): number {
  if (count <= 0 || plotWidth <= 0) return 0;
  const i = Math.floor(((x - plotLeft) / plotWidth) * count);
  return Math.min(count - 1, Math.max(0, i));
}

/** The time range covered by bars a..b (either order), end exclusive. */
export function dragRange(data: HistogramData, a: number, b: number): { from: number; to: number } | undefined {
  const lo = data.buckets[Math.min(a, b)];
  const hi = data.buckets[Math.max(a, b)];
  if (!lo || !hi) return undefined;
  return { from: lo.key, to: hi.key + data.intervalMs };
}
