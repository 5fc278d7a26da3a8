/**
 * The alert state machine, per rule and group (pure; no I/O):
 *
 *   ok ──breach──► pending (until `for` consecutive breaches) ──► firing ──no breach──► resolved ──► ok
 *
 * A firing notification is sent when a group starts firing, a resolve notification when it stops
 * (only if the firing one was sent), and while firing again every `renotify` (when set). While the
 * rule is muted or snoozed the state still moves but nothing is sent; a group that started firing
 * while snoozed is announced on the first run after the snooze ends (if still firing).
 */
import type { GroupState, Transition } from './types.ts';

export interface StepInput {
  breached: boolean;
  value: number | null;
  /** End of the evaluated window, epoch ms. */
  windowEnd: number;
  /** Consecutive breaches needed to fire. */
  for: number;
  renotifyMs?: number;
  /** Muted or snoozed: move the state, send nothing. */
  suppressed: boolean;
}

export interface StepResult {
  next: GroupState;
  notify?: Transition;
}

export function initialState(windowEnd: number): GroupState {
  return { status: 'ok', breaches: 0, value: null, since: windowEnd, notified: false };
}

export function step(previous: GroupState | undefined, input: StepInput): StepResult {
  const prev = previous ?? initialState(input.windowEnd);
  const base = { ...prev, value: input.value };
  if (input.breached) {
    const breaches = (prev.status === 'pending' || prev.status === 'firing' ? prev.breaches : 0) + 1;
    if (prev.status === 'firing') {
      const next: GroupState = { ...base, breaches };
      if (input.suppressed) return { next };
      if (!prev.notified) return { next: notified(next, input.windowEnd), notify: 'firing' };
      const last = prev.lastNotifiedAt ?? prev.since;
      if (input.renotifyMs !== undefined && input.windowEnd - last >= input.renotifyMs) {
        return { next: notified(next, input.windowEnd), notify: 'renotify' };
      }
      return { next };
    }
    if (breaches >= input.for) {
      const next: GroupState = { ...base, status: 'firing', breaches, since: input.windowEnd, notified: false };
      delete next.lastNotifiedAt;
      if (input.suppressed) return { next };
      return { next: notified(next, input.windowEnd), notify: 'firing' };
    }
    const since = prev.status === 'pending' ? prev.since : input.windowEnd;
    return { next: { ...base, status: 'pending', breaches, since, notified: false } };
  }
  if (prev.status === 'firing') {
    const next: GroupState = { ...base, status: 'resolved', breaches: 0, since: input.windowEnd };
    if (prev.notified && !input.suppressed) return { next: { ...next, notified: false }, notify: 'resolved' };
    return { next: { ...next, notified: false } };
  }
  if (prev.status === 'ok') return { next: { ...base, breaches: 0 } };
  return { next: { ...base, status: 'ok', breaches: 0, since: input.windowEnd, notified: false } };
}

function notified(state: GroupState, windowEnd: number): GroupState {
  return { ...state, notified: true, lastNotifiedAt: windowEnd };
}

/** Whether a rule sends nothing at `now` (muted, or snoozed until later). */
export function isSuppressed(rule: { muted: boolean; snoozed_until?: string }, now: number): boolean {
  if (rule.muted) return true;
  return rule.snoozed_until !== undefined && Date.parse(rule.snoozed_until) > now;
}
