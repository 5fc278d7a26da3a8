import { describe, expect, it } from 'vitest';
import { dueSlot, windowFor } from './schedule.ts';

describe('schedule', () => {
  const timing = { everyMs: 60_000, windowMs: 300_000, delayMs: 0 };
  it('pins the window to the slot and runs each slot once; after downtime only the latest', () => {
    const t = Date.UTC(2024, 0, 1, 10, 0);
    expect(dueSlot(t + 59_999, timing, undefined)).toBe(t);
    expect(windowFor(t, timing)).toEqual({ from: t - 300_000, to: t });
    expect(dueSlot(t + 30_000, timing, t)).toBeUndefined();
    expect(dueSlot(t + 3_600_000 + 5, timing, t)).toBe(t + 3_600_000);
    expect(dueSlot(t + 10_000, { ...timing, delayMs: 15_000 }, undefined)).toBe(t - 60_000);
  });
});
