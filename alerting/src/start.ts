/**
 * Runs the evaluator on the wall clock: inside `driftwood up` (startAlerting) and on its own
 * (`driftwood alerts`). It wakes when the next rule is due (at most every `maxSleepMs`, so new
 * and edited rules are picked up), never runs two cycles at once, and prunes old notification
 * intents once an hour. Run one evaluator per store.
 */

import { type MetricsServer, serveMetrics } from '@driftwood/core/node';
import type { LogStore } from '@driftwood/store';
import { type AlertingConfig, type HttpConfig, readAlertingConfig } from './config.ts';
import { type CycleReport, Evaluator, type EvaluatorOptions, type Logger, silentLogger } from './evaluator.ts';
import { AlertingMetrics } from './metrics.ts';
import { type SmtpConfig, smtpConfigFromUrl } from './notify/smtp.ts';

export interface StartAlertingOptions extends Omit<EvaluatorOptions, 'store' | 'log' | 'smtp'> {
  store: LogStore;
  log?: Logger;
  /** Base URL of the UI, for Discover links in notifications. */
  publicUrl?: string;
  /** SMTP server for email actions (default: DRIFTWOOD_SMTP_URL, e.g. smtp://user:pass@host:587). */
  smtp?: SmtpConfig;
  /** Longest sleep between cycles (default 5 s). */
  maxSleepMs?: number;
  /** Called after every cycle (tests). */
  onCycle?: (report: CycleReport) => void;
  /** The service's HTTP endpoint (alerting config `http`): `GET /metrics` and `GET /health`. */
  http?: HttpConfig;
}

export interface AlertingService {
  evaluator: Evaluator;
  /** What cycles and deliveries were counted. */
  metrics: AlertingMetrics;
  /** The HTTP endpoint once it listens, when `http.listen` is set (rejects when it cannot listen). */
  http?: Promise<MetricsServer>;
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 3_600_000;

export function startAlerting(options: StartAlertingOptions): AlertingService {
  const log = options.log ?? silentLogger;
  const smtp =
    options.smtp ?? (process.env.DRIFTWOOD_SMTP_URL ? smtpConfigFromUrl(process.env.DRIFTWOOD_SMTP_URL) : undefined);
  // the alerting config (egress allow-list, CA file) from DRIFTWOOD_ALERTING_CONFIG when not given
  const configFile = process.env.DRIFTWOOD_ALERTING_CONFIG;
  const config: Partial<AlertingConfig> =
    options.egress === undefined && options.tls === undefined && configFile ? readAlertingConfig(configFile) : {};
  const metrics = new AlertingMetrics();
  const evaluator = new Evaluator({
    ...options,
    egress: options.egress ?? config.egress,
    tls: options.tls ?? config.tls,
    log,
    smtp,
    metrics,
  });
  const listen = (options.http ?? config.http)?.listen;
  const http = listen
    ? serveMetrics({ listen, registry: metrics.registry, health: () => metrics.health() })
    : undefined;
  http?.then(
    (server) => log.info('alerting: metrics and health', { address: server.address }),
    (error: Error) => log.error('alerting: cannot serve metrics and health', { listen, error: error.message }),
  );
  const maxSleep = options.maxSleepMs ?? 5000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let lastPrune = 0;

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let next = Date.now() + maxSleep;
      try {
        const report = await evaluator.evaluate(Date.now());
        options.onCycle?.(report);
        if (report.evaluated > 0)
          log.info('alerting: cycle', {
            evaluated: report.evaluated,
            errors: report.errors,
            notifications: report.notifications,
            ms: Math.round(report.durationMs),
          });
        if (report.nextDueAt !== undefined) next = Math.min(next, report.nextDueAt);
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = Date.now();
          await evaluator.prune(Date.now());
        }
      } catch (error) {
        log.error('alerting: cycle failed', { error: (error as Error).message });
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(50, next - Date.now()));
      });
    }
  };
  // with an HTTP endpoint, nothing is evaluated before it listens (a taken port fails the start first)
  const running = http ? http.then(loop, () => undefined) : loop();
  log.info('alerting: started', { publicUrl: options.publicUrl, email: smtp ? smtp.host : 'not configured' });
  return {
    evaluator,
    metrics,
    ...(http ? { http } : {}),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await running;
      evaluator.close();
      await http?.then(
        (server) => server.close(),
        () => undefined,
      );
    },
  };
}
