/**
 * The indexer as a running service: HTTP (or, with `tls:`, HTTPS) server on the configured address
 * (router.ts) plus the optional Kafka input, over one LogStore. Credentials are checked by the
 * security service on the same store (given, or opened here: at start when auth is required, on
 * the first request with credentials otherwise). Entry points (the CLI, `driftwood up`, tests)
 * call `startIndexer` and later `close()`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DriftwoodError } from '@driftwood/core';
import { type LogStore, SecurityService } from '@driftwood/store';
import { createLogger, type Logger } from '@driftwood/telemetry';
import type { Authenticator } from './auth.ts';
import { type AuthMode, authModeFor, type IndexerConfig, parseListen } from './config.ts';
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
  /** Checks ApiKey / Basic credentials; default: `SecurityService.open(store)`. */
  security?: Authenticator;
}

export interface RunningIndexer {
  /** http(s)://host:port */
  url: string;
  /** The auth mode in effect. */
  authMode: AuthMode;
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
  const listen = options.listen ?? config.listen;
  const authMode = authModeFor(config, listen);
  const tls = config.tls ? readTls(config.tls) : undefined;
  let security: Promise<Authenticator> | undefined = options.security ? Promise.resolve(options.security) : undefined;
  const authenticator = (): Promise<Authenticator> => {
    if (security) return security;
    const opening: Promise<Authenticator> = SecurityService.open(store);
    security = opening;
    // A failed open is tried again on the next request instead of being kept.
    opening.catch(() => {
      if (security === opening) security = undefined;
    });
    return opening;
  };
  if (authMode === 'required') await authenticator();
  const ingestor = createIngestor(config, store, metrics);
  const handler = createRouter({
    config,
    store,
    ingestor,
    metrics,
    authMode,
    authenticator,
    ...(options.storeHandler ? { storeHandler: options.storeHandler } : {}),
    ...(options.health ? { health: options.health } : {}),
  });
  const serverOptions = { keepAliveTimeout: 65_000, requestTimeout: 300_000 };
  const server: Server = tls
    ? createHttpsServer({ ...serverOptions, cert: tls.cert, key: tls.key }, handler)
    : createServer(serverOptions, handler);
  server.headersTimeout = 66_000;
  const { host, port } = parseListen(listen);
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
    url: `${tls ? 'https' : 'http'}://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${addr.port}`,
    authMode,
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

/** Reads the configured certificate and key; a file that cannot be read is CONFIG_INVALID naming it. */
function readTls(tls: NonNullable<IndexerConfig['tls']>): { cert: Buffer; key: Buffer } {
  const read = (file: string, key: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new DriftwoodError('CONFIG_INVALID', `tls.${key}: cannot read ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return { cert: read(tls.cert_file, 'cert_file'), key: read(tls.key_file, 'key_file') };
}
