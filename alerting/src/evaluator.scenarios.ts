/**
 * The evaluator scenarios, run against any LogStore: the embedded store (evaluator.test.ts) and a
 * real OpenSearch (test/alerting/opensearch.engine.test.ts).
 */
import { alerts, type LogStore } from '@driftwood/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Evaluator } from './evaluator.ts';
import { smtpConfigSchema } from './notify/smtp.ts';
import {
  events,
  LOOPBACK_EGRESS,
  type MailReceiver,
  MINUTE,
  type Receiver,
  startMailReceiver,
  startReceiver,
  T0,
} from './test-helpers.ts';

export function evaluatorScenarios(makeStore: () => Promise<LogStore>): void {
  let receiver: Receiver;
  let mail: MailReceiver;
  beforeAll(async () => {
    receiver = await startReceiver();
    mail = await startMailReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await mail.close();
  });

  const evaluator = (store: LogStore) =>
    new Evaluator({
      store,
      publicUrl: 'http://ui.test',
      egress: LOOPBACK_EGRESS,
      smtp: smtpConfigSchema.parse({
        host: '127.0.0.1',
        port: mail.port,
        starttls: 'never',
        from: 'alerts@driftwood.test',
        heloName: 'test',
        timeoutMs: 5000,
      }),
      backoffMs: 1,
      attemptsPerRun: 2,
    });

  it('an error spike fires exactly one webhook and one email; its end sends exactly one resolve', async () => {
    const store = await makeStore();
    receiver.all.length = 0;
    mail.mails.length = 0;
    await store.write(events(180, T0, 30 * MINUTE)); // background info traffic
    await store.write(events(50, T0 + 10 * MINUTE, 2 * MINUTE, { level: 'error', message: 'db timeout' }));
    await store.flush();
    await alerts.createRule(store, {
      id: 'error-spike',
      name: 'Error spike',
      query: 'log.level:error',
      every: '1m',
      window: '5m',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      actions: [
        { type: 'webhook', url: receiver.url },
        { type: 'email', to: ['ops@example.com'] },
      ],
    });
    const ev = evaluator(store);
    expect((await ev.evaluate(T0 + 9 * MINUTE)).evaluated).toBe(1);
    expect(receiver.all).toHaveLength(0);
    await ev.evaluate(T0 + 11 * MINUTE + 5000);
    await ev.evaluate(T0 + 11 * MINUTE + 30_000); // same slot: not run again
    await ev.evaluate(T0 + 12 * MINUTE);
    await ev.evaluate(T0 + 14 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    const fired = receiver.all[0]!;
    expect(fired.body).toMatchObject({
      transition: 'firing',
      state: 'firing',
      rule: { id: 'error-spike', name: 'Error spike' },
      value: 25,
      threshold: { comparator: '>', value: 10 },
      window: { from: new Date(T0 + 6 * MINUTE).toISOString(), to: new Date(T0 + 11 * MINUTE).toISOString() },
    });
    expect(fired.key).toBe(fired.body.id);
    const link = new URL(String(fired.body.link));
    expect(link.origin + link.pathname).toBe('http://ui.test/discover');
    expect(link.searchParams.get('q')).toBe('log.level:error');
    expect(link.searchParams.get('from')).toBe(new Date(T0 + 6 * MINUTE).toISOString());
    expect(link.searchParams.get('to')).toBe(new Date(T0 + 11 * MINUTE).toISOString());
    expect(mail.mails).toHaveLength(1);
    expect(mail.mails[0]).toMatchObject({ from: 'alerts@driftwood.test', to: ['ops@example.com'] });
    expect(mail.mails[0]!.headers['message-id']).toBe(`<${fired.key}@driftwood.alerts>`);
    expect(mail.mails[0]!.headers.subject).toContain('Error spike');
    expect(mail.mails[0]!.body).toContain('http://ui.test/discover?q=log.level%3Aerror');

    expect((await alerts.getRule(store, 'error-spike')).status).toBe('firing');
    await ev.evaluate(T0 + 17 * MINUTE); // [12m, 17m): no errors
    await ev.evaluate(T0 + 18 * MINUTE);
    await ev.evaluate(T0 + 19 * MINUTE);
    expect(receiver.all.map((r) => r.body.transition)).toEqual(['firing', 'resolved']);
    expect(mail.mails.map((m) => m.headers['x-driftwood-transition'])).toEqual(['firing', 'resolved']);
    expect(new Set(receiver.all.map((r) => r.key)).size).toBe(2);
    expect((await alerts.getRule(store, 'error-spike')).status).toBe('ok');

    const history = await alerts.getHistory(store, 'error-spike', { kind: 'evaluation' });
    expect(history.map((h) => h.at)).toEqual(
      [19, 18, 17, 14, 12, 11, 9].map((m) => new Date(T0 + m * MINUTE).toISOString()),
    );
    const notes = await alerts.getHistory(store, 'error-spike', { kind: 'notification' });
    expect(notes.filter((n) => n.kind === 'notification' && n.status === 'sent')).toHaveLength(4);

    // a restart resumes exactly: a new evaluator on the same store sends nothing new
    await new Evaluator({ store }).evaluate(T0 + 19 * MINUTE + 10_000);
    expect(receiver.all).toHaveLength(2);
    await store.close();
  });

  it('a grouped rule fires once per host, with the group in the message', async () => {
    const store = await makeStore();
    receiver.all.length = 0;
    for (const [host, n] of [
      ['web-1', 30],
      ['web-2', 12],
      ['web-3', 2],
    ] as const) {
      await store.write(events(n, T0 + 2 * MINUTE, 2 * MINUTE, { level: 'error', host }));
    }
    await store.write(events(40, T0, 10 * MINUTE, { host: 'web-4' }));
    await store.flush();
    await alerts.createRule(store, {
      id: 'errors-per-host',
      name: 'Errors per host',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>=', threshold: 10 },
      group_by: { field: 'host.name', limit: 10 },
      actions: [{ type: 'webhook', url: receiver.url }],
      message: '{{group}} has {{value}} errors',
    });
    await alerts.createRule(store, {
      id: 'slow-per-host',
      name: 'Slow hosts',
      query: 'event.duration:*',
      condition: { type: 'metric', agg: 'p95', field: 'event.duration', comparator: '>', threshold: 150 },
      group_by: { field: 'host.name', limit: 10 },
    });
    await store.write(events(20, T0 + 2 * MINUTE, 2 * MINUTE, { host: 'web-4', duration: 900 }));
    await store.flush();
    const ev = evaluator(store);
    await ev.evaluate(T0 + 5 * MINUTE);
    await ev.evaluate(T0 + 6 * MINUTE);
    const got = receiver.all.map((r) => [(r.body.group as { value: string }).value, r.body.value, r.body.message]);
    expect(got.sort()).toEqual([
      ['web-1', 30, 'web-1 has 30 errors'],
      ['web-2', 12, 'web-2 has 12 errors'],
    ]);
    const slow = (await alerts.listRules(store)).find((r) => r.id === 'slow-per-host')!;
    expect(slow.groups.filter((g) => g.status === 'firing').map((g) => g.group)).toEqual(['web-4']);
    await store.close();
  });

  it('a no-data rule fires when a source stops (whole rule and per device)', async () => {
    const store = await makeStore();
    receiver.all.length = 0;
    await store.write(events(60, T0, 20 * MINUTE, { host: 'sensor-7' }));
    await store.write(events(60, T0, 30 * MINUTE, { host: 'sensor-8' }));
    await store.flush();
    await alerts.createRule(store, {
      id: 'sensor-7-silent',
      name: 'Sensor 7 silent',
      query: 'host.name:sensor-7',
      condition: { type: 'no_data' },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    await alerts.createRule(store, {
      id: 'sensor-silent',
      name: 'A sensor went silent',
      query: 'host.name:sensor-*',
      condition: { type: 'no_data' },
      group_by: { field: 'host.name', limit: 100 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const ev = evaluator(store);
    await ev.evaluate(T0 + 15 * MINUTE);
    expect(receiver.all).toHaveLength(0);
    await ev.evaluate(T0 + 26 * MINUTE);
    const fired = receiver.all.map((r) => [(r.body.rule as { id: string }).id, r.body.group]);
    expect(fired.sort()).toEqual([
      ['sensor-7-silent', null],
      ['sensor-silent', { field: 'host.name', value: 'sensor-7' }],
    ]);
    expect(String(receiver.all[0]?.body.message)).toMatch(/no matching events/);
    await store.close();
  });

  it('bad KQL and an unreachable webhook are recorded as lastError and never stop other rules', async () => {
    const store = await makeStore();
    receiver.all.length = 0;
    await store.write(events(20, T0, 5 * MINUTE, { level: 'error' }));
    await store.flush();
    await store.saveObject({
      type: alerts.RULE_TYPE,
      id: 'broken',
      title: 'Broken',
      attributes: { name: 'Broken', query: 'log.level:(', condition: { type: 'count', comparator: '>', threshold: 1 } },
    });
    await alerts.createRule(store, {
      id: 'unreachable',
      name: 'Unreachable hook',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/nothing-listens-here' }],
    });
    await alerts.createRule(store, {
      id: 'bad-field',
      name: 'Aggregates a text field',
      condition: { type: 'metric', agg: 'max', field: 'message', comparator: '>', threshold: 1 },
    });
    await alerts.createRule(store, {
      id: 'good',
      name: 'Good',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const ev = evaluator(store);
    const report = await ev.evaluate(T0 + 5 * MINUTE);
    expect(receiver.all).toHaveLength(1);
    const rules = Object.fromEntries((await alerts.listRules(store)).map((r) => [r.id, r]));
    expect(rules.broken?.status).toBe('invalid');
    expect(rules.broken?.lastError?.message).toMatch(/query/);
    expect(rules.unreachable?.status).toBe('firing');
    expect(rules.unreachable?.lastError).toMatchObject({ source: 'notification', code: 'OUTPUT_FAILED' });
    expect(rules.good?.lastError).toBeUndefined();
    if (store.kind === 'embedded') {
      expect(report.errors).toBe(1);
      expect(rules['bad-field']?.lastError?.message).toMatch(/text field/);
    }
    await store.close();
  });

  it('muted: state moves silently; after unmuting a still-firing alert is announced once', async () => {
    const store = await makeStore();
    receiver.all.length = 0;
    await store.write(events(60, T0, 10 * MINUTE, { level: 'error' }));
    await store.flush();
    await alerts.createRule(store, {
      id: 'muted',
      name: 'Muted',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>', threshold: 1 },
      muted: true,
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    const ev = evaluator(store);
    await ev.evaluate(T0 + 5 * MINUTE);
    expect((await alerts.getRule(store, 'muted')).status).toBe('firing');
    expect(receiver.all).toHaveLength(0);
    await alerts.muteRule(store, 'muted', false);
    await ev.evaluate(T0 + 6 * MINUTE);
    await ev.evaluate(T0 + 7 * MINUTE);
    expect(receiver.all.map((r) => r.body.transition)).toEqual(['firing']);
    await store.close();
  });

  it('after downtime only the latest missed slot is evaluated, once', async () => {
    const store = await makeStore();
    await alerts.createRule(store, {
      id: 'catch-up',
      name: 'Catch up',
      condition: { type: 'count', comparator: '>', threshold: 1_000_000 },
    });
    await evaluator(store).evaluate(T0 + 5 * MINUTE);
    const later = evaluator(store); // a restart, an hour later
    const report = await later.evaluate(T0 + 65 * MINUTE + 7000);
    expect(report.runs.map((r) => r.slot)).toEqual([T0 + 65 * MINUTE]);
    expect((await later.evaluate(T0 + 65 * MINUTE + 9000)).evaluated).toBe(0);
    const history = await alerts.getHistory(store, 'catch-up');
    expect(history.map((h) => h.at)).toEqual([65, 5].map((m) => new Date(T0 + m * MINUTE).toISOString()));
    await store.close();
  });
}
