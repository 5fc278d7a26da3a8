import { describe, expect, it } from 'vitest';
import { formatRate, pushTail, tailRate } from './tail.ts';

describe('live tail', () => {
  it('tail buffer and rate', () => {
    expect(pushTail([3], [4, 5], 2)).toEqual([5, 4]);
    expect(tailRate([1000, 5000, 9000], 10_000, 10_000)).toBeCloseTo(0.3);
    expect(formatRate(0.3)).toBe('18/min');
    expect(formatRate(12.4)).toBe('12/s');
  });
});
