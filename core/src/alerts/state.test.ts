import { describe, expect, it } from 'vitest';
import { isSuppressed, type StepInput, step } from './state.ts';

const base: StepInput = { breached: true, value: 5, windowEnd: 1000, for: 1, suppressed: false };

describe('state machine', () => {
  it('ok → firing (notify) → firing (quiet) → resolved (notify) → ok', () => {
    const a = step(undefined, base);
    expect(a.next.status).toBe('firing');
    expect(a.notify).toBe('firing');
    const b = step(a.next, { ...base, windowEnd: 2000 });
    expect(b.next.status).toBe('firing');
    expect(b.notify).toBeUndefined();
    const c = step(b.next, { ...base, breached: false, windowEnd: 3000 });
    expect(c.next.status).toBe('resolved');
    expect(c.notify).toBe('resolved');
    const d = step(c.next, { ...base, breached: false, windowEnd: 4000 });
    expect(d.next.status).toBe('ok');
    expect(d.notify).toBeUndefined();
  });

  it('waits `for` breaches in pending; a clean run resets', () => {
    const a = step(undefined, { ...base, for: 3 });
    expect(a.next.status).toBe('pending');
    const b = step(a.next, { ...base, for: 3, windowEnd: 2000 });
    expect(b.next.status).toBe('pending');
    expect(b.notify).toBeUndefined();
    const c = step(b.next, { ...base, for: 3, windowEnd: 3000 });
    expect(c.next.status).toBe('firing');
    expect(c.notify).toBe('firing');
    const reset = step(b.next, { ...base, for: 3, breached: false, windowEnd: 3000 });
    expect(reset.next.status).toBe('ok');
    expect(reset.notify).toBeUndefined();
  });

  it('renotifies while firing every renotify interval', () => {
    const a = step(undefined, { ...base, renotifyMs: 2000 });
    const b = step(a.next, { ...base, renotifyMs: 2000, windowEnd: 2000 });
    expect(b.notify).toBeUndefined();
    const c = step(b.next, { ...base, renotifyMs: 2000, windowEnd: 3000 });
    expect(c.notify).toBe('renotify');
    const d = step(c.next, { ...base, renotifyMs: 2000, windowEnd: 4000 });
    expect(d.notify).toBeUndefined();
  });

  it('suppressed: moves state silently, announces firing after the snooze, no resolve for unannounced', () => {
    const a = step(undefined, { ...base, suppressed: true });
    expect(a.next.status).toBe('firing');
    expect(a.notify).toBeUndefined();
    const b = step(a.next, { ...base, windowEnd: 2000 });
    expect(b.notify).toBe('firing');
    const quiet = step(a.next, { ...base, breached: false, windowEnd: 2000 });
    expect(quiet.next.status).toBe('resolved');
    expect(quiet.notify).toBeUndefined();
  });

  it('isSuppressed honours muted and snoozed_until', () => {
    const now = Date.UTC(2024, 0, 1);
    expect(isSuppressed({ muted: true }, now)).toBe(true);
    expect(isSuppressed({ muted: false, snoozed_until: new Date(now + 1).toISOString() }, now)).toBe(true);
    expect(isSuppressed({ muted: false, snoozed_until: new Date(now - 1).toISOString() }, now)).toBe(false);
    expect(isSuppressed({ muted: false }, now)).toBe(false);
  });
});
