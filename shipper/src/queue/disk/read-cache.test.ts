import { describe, expect, it } from 'vitest';
import { ReadCache } from './read-cache.ts';

const rec = (start: number, end: number, file = 'seg-1') => ({ file, start, end, events: [] });

describe('ReadCache', () => {
  it('keeps a contiguous run within its budget and hands records out oldest first, by position', () => {
    const cache = new ReadCache(100);
    expect(cache.remember(rec(0, 40))).toBe(true);
    expect(cache.remember(rec(40, 80))).toBe(true);
    expect(cache.remember(rec(80, 130))).toBe(false); // over budget
    expect(cache.remember(rec(130, 140))).toBe(false); // not contiguous any more, though it fits
    expect(cache.bytes).toBe(80);
    expect(cache.takeAt('seg-1', 40)).toBeUndefined(); // not the oldest
    expect(cache.takeAt('seg-1', 0)?.end).toBe(40);
    expect(cache.takeAt('seg-1', 40)?.end).toBe(80);
    expect(cache.bytes).toBe(0);
    // Emptied: caching starts again.
    expect(cache.remember(rec(140, 150))).toBe(true);
    expect(cache.takeAt('seg-2', 140)).toBeUndefined();
  });
});
