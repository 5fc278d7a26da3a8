/**
 * The indexer as a running service: HTTP server on the configured address (router.ts) plus the
 * optional Kafka input, over one LogStore. Entry points (the CLI, `driftwood up`, tests) call
 * `startIndexer` and later `close()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogStore } from '@driftwood/store';
import { createLogger, type Logger } from '@driftwood/telemetry';
import { type IndexerConfig, parseListen } from './config.ts';
import { Ingestor } from './ingest.ts';
import { IndexerMetrics } from './metrics.ts';
import { startRetention } from './retention.ts';
import { createRouter } from './router.ts';

export interface IndexerOptions {
  config: IndexerConfig;
  store: LogStore;
  /** Override `config.listen` (tests pass port 0). */
  listen?: string;
  storeHandler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  health?: () => Record<string, unknown>;
  metrics?: IndexerMetrics;
  /** Default: @driftwood/telemetry's logger for `indexer` (ECS JSON lines on stderr). */
  log?: Logger;
}

export interface RunningIndexer {
  /** http://host:port */
  url: string;
  server: Server;
  metrics: IndexerMetrics;
  ingestor: Ingestor;
  close(): Promise<void>;
}

export function createIngestor(config: IndexerConfig, store: LogStore, metrics: IndexerMetrics): Ingestor {
  return new Ingestor({
    store,
    metrics,
    retry: {
      attempts: config.retry.attempts,
      initialBackoffMs: config.retry.initial_backoff_ms,
      maxBackoffMs: config.retry.max_backoff_ms,
    },
    deadLetter: {
      enabled: config.dead_letter.enabled,
      dataset: config.dead_letter.dataset,
      maxOriginalBytes: config.dead_letter.max_original_bytes,
    },
  });
}

export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  const { config, store } = options;
  const metrics = options.metrics ?? new IndexerMetrics();
  const log = options.log ?? createLogger({ service: 'indexer' });
  const ingestor = createIngestor(config, store, metrics);
  const handler = createRouter({
    config,
    store,
    ingestor,
    metrics,
    ...(options.storeHandler ? { storeHandler: options.storeHandler } : {}),
    ...(options.health ? { health: options.health } : {}),
  });
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 300_000 }, handler);
  server.headersTimeout = 66_000;
  const { host, port } = parseListen(options.listen ?? config.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const retention = config.retention
    ? startRetention(store, {
        days: config.retention.days,
        checkIntervalMs: config.retention.check_interval_ms,
        log: (line) => log.info(line),
      })
    : undefined;
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${addr.port}`,
    server,
    metrics,
    ingestor,
    close: () =>
      new Promise<void>((resolve) => {
        retention?.stop();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      }),
  };
}
