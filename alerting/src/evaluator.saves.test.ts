/**
 * The evaluator when saves fail (faultySaves wraps the real embedded store): a failed save of the
 * rule state, the evaluation history or a notification intent marks the run failed (run error,
 * lastError, history, an error log line with its code), is retried, and never sends a firing
 * twice or loses it.
 */
import { alerts, createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evaluator, type Logger } from './evaluator.ts';
import { faultySaves } from './faulty-saves.ts';
import { events, LOOPBACK_EGRESS, MINUTE, type Receiver, startReceiver, T0 } from './test-helpers.ts';

interface Line {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}
function memoryLog(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

describe('evaluator: failed saves are reported and retried, never swallowed', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  async function setup() {
    const inner: EmbeddedStore = await createEmbeddedStore({ path: ':memory:' });
    await inner.write(events(180, T0, 30 * MINUTE));
    await inner.write(events(50, T0 + 10 * MINUTE, 2 * MINUTE, { level: 'error', message: 'db timeout' }));
    await inner.flush();
    await alerts.createRule(inner, {
      id: 'spike',
      name: 'Spike',
      query: 'log.level:error',
      every: '1m',
      window: '5m',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const { store, faults } = faultySaves(inner);
    const log = memoryLog();
    const ev = new Evaluator({
      store,
      log,
      backoffMs: 1,
      attemptsPerRun: 1,
      sleep: async () => {},
      egress: LOOPBACK_EGRESS,
    });
    receiver.all.length = 0;
    return { inner, faults, log, ev };
  }

  const errorLines = (log: { lines: Line[] }) => log.lines.filter((l) => l.level === 'error');

  it('rule state: the run fails visibly, the firing is sent once, and the state is saved when the store is back', async () => {
    const { inner, faults, log, ev } = await setup();
    await ev.evaluate(T0 + 9 * MINUTE);
    faults.fail = (o) => o.type === alerts.STATE_TYPE;
    const fired = await ev.evaluate(T0 + 11 * MINUTE + 5000);
    expect(fired.errors).toBe(1);
    expect(fired.runs[0]!.error).toContain('cannot save the rule state [STORE_UNAVAILABLE]');
    expect(faults.failed.filter((f) => f === `${alerts.STATE_TYPE}/spike`).length).toBeGreaterThanOrEqual(3); // retried
    expect(errorLines(log).some((l) => l.fields?.code === 'STORE_UNAVAILABLE' && l.fields?.rule === 'spike')).toBe(
      true,
    );
    const [entry] = await alerts.getHistory(inner, 'spike', { kind: 'evaluation' });
    expect(entry).toMatchObject({ at: new Date(T0 + 11 * MINUTE).toISOString() });
    expect(entry!.kind === 'evaluation' && entry!.error).toContain('cannot save the rule state');
    expect(receiver.all.map((r) => r.body.transition)).toEqual(['firing']);

    // still breaching, state still unsaveable: the next run steps from the state in memory — no second firing
    await ev.evaluate(T0 + 12 * MINUTE);
    expect(receiver.all).toHaveLength(1);

    faults.fail = () => false;
    await ev.evaluate(T0 + 14 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    const saved = await alerts.loadState(inner, 'spike');
    expect(saved.lastWindowEnd).toBe(T0 + 14 * MINUTE);
    expect((await alerts.getRule(inner, 'spike')).status).toBe('firing');
    await ev.evaluate(T0 + 17 * MINUTE);
    expect(receiver.all.map((r) => r.body.transition)).toEqual(['firing', 'resolved']);
    // a restart on the same store sends nothing new
    await new Evaluator({ store: inner }).evaluate(T0 + 17 * MINUTE + 10_000);
    expect(receiver.all).toHaveLength(2);
    await inner.close();
  });

  it('evaluation history: lastError says so with its code, and the entry is appended once the store is back', async () => {
    const { inner, faults, log, ev } = await setup();
    await ev.evaluate(T0 + 9 * MINUTE);
    faults.fail = (o) => o.type === alerts.HISTORY_TYPE;
    const fired = await ev.evaluate(T0 + 11 * MINUTE + 5000);
    expect(fired.runs[0]!.error).toContain('cannot save the evaluation history [STORE_UNAVAILABLE]');
    const rule = await alerts.getRule(inner, 'spike');
    expect(rule.lastError).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(rule.lastError?.message).toMatch(/cannot save the (evaluation|notification) history/);
    expect(errorLines(log).length).toBeGreaterThan(0);
    expect(receiver.all).toHaveLength(1);

    faults.fail = () => false;
    await ev.evaluate(T0 + 12 * MINUTE);
    const history = await alerts.getHistory(inner, 'spike', {});
    const at11 = new Date(T0 + 11 * MINUTE).toISOString();
    expect(history.some((h) => h.kind === 'evaluation' && h.at === at11)).toBe(true);
    expect(history.some((h) => h.kind === 'notification' && h.status === 'sent')).toBe(true);
    expect(receiver.all).toHaveLength(1);
    await inner.close();
  });

  it('notification intent: held, not sent and its state not saved until it is recorded; then sent once, for its own window', async () => {
    const { inner, faults, ev } = await setup();
    await ev.evaluate(T0 + 9 * MINUTE);
    faults.fail = (o) => o.type === alerts.NOTIFICATION_TYPE;
    const fired = await ev.evaluate(T0 + 11 * MINUTE + 5000);
    expect(fired.runs[0]!.error).toContain('cannot save the notification intent [STORE_UNAVAILABLE]');
    expect(receiver.all).toHaveLength(0);
    expect(ev.pendingNotifications).toBe(1);
    // the saved state is not ahead of the durable intents
    expect((await alerts.loadState(inner, 'spike')).lastWindowEnd).toBe(T0 + 9 * MINUTE);

    faults.fail = () => false;
    await ev.evaluate(T0 + 12 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    expect(receiver.all[0]!.body).toMatchObject({
      transition: 'firing',
      window: { to: new Date(T0 + 11 * MINUTE).toISOString() },
    });
    await ev.evaluate(T0 + 14 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    expect((await alerts.loadState(inner, 'spike')).lastWindowEnd).toBe(T0 + 14 * MINUTE);
    expect(ev.pendingNotifications).toBe(0);
    await inner.close();
  });
});
