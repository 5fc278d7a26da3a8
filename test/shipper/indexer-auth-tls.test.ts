/**
 * The shipper's bulk output into a real indexer that requires API keys and serves HTTPS, as
 * docker-compose.yml runs them: the key made by the security service (what `driftwood apikeys
 * create --role ingest` prints, `id:key`), the CA given as ssl.certificate_authorities. What the
 * shipper sends is what the store counts; a key without ingest stores nothing and acks nothing.
 */

import { createEmbeddedStore, type LogStore, SecurityService } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../indexer/src/config.ts';
import { type RunningIndexer, startIndexer } from '../../indexer/src/server.ts';
import { memoryLogger } from '../../shipper/src/log.ts';
import { BulkOutput, configSchema } from '../../shipper/src/outputs/bulk.ts';
import { toQueued } from '../../shipper/src/queue/types.ts';
import { testCertificates } from '../tls.ts';

const certs = testCertificates();

describe.skipIf(!certs)('shipper → indexer with API keys over HTTPS', () => {
  if (!certs) console.warn('skipped: openssl is not installed (test certificates)');
  let store: LogStore;
  let security: SecurityService;
  let indexer: RunningIndexer;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    security = await SecurityService.open(store);
    indexer = await startIndexer({
      config: parseConfig({ tls: { cert_file: certs!.certFile, key_file: certs!.keyFile } }),
      store,
      listen: '0.0.0.0:0',
    });
  });
  afterAll(async () => {
    await indexer?.close();
    await store?.close();
  });

  const output = (extra: object) =>
    new BulkOutput(
      configSchema.parse({
        type: 'bulk',
        url: indexer.url.replace('127.0.0.1', 'localhost'),
        index: 'logs-shipper',
        backoff_initial_ms: 5,
        backoff_max_ms: 20,
        ssl: { certificate_authorities: [certs!.caFile] },
        ...extra,
      }),
      memoryLogger(),
    );
  const events = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => toQueued({ id: `${tag}-${i}`, source: 's', doc: { message: `${tag} ${i}` } }));

  it('an ingest key as id:key: every event acked and stored once', async () => {
    expect(indexer.authMode).toBe('required');
    const key = await security.createApiKey({ name: 'shipper', roles: ['ingest'] });
    const out = output({ api_key: `${key.id}:${key.key}` });
    const r = await out.send(events(500, 'keyed'), AbortSignal.timeout(20_000));
    await out.close();
    expect(r.acked).toHaveLength(500);
    await store.flush();
    expect(await store.count({ query: 'message:keyed' })).toBe(500);
  });

  it('a key without ingest (403) or no key (401): nothing acked, nothing stored, the output unhealthy', async () => {
    const viewer = await security.createApiKey({ name: 'viewer', roles: ['viewer'] });
    for (const [extra, status] of [
      [{ api_key: `${viewer.id}:${viewer.key}` }, 403],
      [{}, 401],
    ] as const) {
      const out = output(extra);
      const r = await out.send(events(5, 'refused'), AbortSignal.timeout(300));
      await out.close();
      expect(r.acked).toHaveLength(0);
      expect(r.rejected).toHaveLength(0);
      expect(out.health.report().answer).toContain(String(status));
    }
    expect(await store.count({ query: 'message:refused' })).toBe(0);
  });
});
