import { describe, expect, it } from 'vitest';
import { Slots } from './slots.ts';

describe('Slots', () => {
  it('hands out its slots, then makes a taker wait for a give, or gives up after the time', async () => {
    const slots = new Slots(2);
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(0)).toBe(true);
    const start = Date.now();
    expect(await slots.take(50)).toBe(false);
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
    const waiting = slots.take(5_000);
    slots.give();
    expect(await waiting).toBe(true);
    // A timed-out waiter does not swallow a later give.
    slots.give();
    slots.give();
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(10)).toBe(false);
  });
});

describe('Slots counts', () => {
  it('reports taken and waiting, and never frees more than its size', async () => {
    const slots = new Slots(1);
    expect(await slots.take(0)).toBe(true);
    expect(slots.taken).toBe(1);
    const waiting = slots.take(1_000);
    expect(slots.waiting).toBe(1);
    slots.give();
    expect(await waiting).toBe(true);
    expect(slots.taken).toBe(1);
    slots.give();
    slots.give();
    expect(slots.taken).toBe(0);
    expect(await slots.take(0)).toBe(true);
    expect(await slots.take(0)).toBe(false);
  });
});
