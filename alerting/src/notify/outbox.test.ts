import { initialState, type NotificationIntent, parseRule } from '@driftwood/core';
import { alerts, createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultySaves } from '../faulty-saves.ts';
import { events, loopbackConnections, MINUTE, type Receiver, startReceiver, T0 } from '../test-helpers.ts';
import { buildContent } from './message.ts';
import { intentId, Outbox } from './outbox.ts';

function intent(rule: ReturnType<typeof parseRule>, windowEnd: number): NotificationIntent {
  const id = intentId(rule.id, null, 'firing', windowEnd);
  return {
    id,
    ruleId: rule.id,
    group: null,
    transition: 'firing',
    windowEnd,
    createdAt: new Date().toISOString(),
    status: 'pending',
    attempts: 0,
    deliveries: rule.actions.map((a, i) => ({ action: `${a.type}-${i}`, config: a, status: 'pending', attempts: 0 })),
    content: buildContent({
      id,
      rule,
      group: null,
      transition: 'firing',
      value: 42,
      window: { from: windowEnd - 5 * MINUTE, to: windowEnd },
      publicUrl: 'http://ui.test/',
    }),
    after: initialState(windowEnd),
  };
}

describe('outbox', () => {
  let store: EmbeddedStore;
  let receiver: Receiver;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    await store.write(events(1, T0, 1));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await store.close();
  });

  it('retries a 5xx with exponential backoff, records each attempt, and records an id only once', async () => {
    const rule = parseRule({
      id: 'r',
      name: 'R',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: receiver.url, headers: { authorization: 'Bearer t' } }],
    });
    const sleeps: number[] = [];
    const outbox = new Outbox({
      store,
      history: new alerts.HistoryLog(store),
      channelOptions: { connections: loopbackConnections() },
      backoffMs: 100,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    receiver.all.length = 0;
    receiver.failNext(2, 503);
    const i = intent(rule, T0);
    expect(await outbox.record(i)).toBe(true);
    expect(await outbox.record(i)).toBe(false);
    await outbox.flush(T0);
    expect(sleeps).toEqual([100, 200]);
    expect(receiver.all).toHaveLength(1);
    expect(receiver.all[0]?.headers.authorization).toBe('Bearer t');
    expect(receiver.all[0]?.key).toBe(i.id);
    const [stored] = await alerts.listIntents(store, 'r');
    expect(stored).toMatchObject({ status: 'sent', attempts: 3 });
    const history = await alerts.readHistory(store, 'r');
    expect(history.map((h) => (h.kind === 'notification' ? h.status : h.kind))).toEqual([
      'sent',
      'retrying',
      'retrying',
    ]);
  });

  it('later runs retry only when due, the delay doubling; maxAttempts gives the delivery up', async () => {
    const rule = parseRule({
      id: 'later',
      name: 'Later',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const failures: boolean[] = [];
    const outbox = new Outbox({
      store,
      history: new alerts.HistoryLog(store),
      channelOptions: { connections: loopbackConnections() },
      attemptsPerRun: 1,
      backoffMs: 1000,
      maxAttempts: 3,
      onFailure: (_intent, _delivery, final) => {
        failures.push(final);
      },
    });
    receiver.all.length = 0;
    receiver.failNext(10, 503);
    const i = intent(rule, T0 + MINUTE);
    await outbox.record(i);
    const delivery = async () => (await alerts.listIntents(store, 'later'))[0]!.deliveries[0]!;
    await outbox.flush(T0);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + 2000 });
    await outbox.flush(T0 + 1999); // not due yet: nothing sent
    expect((await delivery()).attempts).toBe(1);
    await outbox.flush(T0 + 2000);
    expect(await delivery()).toMatchObject({ status: 'pending', attempts: 2, nextAttemptAt: T0 + 2000 + 4000 });
    await outbox.flush(T0 + 6000);
    expect(await delivery()).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: expect.stringContaining('503'),
    });
    expect((await alerts.listIntents(store, 'later'))[0]?.status).toBe('failed');
    expect(failures).toEqual([false, false, true]);
    expect(outbox.pendingCount).toBe(0);
    receiver.failNext(0);
  });

  it('a 4xx fails at once; slack gets { text, blocks } with a Discover button', async () => {
    const rule = parseRule({
      id: 's',
      name: 'S',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [
        { type: 'slack', url: receiver.url },
        { type: 'webhook', url: receiver.url },
      ],
    });
    const failures: string[] = [];
    const outbox = new Outbox({
      store,
      history: new alerts.HistoryLog(store),
      channelOptions: { connections: loopbackConnections() },
      backoffMs: 1,
      onFailure: (_i, d, final) => {
        failures.push(`${d.action}:${final}`);
      },
    });
    receiver.all.length = 0;
    await outbox.record(intent(rule, T0 + MINUTE));
    receiver.failNext(0);
    await outbox.flush(T0);
    const slack = receiver.all[0]?.body as { text: string; blocks: Array<{ type: string; elements?: unknown[] }> };
    expect(slack.text).toMatch(/^FIRING: S — count is 42 \(threshold > 1\)/);
    expect(slack.blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions']);
    expect(JSON.stringify(slack.blocks[2])).toContain('http://ui.test/discover?q=&from=');

    receiver.all.length = 0;
    receiver.failNext(1, 400);
    await outbox.record(intent(rule, T0 + 2 * MINUTE));
    await outbox.flush(T0);
    expect(failures).toEqual(['slack-0:true']);
    const [latest] = await alerts.listIntents(store, 's');
    expect(latest?.status).toBe('failed');
    expect(latest?.deliveries.map((d) => d.status)).toEqual(['failed', 'sent']);
  });

  it('a sent delivery whose record cannot be saved stays pending (never settled, never sent twice) until it is saved', async () => {
    const rule = parseRule({
      id: 'w',
      name: 'W',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const { store: faulty, faults } = faultySaves(store);
    const reported: string[] = [];
    const outbox = new Outbox({
      store: faulty,
      history: new alerts.HistoryLog(faulty),
      channelOptions: { connections: loopbackConnections() },
      backoffMs: 1,
      onSaveFailure: (ruleId, what) => {
        reported.push(`${ruleId}:${what}`);
      },
    });
    receiver.all.length = 0;
    receiver.failNext(0);
    const i = intent(rule, T0 + 3 * MINUTE);
    expect(await outbox.record(i)).toBe(true);
    faults.fail = (o) => o.type === alerts.NOTIFICATION_TYPE;
    await outbox.flush(T0);
    expect(receiver.all).toHaveLength(1);
    expect(reported).toEqual(['w:notification record']);
    expect(outbox.pendingCount).toBe(1);
    expect((await alerts.listIntents(store, 'w'))[0]?.status).toBe('pending');

    await outbox.flush(T0 + MINUTE); // still failing: not sent again
    expect(receiver.all).toHaveLength(1);
    expect(outbox.pendingCount).toBe(1);

    faults.fail = () => false;
    await outbox.flush(T0 + 2 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    expect(outbox.pendingCount).toBe(0);
    expect((await alerts.listIntents(store, 'w'))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('notification history that cannot be appended is reported and appended at the next flush', async () => {
    const rule = parseRule({
      id: 'h',
      name: 'H',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const { store: faulty, faults } = faultySaves(store);
    const reported: string[] = [];
    const outbox = new Outbox({
      store: faulty,
      history: new alerts.HistoryLog(faulty),
      channelOptions: { connections: loopbackConnections() },
      backoffMs: 1,
      onSaveFailure: (ruleId, what) => {
        reported.push(`${ruleId}:${what}`);
      },
    });
    receiver.all.length = 0;
    receiver.failNext(0);
    await outbox.record(intent(rule, T0 + 4 * MINUTE));
    faults.fail = (o) => o.type === alerts.HISTORY_TYPE;
    await outbox.flush(T0);
    expect(reported).toEqual(['h:notification history']);
    expect(await alerts.readHistory(store, 'h')).toEqual([]);
    faults.fail = () => false;
    await outbox.flush(T0 + MINUTE);
    const history = await alerts.readHistory(store, 'h');
    expect(history.map((h) => (h.kind === 'notification' ? h.status : h.kind))).toEqual(['sent']);
    expect(receiver.all).toHaveLength(1);
  });
});
