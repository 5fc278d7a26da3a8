import type { RuleTiming } from './rule.ts';
/**
 * When a rule runs. Slots are aligned to multiples of `every` on the UTC epoch: the run for slot
 * t looks at [t - window, t) and is due at t + delay. A run is identified by its slot, so a late,
 * repeated or restarted run sees exactly the same window. After downtime only the latest missed
 * slot is evaluated (once), not every slot that was missed.
 */

export interface EvaluationWindow {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms: the slot. */
  to: number;
}

/** The latest slot whose run is due at `now`. */
export function latestSlot(now: number, timing: Pick<RuleTiming, 'everyMs' | 'delayMs'>): number {
  return Math.floor((now - timing.delayMs) / timing.everyMs) * timing.everyMs;
}

/** The slot to evaluate at `now`, or undefined when the latest one was already evaluated. */
export function dueSlot(
  now: number,
  timing: Pick<RuleTiming, 'everyMs' | 'delayMs'>,
  lastWindowEnd: number | undefined,
): number | undefined {
  const slot = latestSlot(now, timing);
  return lastWindowEnd !== undefined && lastWindowEnd >= slot ? undefined : slot;
}

export function windowFor(slot: number, timing: Pick<RuleTiming, 'windowMs'>): EvaluationWindow {
  return { from: slot - timing.windowMs, to: slot };
}

/** Wall-clock time at which the next run after `now` is due. */
export function nextDueAt(now: number, timing: Pick<RuleTiming, 'everyMs' | 'delayMs'>): number {
  return latestSlot(now, timing) + timing.everyMs + timing.delayMs;
}
