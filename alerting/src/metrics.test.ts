import { metricValue } from '@driftwood/core/node';
import { describe, expect, it } from 'vitest';
import { AlertingMetrics } from './metrics.ts';

describe('AlertingMetrics', () => {
  it('counts each rule run by outcome, the notifications, the cycle, and each delivery attempt', async () => {
    const m = new AlertingMetrics();
    m.observeCycle(
      {
        now: 0,
        evaluated: 3,
        errors: 1,
        notifications: 2,
        durationMs: 120,
        runs: [
          { ruleId: 'a', slot: 0, durationMs: 10, doneAfterMs: 10, notifications: 1 },
          { ruleId: 'b', slot: 0, durationMs: 20, doneAfterMs: 30, notifications: 1 },
          { ruleId: 'c', slot: 0, durationMs: 5, doneAfterMs: 35, notifications: 0, error: 'boom' },
        ],
      },
      1_800_000_000_000,
    );
    m.observeDelivery('webhook', 'retry');
    m.observeDelivery('webhook', 'sent');
    m.observeDelivery('email', 'failed');
    expect(await metricValue(m.ruleRuns, { outcome: 'ok' })).toBe(2);
    expect(await metricValue(m.ruleRuns, { outcome: 'error' })).toBe(1);
    expect(await metricValue(m.notifications)).toBe(2);
    expect(await metricValue(m.lastCycle)).toBe(1_800_000_000);
    expect(await metricValue(m.deliveries, { channel: 'webhook' })).toBe(2);
    expect(await metricValue(m.deliveries, { outcome: 'failed' })).toBe(1);
    const text = await m.registry.metrics();
    expect(text).toContain('driftwood_alerting_rule_run_seconds_count 3');
    expect(text).toContain('driftwood_alerting_cycle_seconds_sum 0.12');
  });
});
