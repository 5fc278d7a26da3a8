import { describe, expect, it } from 'vitest';
import { chooseInterval, MAX_BUCKETS } from './interval.ts';

const H = 3_600_000;

describe('histogram interval', () => {
  it('auto picks a nice interval for the range', () => {
    expect(chooseInterval('auto', 0, 24 * H)).toEqual({ ms: 30 * 60_000, label: '30m', scaled: false });
    expect(chooseInterval('auto', 0, 15 * 60_000).ms).toBe(30_000);
  });

  it('keeps a chosen interval that fits, scales one that would draw too many bars', () => {
    expect(chooseInterval('5m', 0, 24 * H)).toEqual({ ms: 300_000, label: '5m', scaled: false });
    const scaled = chooseInterval('1s', 0, 30 * 24 * H);
    expect(scaled.scaled).toBe(true);
    expect((30 * 24 * H) / scaled.ms).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(chooseInterval('nonsense', 0, 24 * H).label).toBe('30m');
  });
});
