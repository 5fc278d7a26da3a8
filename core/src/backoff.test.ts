import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles from baseMs up to maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, { baseMs: 100, maxMs: 1000, jitter: false }));
    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(1000, { baseMs: 100, maxMs: 5000, jitter: 'none' })).toBe(5000);
    expect(backoffDelay(-1, { baseMs: 100, jitter: false })).toBe(100);
  });

  it('full jitter spreads over [0, cap]; equal jitter over [cap/2, cap]', () => {
    expect(backoffDelay(3, { baseMs: 100, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.5 })).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal', random: () => 0 })).toBe(400);
    expect(backoffDelay(3, { baseMs: 100, jitter: 'equal', random: () => 0.999999 })).toBeCloseTo(800, 2);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 10, { baseMs: 50, maxMs: 2000 });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(Math.min(2000, 50 * 2 ** (i % 10)));
    }
  });

  it('expresses the indexer writer waits (equal jitter, capped)', () => {
    const writer = (attempt: number, r: number) =>
      Math.round(backoffDelay(attempt, { baseMs: 100, maxMs: 5000, jitter: 'equal', random: () => r }));
    expect([writer(0, 0), writer(0, 1), writer(3, 1), writer(30, 1)]).toEqual([50, 100, 800, 5000]);
  });

  it('defaults to base 100 ms, max 30 s', () => {
    expect(backoffDelay(0, { jitter: false })).toBe(100);
    expect(backoffDelay(20, { jitter: false })).toBe(30_000);
  });
});

describe('sleep', () => {
  it('waits, and ends early when aborted', async () => {
    const t0 = Date.now();
    await sleep(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    const abort = new AbortController();
    const t1 = Date.now();
    setTimeout(() => abort.abort(), 10);
    await sleep(10_000, abort.signal);
    expect(Date.now() - t1).toBeLessThan(5_000);
    await sleep(10_000, abort.signal); // already aborted: at once
  });
});
