/** Date histogram buckets aligned to the UTC epoch, every bucket from `from` to `to` present. */
import { autoInterval } from '@driftwood/core';
import type { HistogramBucket } from './contract.ts';

/** Histograms never have more buckets than this; a smaller interval is widened. */
export const MAX_BUCKETS = 2000;

export function histogramInterval(fromMs: number, toMs: number, intervalMs?: number): number {
  let interval = intervalMs ?? autoInterval(fromMs, toMs).ms;
  if (!(interval > 0)) interval = 1000;
  while ((toMs - fromMs) / interval > MAX_BUCKETS) interval *= 2;
  return interval;
}

export function bucketStart(ms: number, intervalMs: number): number {
  return Math.floor(ms / intervalMs) * intervalMs;
}

/** Zero-fills missing buckets between from (inclusive) and to (exclusive), in time order. */
export function fillHistogram(
  buckets: HistogramBucket[],
  fromMs: number,
  toMs: number,
  intervalMs: number,
): HistogramBucket[] {
  const byKey = new Map(buckets.map((b) => [b.key, b]));
  const out: HistogramBucket[] = [];
  const withSplit = buckets.some((b) => b.split !== undefined);
  for (let key = bucketStart(fromMs, intervalMs); key < toMs; key += intervalMs) {
    const found = byKey.get(key);
    if (found) out.push(found);
    else out.push(withSplit ? { key, count: 0, split: { buckets: [], other: 0 } } : { key, count: 0 });
    byKey.delete(key);
  }
  return out;
}
