import { alerts, createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Evaluator } from './evaluator.ts';
import { events, LOOPBACK_EGRESS, MINUTE, type Receiver, startReceiver, T0 } from './test-helpers.ts';

/** Secrets seeded into the rules; no answer of the API may contain any of them. */
const SECRETS = ['p4th-t0ken', 'qu3ry-t0ken', 'h3ader-t0ken', 'us3r-t0ken'];
const condition = { type: 'count', comparator: '>', threshold: 10 } as const;
const NOW = T0 + 16 * MINUTE + 10_000;

describe('alerting API: no answer carries a secret', () => {
  let store: EmbeddedStore;
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());
  beforeEach(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    await store.write(events(50, T0 + 10 * MINUTE, 5 * MINUTE, { level: 'error' }));
    await store.flush();
    receiver.all.length = 0;
  });
  afterEach(() => store.close());

  const seed = async (url: string) => {
    const base = new URL(url);
    await alerts.createRule(store, {
      id: 'spike',
      name: 'Spike',
      query: 'log.level:error',
      condition,
      actions: [
        {
          type: 'webhook',
          id: 'hook',
          url: `http://us3r-t0ken:pw@${base.host}/hooks/p4th-t0ken?key=qu3ry-t0ken`,
          headers: { authorization: 'Bearer h3ader-t0ken' },
        },
        { type: 'slack', id: 'chat', url: `http://${base.host}/services/T0/B0/p4th-t0ken` },
      ],
    });
  };

  const everyAnswer = async () =>
    JSON.stringify([
      await alerts.listNotifications(store, 'spike'),
      await alerts.getHistory(store, 'spike'),
      await alerts.getRule(store, 'spike'),
      await alerts.listRules(store),
    ]);

  it('notifications, history and rules show [secret] for URLs and header values, after a delivery', async () => {
    await seed(receiver.url);
    const ev = new Evaluator({ store, egress: LOOPBACK_EGRESS, attemptsPerRun: 1 });
    await ev.evaluate(NOW);
    expect(receiver.all.length).toBe(2); // delivered with the real secrets
    expect(receiver.all[0]?.headers.authorization).toBe('Bearer h3ader-t0ken');
    const [intent] = await alerts.listNotifications(store, 'spike');
    expect(intent?.deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);
    expect(intent?.deliveries[0]?.config).toEqual({
      type: 'webhook',
      id: 'hook',
      url: `http://[secret]@${new URL(receiver.url).host}/[secret]`,
      headers: { authorization: '[secret]' },
    });
    const answers = await everyAnswer();
    for (const secret of SECRETS) expect(answers).not.toContain(secret);
  });

  it('a delivery the egress policy refuses is recorded with its reason, the target sees nothing, and no secret shows', async () => {
    await seed(receiver.url);
    const ev = new Evaluator({ store, attemptsPerRun: 3, backoffMs: 1 }); // default policy: loopback refused
    await ev.evaluate(NOW);
    expect(receiver.all).toEqual([]);
    const [intent] = await alerts.listNotifications(store, 'spike');
    expect(intent?.deliveries.map((d) => [d.status, d.attempts])).toEqual([
      ['failed', 1],
      ['failed', 1],
    ]);
    const reason = 'egress denied: 127.0.0.1 is loopback; allow it in alerting egress.allow';
    expect(intent?.deliveries[0]?.lastError).toBe(
      `POST http://[secret]@127.0.0.1:${new URL(receiver.url).port}/[secret]: ${reason}`,
    );
    const history = await alerts.getHistory(store, 'spike', { kind: 'notification' });
    expect(history.map((h) => (h.kind === 'notification' ? [h.status, h.error?.endsWith(reason)] : []))).toEqual([
      ['failed', true],
      ['failed', true],
    ]);
    expect((await alerts.getRule(store, 'spike')).lastError?.message).toContain(reason);
    const answers = await everyAnswer();
    for (const secret of SECRETS) expect(answers).not.toContain(secret);
  });

  it('records kept from before (a response body in the error, a raw URL) are redacted when read', async () => {
    await seed(receiver.url);
    await store.saveObject({
      type: alerts.NOTIFICATION_TYPE,
      id: 'old',
      title: 'spike firing',
      attributes: {
        ruleId: 'spike',
        group: null,
        transition: 'firing',
        windowEnd: T0,
        createdAt: new Date(T0).toISOString(),
        status: 'failed',
        attempts: 1,
        deliveries: [
          {
            action: 'hook',
            config: { type: 'webhook', url: 'https://x.example/p4th-t0ken', headers: { 'x-key': 'h3ader-t0ken' } },
            status: 'failed',
            attempts: 1,
            lastError: 'HTTP 500: {"leak":"qu3ry-t0ken"}',
          },
          {
            action: 'chat',
            config: { type: 'slack', url: 'https://hooks.slack.com/services/T/B/p4th-t0ken' },
            status: 'failed',
            attempts: 1,
            lastError: 'POST https://us3r-t0ken@hooks.slack.com/services/p4th-t0ken failed: ECONNRESET',
          },
        ],
        content: {},
        after: {},
      },
    });
    const [old] = await alerts.listNotifications(store, 'spike');
    expect(old?.deliveries.map((d) => d.lastError)).toEqual([
      'HTTP 500',
      'POST https://[secret]@hooks.slack.com/[secret] failed: ECONNRESET',
    ]);
    const answers = await everyAnswer();
    for (const secret of SECRETS) expect(answers).not.toContain(secret);
  });

  it('creating and previewing a rule never contacts its action URLs', async () => {
    await seed(receiver.url);
    await alerts.previewRule(store, 'spike', { now: NOW });
    await alerts.previewRule(
      store,
      { name: 'x', condition, actions: [{ type: 'webhook', url: receiver.url }] },
      { now: NOW },
    );
    expect(receiver.all).toEqual([]);
  });
});
