import { DriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
  it('allows maxFailures in the window, then says how long to wait', () => {
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) {
      limiter.check(['user:a'], t0 + i * 1000);
      limiter.fail(['user:a'], t0 + i * 1000);
    }
    expect(limiter.retryAfter('user:a', t0 + 3000)).toBe(57);
    expect(() => limiter.check(['user:b', 'user:a'], t0 + 3000)).toThrow(DriftwoodError);
    try {
      limiter.check(['user:a'], t0 + 3000);
    } catch (error) {
      expect((error as DriftwoodError).code).toBe('RATE_LIMITED');
      expect((error as DriftwoodError).details).toEqual({ retryAfterSeconds: 57 });
    }
    // the oldest failure leaves the window: one more try
    expect(limiter.retryAfter('user:a', t0 + 60_000)).toBe(0);
    expect(limiter.retryAfter('user:b', t0)).toBe(0);
  });

  it('forgives an attempt counted in advance, and reset clears a key', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000 });
    limiter.fail(['user:a', 'address:x'], 5);
    expect(limiter.retryAfter('address:x', 5)).toBeGreaterThan(0);
    limiter.forgive(['user:a', 'address:x'], 5);
    expect(limiter.retryAfter('address:x', 5)).toBe(0);
    expect(limiter.retryAfter('user:a', 5)).toBe(0);
    limiter.fail(['user:a'], 6);
    limiter.reset('user:a');
    expect(limiter.retryAfter('user:a', 6)).toBe(0);
  });

  it('keeps at most maxKeys keys (the least recently failed go first)', () => {
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000, maxKeys: 100 });
    for (let i = 0; i < 1000; i++) limiter.fail([`address:${i}`], 10);
    expect(limiter.retryAfter('address:0', 10)).toBe(0);
    expect(limiter.retryAfter('address:899', 10)).toBe(0);
    expect(limiter.retryAfter('address:900', 10)).toBeGreaterThan(0);
    expect(limiter.retryAfter('address:999', 10)).toBeGreaterThan(0);
  });
});
