import { createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { afterEach, describe, expect, it } from 'vitest';
import { alertingConfigSchema } from './config.ts';
import { type AlertingService, startAlerting } from './start.ts';
import { LOOPBACK_EGRESS, liveRuleStore, type Receiver, startReceiver } from './test-helpers.ts';

let store: EmbeddedStore | undefined;
let service: AlertingService | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await service?.stop();
  await store?.close();
  await receiver?.close();
  service = store = receiver = undefined;
});

/** A sample's value in Prometheus text (`name{labels} value`), summed over its label sets. */
function sample(text: string, name: string, labels = ''): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const [series, value] = line.split(' ');
    if (series === name || series?.startsWith(`${name}{`)) {
      if (labels === '' || series?.includes(labels)) total += Number(value);
    }
  }
  return total;
}

describe('the alerting service HTTP endpoint', () => {
  it('counts rule runs, notifications and webhook deliveries in /metrics; /health says when the last cycle ended', async () => {
    receiver = await startReceiver();
    store = await liveRuleStore([{ type: 'webhook', url: receiver.url }]);
    let cycles = 0;
    service = startAlerting({
      store,
      egress: LOOPBACK_EGRESS,
      maxSleepMs: 50,
      http: { listen: '127.0.0.1:0' },
      onCycle: (r) => {
        cycles += r.evaluated;
      },
    });
    const server = await (service.http as NonNullable<AlertingService['http']>);
    const base = `http://${server.address}`;
    await expect.poll(() => cycles, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => receiver?.all.length, { timeout: 10_000 }).toBe(1);

    let text = '';
    await expect
      .poll(
        async () => {
          text = await (await fetch(`${base}/metrics`)).text();
          return sample(text, 'driftwood_alerting_delivery_attempts_total', 'outcome="sent"');
        },
        { timeout: 10_000 },
      )
      .toBe(1);
    expect(sample(text, 'driftwood_alerting_delivery_attempts_total', 'channel="webhook"')).toBe(1);
    expect(sample(text, 'driftwood_alerting_rule_runs_total', 'outcome="ok"')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'driftwood_alerting_rule_runs_total', 'outcome="error"')).toBe(0);
    expect(sample(text, 'driftwood_alerting_notifications_total')).toBe(1);
    expect(sample(text, 'driftwood_alerting_cycle_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    // nothing of a rule or a notification: no query, no URL
    expect(text).not.toContain('log.level');
    expect(text).not.toContain(receiver.url);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; last_cycle_at: string };
    expect(body.status).toBe('ok');
    expect(Date.now() - Date.parse(body.last_cycle_at)).toBeLessThan(60_000);
    expect((await fetch(`${base}/rules`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('serves nothing unless http.listen is set; a listen address that is taken rejects before any cycle', async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    service = startAlerting({ store, maxSleepMs: 50 });
    expect(service.http).toBeUndefined();
    await service.stop();
    const first = startAlerting({ store, maxSleepMs: 50, http: { listen: '127.0.0.1:0' } });
    const taken = (await (first.http as NonNullable<AlertingService['http']>)).address;
    let cycles = 0;
    service = startAlerting({ store, maxSleepMs: 50, http: { listen: taken }, onCycle: () => cycles++ });
    await expect(service.http).rejects.toThrow(/EADDRINUSE/);
    // nothing was evaluated: the loop starts only once the endpoint listens
    await new Promise((r) => setTimeout(r, 300));
    expect(cycles).toBe(0);
    await first.stop();
  });

  it('the config takes http.listen as host:port and refuses anything else', () => {
    expect(alertingConfigSchema.parse({ http: { listen: '127.0.0.1:9284' } }).http).toEqual({
      listen: '127.0.0.1:9284',
    });
    expect(alertingConfigSchema.parse({}).http).toEqual({});
    expect(() => alertingConfigSchema.parse({ http: { listen: 'metrics-port' } })).toThrow(/host:port/);
  });
});
