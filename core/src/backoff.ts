/**
 * Retry delays: capped exponential backoff with jitter, and an abortable sleep. One function for
 * every retry loop (indexer writer, Kafka input, shipper outputs, store bulk, alerting outbox).
 *
 * The delay before retry `attempt` (0-based) is `cap = min(maxMs, baseMs · 2^attempt)`, then:
 * - `jitter: 'full'` (or `true`, the default): uniform in [0, cap] — AWS's "full jitter";
 * - `jitter: 'equal'`: uniform in [cap/2, cap] — never shorter than half the step;
 * - `jitter: 'none'` (or `false`): exactly `cap`.
 */

export type Jitter = boolean | 'full' | 'equal' | 'none';

export interface BackoffOptions {
  /** Delay of attempt 0 before jitter, ms (default 100). */
  baseMs?: number;
  /** Longest delay, ms (default 30 000). */
  maxMs?: number;
  /** Default `true` (= `'full'`). */
  jitter?: Jitter;
  /** Random source in [0, 1) (default `Math.random`). */
  random?: () => number;
}

/** Milliseconds to wait before retry number `attempt` (0 = the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 30_000;
  const cap = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  const jitter = options.jitter ?? true;
  const random = options.random ?? Math.random;
  if (jitter === false || jitter === 'none') return cap;
  if (jitter === 'equal') return cap / 2 + random() * (cap / 2);
  return random() * cap;
}

/** Resolves after `ms`, or at once when `signal` aborts (it never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
