/**
 * Histogram interval choice: `auto` picks a nice interval for the range; a chosen interval that
 * would draw too many bars is scaled up to the next nice one (and the UI says so, like Kibana).
 */
import { autoInterval, formatInterval, NICE_INTERVALS, parseInterval } from '@driftwood/core';

/** Bars the auto interval aims for. */
export const AUTO_TARGET_BUCKETS = 60;
/** More bars than this and a chosen interval is scaled up. */
export const MAX_BUCKETS = 400;

export const INTERVAL_OPTIONS: ReadonlyArray<{ value: string; label: string }> = Object.freeze([
  { value: 'auto', label: 'Auto' },
  { value: '1s', label: 'Second' },
  { value: '10s', label: '10 seconds' },
  { value: '30s', label: '30 seconds' },
  { value: '1m', label: 'Minute' },
  { value: '5m', label: '5 minutes' },
  { value: '10m', label: '10 minutes' },
  { value: '30m', label: '30 minutes' },
  { value: '1h', label: 'Hour' },
  { value: '3h', label: '3 hours' },
  { value: '12h', label: '12 hours' },
  { value: '1d', label: 'Day' },
  { value: '7d', label: 'Week' },
  { value: '30d', label: '30 days' },
]);

export interface ChosenInterval {
  ms: number;
  label: string;
  /** The chosen interval was too small for the range and was widened. */
  scaled: boolean;
}

export function chooseInterval(choice: string, fromMs: number, toMs: number): ChosenInterval {
  const span = Math.max(1, toMs - fromMs);
  if (choice === 'auto') {
    const auto = autoInterval(fromMs, toMs, AUTO_TARGET_BUCKETS);
    return { ms: auto.ms, label: auto.label, scaled: false };
  }
  let ms: number;
  try {
    ms = parseInterval(choice);
  } catch {
    return chooseInterval('auto', fromMs, toMs);
  }
  if (span / ms <= MAX_BUCKETS) return { ms, label: formatInterval(ms), scaled: false };
  const nice = NICE_INTERVALS.find((n) => n.ms > ms && span / n.ms <= MAX_BUCKETS);
  if (nice) return { ms: nice.ms, label: nice.label, scaled: true };
  const days = Math.ceil(span / MAX_BUCKETS / 86_400_000);
  return { ms: days * 86_400_000, label: `${days}d`, scaled: true };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** An x-axis tick label fitting the interval, in local time. */
export function formatBucket(ms: number, intervalMs: number): string {
  const d = new Date(ms);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (intervalMs < 60_000) return `${hm}:${pad(d.getSeconds())}`;
  if (intervalMs < 86_400_000) {
    return d.getHours() === 0 && d.getMinutes() === 0 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}` : hm;
  }
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
