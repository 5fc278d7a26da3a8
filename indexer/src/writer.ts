/**
 * Writing to the store with per-item handling: one `store.write` per batch; items the store
 * rejected as retryable (and whole calls that failed because the store is unavailable) are tried
 * again — only those items — with exponential backoff and equal jitter (core's `backoffDelay`), until the deadline or the
 * attempt limit. Never a whole-batch retry of items already answered.
 */
import { backoffDelay, type LogEvent, sleep } from '@driftwood/core';
import type { LogStore, WriteOutcome } from '@driftwood/store';

export type FinalOutcome =
  | { status: 'stored' }
  | { status: 'duplicate' }
  | { status: 'stored_with_conflicts'; conflicts: Array<{ field: string; reason: string }> }
  /** Not stored and never will be: goes to the dead-letter store. */
  | { status: 'rejected'; reason: string }
  /** Still failing when time or attempts ran out: the sender should retry later. */
  | { status: 'unavailable'; reason: string };

export interface RetryPolicy {
  /** Epoch ms after which no further attempt starts. */
  deadline: number;
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  signal?: AbortSignal;
  /** Called before each retry (metrics). */
  onRetry?: (items: number, reason: string) => void;
}

export async function writeWithRetry(
  store: LogStore,
  events: LogEvent[],
  policy: RetryPolicy,
): Promise<FinalOutcome[]> {
  const results: Array<FinalOutcome | undefined> = new Array(events.length);
  let pending = events.map((_, i) => i);
  let lastReason = 'the store did not answer';
  for (let attempt = 0; pending.length > 0; attempt++) {
    let outcomes: WriteOutcome[] | undefined;
    try {
      outcomes = await store.write(pending.map((i) => events[i] as LogEvent));
    } catch (error) {
      lastReason = (error as Error)?.message ?? String(error);
    }
    const still: number[] = [];
    for (let k = 0; k < pending.length; k++) {
      const i = pending[k] as number;
      const o = outcomes?.[k];
      if (o === undefined) {
        still.push(i);
      } else if (o.status === 'rejected') {
        if (o.retryable) {
          lastReason = o.reason;
          still.push(i);
        } else results[i] = { status: 'rejected', reason: o.reason };
      } else if (o.status === 'stored_with_conflicts') results[i] = { status: o.status, conflicts: o.conflicts };
      else results[i] = { status: o.status };
    }
    if (outcomes !== undefined && outcomes.length < pending.length)
      lastReason = 'the store answered fewer items than sent';
    pending = still;
    if (pending.length === 0) break;
    const wait = Math.round(
      backoffDelay(attempt, { baseMs: policy.initialBackoffMs, maxMs: policy.maxBackoffMs, jitter: 'equal' }),
    );
    if (attempt + 1 >= policy.attempts || Date.now() + wait > policy.deadline || policy.signal?.aborted) break;
    policy.onRetry?.(pending.length, lastReason);
    await sleep(wait, policy.signal);
  }
  for (const i of pending) results[i] = { status: 'unavailable', reason: lastReason };
  return results as FinalOutcome[];
}
