/**
 * The alerting service's Prometheus metrics (prom-client, through @driftwood/core/node): rule
 * runs and their outcome, how long runs and cycles take, notifications recorded and each
 * delivery attempt by channel and outcome, the time of the last cycle — plus the process and
 * Node.js default metrics. What `GET /metrics` of its HTTP endpoint answers (core's `serveMetrics`, started by start.ts).
 */
import { Counter, createMetrics, Gauge, type HealthReport, Histogram, type Registry } from '@driftwood/core/node';
import type { CycleReport } from './evaluator.ts';

const SECONDS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class AlertingMetrics {
  readonly registry: Registry = createMetrics();
  readonly ruleRuns = new Counter({
    name: 'driftwood_alerting_rule_runs_total',
    help: 'Rule evaluations, by outcome (ok, error).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  readonly ruleRunSeconds = new Histogram({
    name: 'driftwood_alerting_rule_run_seconds',
    help: 'How long one rule evaluation took (its query and state save).',
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly cycleSeconds = new Histogram({
    name: 'driftwood_alerting_cycle_seconds',
    help: 'How long one cycle took: the rules due, then the pending notifications.',
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'driftwood_alerting_notifications_total',
    help: 'Notification intents recorded (a rule changed state and has actions).',
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: 'driftwood_alerting_delivery_attempts_total',
    help: 'Attempts to deliver a notification, by channel (webhook, slack, email) and outcome (sent, retry, failed).',
    labelNames: ['channel', 'outcome'],
    registers: [this.registry],
  });
  readonly lastCycle = new Gauge({
    name: 'driftwood_alerting_last_cycle_timestamp_seconds',
    help: 'When the last cycle ended (Unix time): a stalled evaluator stops moving it.',
    registers: [this.registry],
  });

  /** What `GET /health` answers: ok, with the end of the last cycle once there was one. */
  async health(): Promise<HealthReport> {
    const at = (await this.lastCycle.get()).values[0]?.value;
    return { status: 'ok', ...(at ? { last_cycle_at: new Date(at * 1000).toISOString() } : {}) };
  }

  /** Counts one cycle's report. */
  observeCycle(report: CycleReport, endedAt = Date.now()): void {
    for (const run of report.runs) {
      this.ruleRuns.inc({ outcome: run.error ? 'error' : 'ok' });
      this.ruleRunSeconds.observe(run.durationMs / 1000);
    }
    if (report.notifications > 0) this.notifications.inc(report.notifications);
    this.cycleSeconds.observe(report.durationMs / 1000);
    this.lastCycle.set(endedAt / 1000);
  }

  /** Counts one delivery attempt. */
  observeDelivery(channel: string, outcome: 'sent' | 'retry' | 'failed'): void {
    this.deliveries.inc({ channel, outcome });
  }
}
