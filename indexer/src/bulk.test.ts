import { DriftwoodError } from '@driftwood/core';
import { metricValue } from '@driftwood/core/node';
import { createEmbeddedStore } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { type BulkContext, handleBulk } from './bulk.ts';
import { Ingestor } from './ingest.ts';
import { IndexerMetrics } from './metrics.ts';
import { FaultyStore } from './testdata/faulty-store.ts';

/**
 * flushFailingStore: the real embedded store, whose `flush` throws while `failFlush` is set — a
 * real store cannot be made to fail its refresh on demand. Writes and reads go to the real store.
 */
class FlushFailingStore extends FaultyStore {
  failFlush = false;
  flushCalls = 0;
  override async flush(): Promise<void> {
    this.flushCalls++;
    if (this.failFlush) throw new DriftwoodError('STORE_UNAVAILABLE', 'injected: the refresh could not run');
    return this.inner.flush();
  }
}

async function setup() {
  const inner = await createEmbeddedStore({ path: ':memory:' });
  const store = new FlushFailingStore(inner);
  const metrics = new IndexerMetrics();
  const ingestor = new Ingestor({
    store,
    metrics,
    retry: { attempts: 2, initialBackoffMs: 1, maxBackoffMs: 2 },
    deadLetter: { enabled: true, dataset: 'driftwood.deadletter', maxOriginalBytes: 1024 },
  });
  const lines: string[] = [];
  const ctx: BulkContext = {
    ingestor,
    store,
    routePipeline: () => undefined,
    timezone: 'UTC',
    keepOriginal: false,
    log: (line) => lines.push(line),
  };
  return { inner, store, metrics, ctx, lines };
}

const body = (lines: unknown[]) => new TextEncoder().encode(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
const request = body([
  { create: { _index: 'logs-app', _id: 'a' } },
  { '@timestamp': '2026-11-25T11:00:00Z', message: 'a' },
  { index: { _index: 'logs-app', _id: 'b' } },
  { '@timestamp': '2026-11-25T11:00:01Z', message: 'b' },
  { create: { _index: 'logs-app', _id: 'c' } },
  '{broken',
]);

type Items = Array<Record<string, { status: number; error?: { type: string; reason: string } }>>;
const statuses = (answer: { body: unknown }) =>
  ((answer.body as { items: Items }).items ?? []).map((item) => Object.values(item)[0]!.status);

describe('handleBulk ?refresh=true', () => {
  it('answers the stored items 201 when the refresh works', async () => {
    const { inner, store, ctx, metrics } = await setup();
    const answer = await handleBulk(ctx, request, { deadline: Date.now() + 5_000, refresh: true });
    expect(answer.status).toBe(200);
    expect(statuses(answer)).toEqual([201, 201, 400]);
    expect(store.flushCalls).toBe(1);
    expect(await metricValue(metrics.refreshFailures, { route: 'bulk' })).toBe(0);
    expect(await inner.count({ query: 'not event.dataset:driftwood.deadletter' })).toBe(2);
    await inner.close();
  });

  it('a failed refresh is never a silent success: stored items answer 500, it is logged with a code and counted', async () => {
    const { inner, store, ctx, metrics, lines } = await setup();
    store.failFlush = true;
    const answer = await handleBulk(ctx, request, { deadline: Date.now() + 5_000, refresh: true });
    expect(answer.status).toBe(200);
    const out = answer.body as { errors: boolean; items: Items };
    expect(out.errors).toBe(true);
    // The two stored items are answered 500 (the sender retries 5xx items); the dead-lettered one keeps its 400.
    expect(statuses(answer)).toEqual([500, 500, 400]);
    expect(out.items[0]!.create!.error!.type).toBe('refresh_failed_engine_exception');
    expect(out.items[1]!.index!.error!.reason).toContain('STORE_UNAVAILABLE');
    expect(await metricValue(metrics.refreshFailures, { route: 'bulk' })).toBe(1);
    expect(await metrics.render()).toContain('driftwood_indexer_refresh_failures_total{route="bulk"} 1');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', code: 'STORE_UNAVAILABLE', items: 2 });

    // The sender's retry, once the refresh works: ids are deterministic, so the stored events are
    // duplicates (409 on create, noop on index) and nothing is stored twice.
    store.failFlush = false;
    const retry = await handleBulk(ctx, request, { deadline: Date.now() + 5_000, refresh: true });
    expect(statuses(retry)).toEqual([409, 200, 400]);
    expect(await inner.count({ query: 'not event.dataset:driftwood.deadletter' })).toBe(2);
    await inner.close();
  });

  it('a duplicate answered under a failed refresh is a 500 too (its visibility is what failed)', async () => {
    const { inner, store, ctx } = await setup();
    await handleBulk(ctx, request, { deadline: Date.now() + 5_000, refresh: true });
    store.failFlush = true;
    const answer = await handleBulk(ctx, request, { deadline: Date.now() + 5_000, refresh: true });
    expect(statuses(answer)).toEqual([500, 500, 400]);
    await inner.close();
  });

  it('without ?refresh the flush is not called', async () => {
    const { inner, store, ctx } = await setup();
    store.failFlush = true;
    const answer = await handleBulk(ctx, request, { deadline: Date.now() + 5_000 });
    expect(statuses(answer)).toEqual([201, 201, 400]);
    expect(store.flushCalls).toBe(0);
    await inner.close();
  });
});
