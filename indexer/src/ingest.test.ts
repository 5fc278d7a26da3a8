import { metricValue } from '@driftwood/core/node';
import { createEmbeddedStore } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { documentFromSource } from './documents.ts';
import { Ingestor } from './ingest.ts';
import { IndexerMetrics } from './metrics.ts';
import { FaultyStore } from './testdata/faulty-store.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const item = (id: string, source: string) => ({
  id,
  result: documentFromSource(source, { receivedAt }),
  original: source,
});

async function setup(deadLetter = true) {
  const store = await createEmbeddedStore({ path: ':memory:' });
  const faulty = new FaultyStore(store);
  const metrics = new IndexerMetrics();
  const ingestor = new Ingestor({
    store: faulty,
    metrics,
    retry: { attempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 },
    deadLetter: { enabled: deadLetter, dataset: 'driftwood.deadletter', maxOriginalBytes: 1024 },
  });
  return { store, faulty, metrics, ingestor };
}

describe('Ingestor', () => {
  it('stores, dedupes and dead-letters per item', async () => {
    const { store, faulty, metrics, ingestor } = await setup();
    faulty.rejectWhen = (e) => (e.id === 'c' ? { reason: 'mapping conflict', retryable: false } : undefined);
    const call = { input: 'test', deadline: Date.now() + 5_000 };
    const items = [
      item('a', '{"@timestamp":"2026-11-25T11:00:00Z","message":"a"}'),
      item('b', '{broken'),
      item('c', '{"@timestamp":"2026-11-25T11:00:00Z","message":"c"}'),
    ];
    expect(await ingestor.ingest(items, call)).toEqual([
      { status: 'stored' },
      {
        status: 'dead_lettered',
        reason: 'failed to parse: the source is not valid JSON',
        type: 'mapper_parsing_exception',
      },
      { status: 'dead_lettered', reason: 'mapping conflict', type: 'mapper_parsing_exception' },
    ]);
    expect((await ingestor.ingest(items.slice(0, 1), call))[0]).toEqual({ status: 'duplicate' });
    expect(await store.count({ query: 'event.dataset:driftwood.deadletter' })).toBe(2);
    expect(await metricValue(metrics.deadLetters)).toBe(2);
    await store.close();
  });

  it('answers unavailable (never drops) when neither the store nor the dead-letter store can be reached', async () => {
    const { store, faulty, ingestor } = await setup();
    faulty.outage(60_000);
    const out = await ingestor.ingest([item('a', '{"message":"a"}'), item('b', '{x')], {
      input: 'test',
      deadline: Date.now() + 50,
    });
    expect(out.map((o) => o.status)).toEqual(['unavailable', 'unavailable']);
    await store.close();
  });

  it('fails items (400) without dead letters when they are disabled', async () => {
    const { store, ingestor } = await setup(false);
    const out = await ingestor.ingest([item('b', '{x')], { input: 'test', deadline: Date.now() + 1000 });
    expect(out[0]?.status).toBe('failed');
    expect(await store.count({})).toBe(0);
    await store.close();
  });
});
