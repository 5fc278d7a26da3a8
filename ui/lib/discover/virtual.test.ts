import { describe, expect, it } from 'vitest';
import { computeWindow, needsMore } from './virtual.ts';

describe('windowing', () => {
  it('renders only rows in view plus overscan, with spacers for the rest', () => {
    const w = computeWindow({ count: 1000, height: () => 20, scrollTop: 2000, viewport: 400, overscan: 5 });
    expect(w.start).toBe(95);
    expect(w.end).toBe(125);
    expect(w.padTop).toBe(95 * 20);
    expect(w.padTop + (w.end - w.start) * 20 + w.padBottom).toBe(w.total);
    expect(w.total).toBe(20_000);
  });

  it('accounts for taller (expanded) rows', () => {
    const w = computeWindow({
      count: 10,
      height: (i) => (i === 0 ? 500 : 20),
      scrollTop: 0,
      viewport: 300,
      overscan: 0,
    });
    expect([w.start, w.end]).toEqual([0, 1]);
    expect(computeWindow({ count: 0, height: () => 20, scrollTop: 0, viewport: 300 })).toMatchObject({
      start: 0,
      end: 0,
    });
  });

  it('asks for more near the end of what is loaded', () => {
    expect(needsMore(90, 100, 500)).toBe(true);
    expect(needsMore(50, 100, 500)).toBe(false);
    expect(needsMore(100, 100, 100)).toBe(false);
  });
});
