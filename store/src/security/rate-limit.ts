/**
 * Login attempts: at most `maxFailures` failures per key (a username, an address) in a sliding
 * window; beyond that, RATE_LIMITED with `retryAfterSeconds` until the oldest failure leaves the
 * window. An attempt counts as a failure from its start (`fail`) and is forgiven when it succeeds,
 * so concurrent guesses cannot all pass the check before the first one fails. Memory is bounded: at most `maxKeys` keys are tracked (the least recently failed go first).
 */
import { DriftwoodError } from '@driftwood/core';

export interface RateLimitOptions {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
}

export class FailureLimiter {
  readonly #failures = new Map<string, number[]>();
  readonly #options: Required<RateLimitOptions>;

  constructor(options: RateLimitOptions) {
    this.#options = { maxKeys: 10_000, ...options };
  }

  /** Seconds until `key` may try again, or 0. */
  retryAfter(key: string, now: number): number {
    const recent = this.#recent(key, now);
    if (recent.length < this.#options.maxFailures) return 0;
    const oldest = recent[recent.length - this.#options.maxFailures] as number;
    return Math.max(1, Math.ceil((oldest + this.#options.windowMs - now) / 1000));
  }

  /** Throws RATE_LIMITED when any of `keys` has used up its failures. */
  check(keys: string[], now: number): void {
    const wait = Math.max(0, ...keys.map((k) => this.retryAfter(k, now)));
    if (wait > 0) {
      throw new DriftwoodError('RATE_LIMITED', `too many failed logins; try again in ${wait} s`, {
        details: { retryAfterSeconds: wait },
      });
    }
  }

  fail(keys: string[], now: number): void {
    for (const key of keys) {
      const recent = this.#recent(key, now);
      recent.push(now);
      if (recent.length > this.#options.maxFailures) recent.splice(0, recent.length - this.#options.maxFailures);
      this.#failures.delete(key);
      this.#failures.set(key, recent);
    }
    while (this.#failures.size > this.#options.maxKeys) {
      this.#failures.delete(this.#failures.keys().next().value as string);
    }
  }

  /** Takes back one failure recorded at `at` (an attempt counted before it was checked, that succeeded). */
  forgive(keys: string[], at: number): void {
    for (const key of keys) {
      const list = this.#failures.get(key);
      const i = list?.lastIndexOf(at) ?? -1;
      if (list && i >= 0) list.splice(i, 1);
      if (list?.length === 0) this.#failures.delete(key);
    }
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string, now: number): number[] {
    const list = this.#failures.get(key);
    if (!list) return [];
    const recent = list.filter((t) => t > now - this.#options.windowMs);
    if (recent.length === 0) this.#failures.delete(key);
    return recent;
  }
}
