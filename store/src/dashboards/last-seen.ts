/**
 * "Devices gone silent" (a `last_seen` panel): from the answer of its request (panel-request.ts),
 * one row per value with its last-seen time, how long ago, its usual reporting interval and whether
 * it is silent: now − last seen > threshold_factor × usual interval. A value with fewer than
 * `min_events` events (or, for median_gap, fewer than two non-empty buckets) has no usual interval
 * and is never silent. Rows come silent first, then longest ago first, then by value.
 */
import type { DashboardPanel } from '@driftwood/core';
import type { AggregationResult } from '../contract.ts';
import { bucketKey } from './panel-request.ts';

export interface LastSeenRow {
  value: string | number;
  count: number;
  /** Epoch ms of the newest event. */
  lastSeen: number;
  agoMs: number;
  usualIntervalMs: number | null;
  silent: boolean;
}

type LastSeenPanel = Extract<DashboardPanel, { type: 'last_seen' }>;

const numberOf = (r: AggregationResult | undefined): number | null =>
  r && 'value' in r && typeof r.value === 'number' ? r.value : null;

function medianGap(result: AggregationResult | undefined): number | null {
  if (result?.type !== 'date_histogram') return null;
  const keys = result.buckets.filter((b) => b.count > 0).map((b) => b.key);
  if (keys.length < 2) return null;
  const gaps = keys
    .slice(1)
    .map((k, i) => k - (keys[i] as number))
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1 ? (gaps[mid] as number) : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}

export function lastSeenRows(
  panel: LastSeenPanel,
  answer: Record<string, AggregationResult>,
  nowMs: number,
): LastSeenRow[] {
  const terms = answer[bucketKey(0)];
  if (terms?.type !== 'terms') return [];
  const minEvents = panel.options.min_events ?? 2;
  const rows: LastSeenRow[] = [];
  for (const bucket of terms.buckets) {
    const first = numberOf(bucket.aggs?.first);
    const last = numberOf(bucket.aggs?.last);
    if (last === null) continue;
    let usual: number | null = null;
    if (bucket.count >= minEvents) {
      usual =
        panel.options.usual_interval === 'median_gap'
          ? medianGap(bucket.aggs?.gaps)
          : first !== null && bucket.count > 1
            ? (last - first) / (bucket.count - 1)
            : null;
    }
    const agoMs = Math.max(0, nowMs - last);
    rows.push({
      value: bucket.key,
      count: bucket.count,
      lastSeen: last,
      agoMs,
      usualIntervalMs: usual,
      silent: usual !== null && usual > 0 && agoMs > panel.options.threshold_factor * usual,
    });
  }
  const byValue = (a: LastSeenRow, b: LastSeenRow) => (String(a.value) < String(b.value) ? -1 : 1);
  return rows.sort((a, b) => Number(b.silent) - Number(a.silent) || b.agoMs - a.agoMs || byValue(a, b));
}
