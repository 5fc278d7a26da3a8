/**
 * Time-based retention: every `check_interval_ms` (and once at start) delete events older than
 * `days` through the store contract (`deleteOlderThan`, which every backend implements: rows on
 * the embedded store, whole daily indices plus the boundary day on OpenSearch/Elasticsearch).
 * Each pass that deletes something, and each failed pass, is an audit event (`retention`).
 */
import { auditEvent, type LogStore } from '@driftwood/store';

export interface RetentionOptions {
  days: number;
  checkIntervalMs: number;
  log?: (message: string) => void;
  now?: () => number;
}

export interface RunningRetention {
  /** Runs one pass now; resolves to the number of events deleted. */
  runOnce(): Promise<number>;
  stop(): void;
}

const DAY = 86_400_000;

export function startRetention(store: LogStore, options: RetentionOptions): RunningRetention {
  const now = options.now ?? Date.now;
  let running: Promise<number> | undefined;
  const audit = async (outcome: 'success' | 'failure', details: Record<string, unknown>): Promise<void> => {
    const cutoff = new Date(now() - options.days * DAY).toISOString();
    const event = auditEvent(
      { action: 'retention', outcome, details: { days: options.days, cutoff, ...details } },
      now(),
    );
    const [written] = await store.write([event]);
    if (written?.status === 'rejected') throw new Error(written.reason);
  };
  const runOnce = (): Promise<number> => {
    running ??= store
      .deleteOlderThan(now() - options.days * DAY)
      .then(async (deleted) => {
        if (deleted > 0) {
          options.log?.(`retention: deleted ${deleted} events older than ${options.days} days`);
          await audit('success', { deleted }).catch((error: unknown) => {
            options.log?.(`retention: the audit event was not stored: ${(error as Error).message}`);
          });
        }
        return deleted;
      })
      .catch(async (error: unknown) => {
        options.log?.(`retention: ${(error as Error).message}`);
        await audit('failure', { error: (error as Error).message }).catch(() => {});
        return 0;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  void runOnce();
  const timer = setInterval(() => void runOnce(), options.checkIntervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
