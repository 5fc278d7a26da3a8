/**
 * A panel's values in its unit (options.unit): plain numbers, bytes (B, KiB, MiB … powers of 1024),
 * durations given in ns, ms or s shown as a human duration (850 µs, 12.3 ms, 1.5 s, 2m 05s, 3h 10m,
 * 2d 4h), and percent. Long form for tooltips and the big number, short form for axis ticks.
 */
import type { PANEL_UNITS } from '@driftwood/core';

export type PanelUnit = (typeof PANEL_UNITS)[number];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/**
 * One formatter per number of decimals: `toLocaleString` with options builds a new Intl formatter
 * on every call, which was the most expensive JavaScript of a dashboard's own code (a table's
 * cells, a heatmap's cells and every axis tick format a number).
 */
const FORMATTERS = new Map<number, Intl.NumberFormat>();
function formatter(digits: number): Intl.NumberFormat {
  let f = FORMATTERS.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    FORMATTERS.set(digits, f);
  }
  return f;
}

/** Up to `digits` significant decimals, without trailing zeros: 1.50 → 1.5, 2.00 → 2. */
function trim(n: number, digits: number): string {
  return formatter(digits).format(Number(n.toFixed(digits)));
}

export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && abs < 0.01) return n.toPrecision(2);
  return trim(n, abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** A short number for axis ticks: 1.2k, 3.4M. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  for (const [size, suffix] of [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) return `${trim(n / size, 1)}${suffix}`;
  }
  return formatNumber(n);
}

export function formatBytes(n: number): string {
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${sign}${i === 0 ? trim(v, 0) : trim(v, v >= 100 ? 0 : 1)} ${BYTE_UNITS[i]}`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Milliseconds as a human duration: 0.85 → `850 µs`, 12.34 → `12.3 ms`, 1500 → `1.5 s`, 125000 → `2m 05s`. */
export function formatDurationMs(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const v = Math.abs(ms);
  if (v === 0) return '0 s';
  if (v < 0.001) return `${sign}${trim(v * 1e6, 0)} ns`;
  if (v < 1) return `${sign}${trim(v * 1000, v * 1000 >= 100 ? 0 : 1)} µs`;
  if (v < 1000) return `${sign}${trim(v, v >= 100 ? 0 : 1)} ms`;
  if (v < 60_000) return `${sign}${trim(v / 1000, v >= 10_000 ? 1 : 2)} s`;
  const s = Math.round(v / 1000);
  if (s < 3600) return `${sign}${Math.floor(s / 60)}m ${pad2(s % 60)}s`;
  if (s < 86_400) return `${sign}${Math.floor(s / 3600)}h ${pad2(Math.floor((s % 3600) / 60))}m`;
  return `${sign}${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}

const TO_MS: Record<'ns' | 'ms' | 's', number> = { ns: 1e-6, ms: 1, s: 1000 };

/** A value in the panel's unit, for tooltips, tables and the big number. */
export function formatUnit(value: number | null | undefined, unit: PanelUnit | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ns':
    case 'ms':
    case 's':
      return formatDurationMs(value * TO_MS[unit]);
    case 'percent':
      return `${formatNumber(value)} %`;
    default:
      return formatNumber(value);
  }
}

/** A shorter form for axis ticks (compact numbers; bytes and durations as formatUnit). */
export function formatTick(value: number, unit: PanelUnit | undefined): string {
  if (unit === undefined || unit === 'number') return formatCompact(value);
  if (unit === 'percent') return `${formatCompact(value)}%`;
  return formatUnit(value, unit);
}

/** Pixels per character of an 11 px axis tick (its widest digits and units), and the tick's own gap. */
const TICK_CHAR_PX = 7;
const TICK_GAP_PX = 12;

/**
 * The width of a value axis that holds its longest tick on one line: the ticks run from 0 (or the
 * lowest value) to about the highest, so the labels of those bound it ("11.4 MiB" needs more than
 * "80%"). Between 40 and 110 px.
 */
export function valueAxisWidth(values: ReadonlyArray<number>, unit: PanelUnit | undefined): number {
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const labels = [lo, hi, hi * 0.75, hi / 3].map((v) => formatTick(v, unit));
  const longest = Math.max(...labels.map((l) => l.length));
  return Math.min(110, Math.max(40, longest * TICK_CHAR_PX + TICK_GAP_PX));
}

/** A time for table cells: `2026-01-05 14:03:09` in local time (sortable, one line). */
export function formatTime(ms: number): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return String(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}
