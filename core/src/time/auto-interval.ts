/**
 * Histogram intervals: pick a "nice" bucket size for a time range, like Kibana's auto interval,
 * and read / write interval strings (`30s`, `5m`, `1h`, `7d`).
 */
import { DriftwoodError } from '../errors.ts';

export interface TimeInterval {
  /** Bucket size in milliseconds. */
  ms: number;
  /** Short label, also a valid Elasticsearch `fixed_interval`: `1s`, `5m`, `12h`, `7d`, `365d`. */
  label: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The nice intervals, smallest first. Sub-second ones serve very short ranges. */
export const NICE_INTERVALS: readonly TimeInterval[] = Object.freeze([
  { ms: 1, label: '1ms' },
  { ms: 5, label: '5ms' },
  { ms: 10, label: '10ms' },
  { ms: 50, label: '50ms' },
  { ms: 100, label: '100ms' },
  { ms: 500, label: '500ms' },
  { ms: SECOND, label: '1s' },
  { ms: 5 * SECOND, label: '5s' },
  { ms: 10 * SECOND, label: '10s' },
  { ms: 30 * SECOND, label: '30s' },
  { ms: MINUTE, label: '1m' },
  { ms: 5 * MINUTE, label: '5m' },
  { ms: 10 * MINUTE, label: '10m' },
  { ms: 30 * MINUTE, label: '30m' },
  { ms: HOUR, label: '1h' },
  { ms: 3 * HOUR, label: '3h' },
  { ms: 12 * HOUR, label: '12h' },
  { ms: DAY, label: '1d' },
  { ms: 7 * DAY, label: '7d' },
  { ms: 30 * DAY, label: '30d' },
  { ms: 365 * DAY, label: '365d' },
]);

/**
 * The smallest nice interval that yields at most `targetBuckets` buckets over [fromMs, toMs]
 * (the order of the ends does not matter). Past 365d it uses whole multiples of 365d.
 */
export function autoInterval(fromMs: number, toMs: number, targetBuckets = 50): TimeInterval {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
    throw new DriftwoodError('INPUT_INVALID', 'autoInterval needs finite from and to times (epoch milliseconds)', {
      details: { fromMs, toMs },
    });
  }
  if (!Number.isFinite(targetBuckets) || targetBuckets < 1) {
    throw new DriftwoodError('INPUT_INVALID', `autoInterval needs targetBuckets >= 1, got ${targetBuckets}`, {
      details: { targetBuckets },
    });
  }
  const raw = Math.abs(toMs - fromMs) / Math.floor(targetBuckets);
  for (const interval of NICE_INTERVALS) {
    if (interval.ms >= raw) return { ms: interval.ms, label: interval.label };
  }
  const years = Math.ceil(raw / (365 * DAY));
  return { ms: years * 365 * DAY, label: `${years * 365}d` };
}

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/** Parses a fixed interval like `500ms`, `30s`, `5m`, `1h`, `7d`, `2w` to milliseconds. */
export function parseInterval(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/.exec(typeof text === 'string' ? text : '');
  const value = m === null ? Number.NaN : Number(m[1]) * (UNIT_MS[m[2]!] ?? Number.NaN);
  if (!Number.isFinite(value) || value <= 0) {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `Invalid interval ${JSON.stringify(text)}: expected a number and a unit (ms, s, m, h, d, w), e.g. 5m`,
      { details: { interval: text } },
    );
  }
  return value;
}

/** Formats milliseconds as the largest whole unit: 300000 → `5m`, 90000 → `90s`. */
export function formatInterval(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
