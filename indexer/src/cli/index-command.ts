/**
 * `driftwood index --config FILE [--listen HOST:PORT] [--store KIND] [--data DIR] [--url URL]`:
 * runs the indexer until SIGINT/SIGTERM. Flags win over the config file's `store:`/`listen:`,
 * which win over DRIFTWOOD_STORE / DRIFTWOOD_DATA / OPENSEARCH_URL / ELASTICSEARCH_URL.
 * With the embedded store this process owns the data dir and publishes its store API for
 * `driftwood query`, the UI and alerting. The start line names the auth mode
 * (`listening on http://0.0.0.0:9280 (store: …; API keys required)`).
 */
import { parseArgs } from 'node:util';
import { isDriftwoodError, printableUrl } from '@driftwood/core';
import { createStoreHandler, type LogStore, openStore, publishStoreServer, selectStore } from '@driftwood/store';
import { type AuthMode, DEFAULT_LISTEN, type IndexerConfig, loadConfig, parseConfig } from '../config.ts';
import { type KafkaInput, startKafkaInput } from '../kafka-input.ts';
import { IndexerMetrics } from '../metrics.ts';
import { type RunningIndexer, startIndexer } from '../server.ts';

export const USAGE = `usage: driftwood index [--config FILE] [--listen HOST:PORT] [--store embedded|opensearch|elasticsearch] [--data DIR] [--url URL]
  default listen address: ${DEFAULT_LISTEN}

Runs the indexer: POST /_bulk (Elasticsearch-compatible), POST /ingest (NDJSON), GET /health, GET /metrics.

Auth (config \`auth.mode\`):
  loopback_open  the default on a loopback listen address without api_keys: requests without
                 credentials are taken, except from web browsers (Origin / cross-site
                 Sec-Fetch-Site: 403) and under a non-loopback Host name (421)
  required       the default beyond loopback or with api_keys: every route but /health needs
                 Authorization: ApiKey base64(id:key) or Basic user:password; writes need the
                 ingest privilege. Make a key for shippers with:
                   driftwood apikeys create --role ingest
  Listening beyond loopback always requires API keys (loopback_open there is refused).

TLS (config \`tls\`):
  tls.cert_file, tls.key_file   serve HTTPS with this PEM certificate (chain) and key
`;

/** What the start line says about auth. */
export function authSummary(mode: AuthMode): string {
  return mode === 'required' ? 'API keys required' : 'no credentials needed from loopback';
}

export async function run(args: string[], signal?: AbortSignal): Promise<number> {
  let values: { config?: string; listen?: string; store?: string; data?: string; url?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string', short: 'c' },
        listen: { type: 'string' },
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`driftwood index: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config: IndexerConfig;
  let store: LogStore | undefined;
  let indexer: RunningIndexer | undefined;
  let kafka: KafkaInput | undefined;
  let unpublish: (() => void) | undefined;
  try {
    config = values.config ? loadConfig(values.config) : parseConfig({});
    const flags = {
      ...((values.store ?? config.store.type) ? { store: values.store ?? config.store.type } : {}),
      ...((values.data ?? config.store.data) ? { data: values.data ?? config.store.data } : {}),
      ...((values.url ?? config.store.url) ? { url: values.url ?? config.store.url } : {}),
    };
    const selection = selectStore(flags);
    store = await openStore(selection, { owner: true });
    const metrics = new IndexerMetrics();
    indexer = await startIndexer({
      config,
      store,
      metrics,
      ...(values.listen ? { listen: values.listen } : {}),
      ...(selection.kind === 'embedded' ? { storeHandler: createStoreHandler(store) } : {}),
      health: () => (kafka ? { kafka: kafka.state() } : {}),
    });
    if (selection.kind === 'embedded') unpublish = publishStoreServer(selection.dataDir, indexer.url);
    process.stderr.write(
      `driftwood index: listening on ${indexer.url} (store: ${selection.kind}${selection.kind === 'embedded' ? ` ${selection.dataDir}` : ` ${printableUrl(selection.url ?? '')}`}; ${authSummary(indexer.authMode)})\n`,
    );
    if (config.kafka) {
      const k = config.kafka;
      kafka = startKafkaInput({
        brokers: [...k.brokers],
        topics: [...k.topics],
        group: k.group,
        clientId: k.client_id,
        batchSize: k.batch_size,
        batchWaitMs: k.batch_wait_ms,
        fromBeginning: k.from_beginning,
        timezone: config.timezone,
        keepOriginal: config.keep_original,
        ingestor: indexer.ingestor,
        metrics,
        onWarning: (m) => process.stderr.write(`driftwood index: ${m}\n`),
        ...(k.pipeline ? { pipeline: k.pipeline } : {}),
      });
      kafka.done.catch((error: unknown) =>
        process.stderr.write(`driftwood index: kafka input stopped: ${(error as Error).message}\n`),
      );
      process.stderr.write(
        `driftwood index: consuming ${k.topics.join(', ')} from ${k.brokers.join(', ')} as ${k.group}\n`,
      );
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      signal?.addEventListener('abort', stop, { once: true });
    });
    process.stderr.write('driftwood index: stopping\n');
    return 0;
  } catch (error) {
    if (isDriftwoodError(error)) {
      process.stderr.write(`driftwood index: ${error.message}\n`);
      return error.code === 'CONFIG_INVALID' ? 2 : 1;
    }
    process.stderr.write(`driftwood index: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  } finally {
    await kafka?.stop();
    await indexer?.close();
    unpublish?.();
    await store?.close().catch(() => undefined);
  }
}
