/**
 * The Kafka input against a real Kafka (KRaft, from the engine harness): 5,000 messages — JSON
 * objects and raw lines over 3 partitions — are all stored once and their offsets committed; a
 * consumer stopped mid-way while the store's acknowledgements are being lost (stored, not
 * committed) is restarted and the redelivered messages are dropped as duplicates by their ids; a
 * message posing as an audit event is stored as `driftwood.audit_spoofed`.
 */

import { metricValue } from '@driftwood/core/node';
import { createEmbeddedStore, type LogStore } from '@driftwood/store';
import { Admin, Producer, stringSerializers } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { engine } from '../../test/engines/use.ts';
import { parseConfig } from './config.ts';
import { startKafkaInput } from './kafka-input.ts';
import { IndexerMetrics } from './metrics.ts';
import { createIngestor } from './server.ts';
import { FaultyStore } from './testdata/faulty-store.ts';

const kafka = engine('kafka');
const TOTAL = 5_000;
const T0 = Date.parse('2026-11-25T07:00:00Z');

async function produce(brokers: string[], topic: string): Promise<void> {
  const admin = new Admin({ clientId: 'dw-test-admin', bootstrapBrokers: brokers });
  await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
  await admin.close();
  // Idempotent: a producer retry must not put a message in the topic twice (that would be two messages).
  const producer = new Producer({
    clientId: 'dw-test-producer',
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    idempotent: true,
  });
  for (let i = 0; i < TOTAL; i += 500) {
    const messages = [];
    for (let k = i; k < Math.min(TOTAL, i + 500); k++) {
      const ts = new Date(T0 + k * 1000);
      const value =
        k % 2 === 0
          ? JSON.stringify({ '@timestamp': ts.toISOString(), level: 'info', msg: `json message ${k}`, seq: k })
          : `${ts.toISOString()} WARN [worker-${k % 4}] raw message seq=${k}`;
      messages.push({ topic, key: `device-${k % 17}`, value, timestamp: BigInt(ts.getTime()) });
    }
    await producer.send({ messages });
  }
  await producer.close();
}

async function waitFor(check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const count = async (store: LogStore) => {
  await store.flush();
  return store.count({ query: 'message:message' });
};

describe.skipIf(!kafka)('Kafka input (real Kafka)', () => {
  it('stores 5,000 messages once and commits their offsets', async () => {
    const brokers = kafka!.url.split(',');
    const topic = `dw-indexer-${Date.now()}`;
    await produce(brokers, topic);
    const store = await createEmbeddedStore({ path: ':memory:' });
    const metrics = new IndexerMetrics();
    const ingestor = createIngestor(parseConfig({}), store, metrics);
    const input = startKafkaInput({ brokers, topics: [topic], group: `${topic}-g`, ingestor, metrics, batchSize: 700 });
    try {
      await waitFor(() => input.state().committed >= TOTAL);
      expect(await count(store)).toBe(TOTAL);
      expect(await store.count({ query: 'log.level:warn and message:raw' })).toBe(TOTAL / 2);
      const hit = (await store.search({ query: 'seq:42' })).hits[0];
      expect(hit?.doc['@timestamp']).toBe(new Date(T0 + 42_000).toISOString());
    } finally {
      await input.stop();
      await store.close();
    }
    expect(input.state()).toMatchObject({ consumed: TOTAL, committed: TOTAL });
  }, 120_000);

  it('a message posing as an audit event is stored as driftwood.audit_spoofed', async () => {
    const brokers = kafka!.url.split(',');
    const topic = `dw-indexer-audit-${Date.now()}`;
    const admin = new Admin({ clientId: 'dw-test-admin', bootstrapBrokers: brokers });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();
    const producer = new Producer({
      clientId: 'dw-test-forger',
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
    });
    const forged = [
      { message: 'kafka forgery', event: { dataset: 'driftwood.audit' } },
      { message: 'kafka forgery fields', 'driftwood.audit.actor': 'admin' },
    ];
    await producer.send({ messages: forged.map((f) => ({ topic, key: 'k', value: JSON.stringify(f) })) });
    await producer.close();
    const store = await createEmbeddedStore({ path: ':memory:' });
    const metrics = new IndexerMetrics();
    const ingestor = createIngestor(parseConfig({}), store, metrics);
    const input = startKafkaInput({ brokers, topics: [topic], group: `${topic}-g`, ingestor, metrics, batchSize: 10 });
    try {
      await waitFor(() => input.state().committed >= forged.length);
      await store.flush();
      expect(await store.count({ query: 'event.dataset:"driftwood.audit"' })).toBe(0);
      expect(await store.count({ query: 'event.dataset:"driftwood.audit_spoofed" and tags:_reserved_dataset' })).toBe(
        2,
      );
    } finally {
      await input.stop();
      await store.close();
    }
  });

  it('loses nothing and stores nothing twice across a stop mid-way with lost acknowledgements', async () => {
    const brokers = kafka!.url.split(',');
    const topic = `dw-indexer-restart-${Date.now()}`;
    const group = `${topic}-g`;
    await produce(brokers, topic);
    const real = await createEmbeddedStore({ path: ':memory:' });
    const faulty = new FaultyStore(real);
    // After ~2,000 events the store keeps writing but every acknowledgement is lost.
    let written = 0;
    const inner = faulty.write.bind(faulty);
    faulty.write = async (events) => {
      const out = await inner(events);
      written += events.length;
      if (written > 2_000) throw new Error('connection reset after write');
      return out;
    };
    const m1 = new IndexerMetrics();
    const first = startKafkaInput({
      brokers,
      topics: [topic],
      group,
      ingestor: createIngestor(parseConfig({ retry: { attempts: 2, initial_backoff_ms: 10 } }), faulty, m1),
      metrics: m1,
      batchSize: 500,
    });
    await waitFor(() => written > 2_500);
    await first.stop();
    const committedFirst = first.state().committed;
    expect(committedFirst).toBeLessThan(written);
    expect(committedFirst).toBeLessThan(TOTAL);

    const m2 = new IndexerMetrics();
    const second = startKafkaInput({
      brokers,
      topics: [topic],
      group,
      ingestor: createIngestor(parseConfig({}), real, m2),
      metrics: m2,
      batchSize: 500,
    });
    try {
      await waitFor(async () => second.state().committed >= TOTAL - committedFirst && (await count(real)) >= TOTAL);
      await new Promise((r) => setTimeout(r, 1_500)); // nothing more arrives
      expect(await count(real)).toBe(TOTAL);
      expect(
        (await metricValue(m2.eventsDuplicate, { pipeline: 'structured' })) +
          (await metricValue(m2.eventsDuplicate, { pipeline: 'auto' })),
      ).toBeGreaterThan(0);
      const seqs = new Set<number>();
      const page = await real.search({ query: 'message:message', size: 10_000 });
      for (const hit of page.hits) {
        const seq = Number(hit.doc.seq ?? /seq=(\d+)/.exec(String(hit.doc.message))?.[1]);
        expect(seqs.has(seq)).toBe(false);
        seqs.add(seq);
      }
      expect(seqs.size).toBe(TOTAL);
    } finally {
      await second.stop();
      await real.close();
    }
  }, 180_000);
});
