/**
 * Time ranges for the picker: quick ranges, resolving expressions to epoch ms, labels,
 * zooming, auto-refresh periods and timestamp formatting.
 */
import { isRelativeTime, parseTime, resolveTimeRange } from '@driftwood/core';

export interface QuickRange {
  label: string;
  from: string;
  to: string;
}

export const QUICK_RANGES: readonly QuickRange[] = Object.freeze([
  { label: 'Last 15 minutes', from: 'now-15m', to: 'now' },
  { label: 'Last 30 minutes', from: 'now-30m', to: 'now' },
  { label: 'Last 1 hour', from: 'now-1h', to: 'now' },
  { label: 'Last 4 hours', from: 'now-4h', to: 'now' },
  { label: 'Last 12 hours', from: 'now-12h', to: 'now' },
  { label: 'Last 24 hours', from: 'now-24h', to: 'now' },
  { label: 'Last 7 days', from: 'now-7d', to: 'now' },
  { label: 'Last 30 days', from: 'now-30d', to: 'now' },
  { label: 'Today', from: 'now/d', to: 'now/d' },
  { label: 'This week', from: 'now/w', to: 'now/w' },
]);

export const REFRESH_OPTIONS: ReadonlyArray<{ label: string; ms: number }> = Object.freeze([
  { label: 'Off', ms: 0 },
  { label: '5 seconds', ms: 5_000 },
  { label: '10 seconds', ms: 10_000 },
  { label: '30 seconds', ms: 30_000 },
  { label: '1 minute', ms: 60_000 },
  { label: '5 minutes', ms: 300_000 },
]);

export interface ResolvedRange {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms (the `to` expression rounded up, plus one millisecond). */
  to: number;
}

export type RangeResult = { ok: true; range: ResolvedRange } | { ok: false; message: string };

/** Resolves `from` / `to` expressions at `now` (`to` rounds up, like Kibana). */
export function resolveRange(from: string, to: string, now: Date): RangeResult {
  try {
    const { from: f, to: t } = resolveTimeRange(from, to, now);
    return { ok: true, range: { from: f as number, to: t as number } };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

/** A time expression's error message, or undefined when it parses. */
export function timeError(expr: string, now = new Date()): string | undefined {
  try {
    parseTime(expr, now);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Nov 25, 2025 @ 12:46:01.123` in the given zone (default: the browser's local time). */
export function formatTimestamp(ms: number, zone: 'local' | 'UTC' = 'local'): string {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return String(ms);
  const utc = zone === 'UTC';
  const y = utc ? d.getUTCFullYear() : d.getFullYear();
  const mo = utc ? d.getUTCMonth() : d.getMonth();
  const day = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const mi = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  const msec = utc ? d.getUTCMilliseconds() : d.getMilliseconds();
  return `${MONTHS[mo]} ${pad(day)}, ${y} @ ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(msec, 3)}`;
}

/** A label for a range: the quick range's name, or `from → to`. */
export function describeRange(from: string, to: string): string {
  const quick = QUICK_RANGES.find((r) => r.from === from && r.to === to);
  if (quick) return quick.label;
  const show = (expr: string): string => {
    if (isRelativeTime(expr)) return expr;
    const t = Date.parse(expr);
    return Number.isFinite(t) ? formatTimestamp(t) : expr;
  };
  return `${show(from)} → ${show(to)}`;
}

/** Absolute ISO expressions for a zoomed range (what the histogram drag writes to the URL). */
export function zoomExpressions(fromMs: number, toMs: number): { from: string; to: string } {
  const a = Math.min(fromMs, toMs);
  const b = Math.max(fromMs, toMs);
  return { from: new Date(a).toISOString(), to: new Date(Math.max(b - 1, a)).toISOString() };
}

/** `YYYY-MM-DDTHH:mm:ss` in local time, for `<input type="datetime-local">`. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The value of a `datetime-local` input (local time) as an ISO 8601 UTC expression, or undefined. */
export function fromLocalInput(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  return Number.isFinite(d.getTime()) ? d.toISOString() : undefined;
}
