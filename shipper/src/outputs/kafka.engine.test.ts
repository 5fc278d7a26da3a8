import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { engine } from '../../../test/engines/use.ts';
import type { QueuedEvent } from '../component.ts';
import { memoryLogger } from '../log.ts';
import { toQueued } from '../queue/types.ts';
import { build, configSchema } from './kafka.ts';

const kafka = engine('kafka');
/** Logs kept in memory, unread: these tests do not look at them. */
const silentLog = memoryLogger();

describe.skipIf(!kafka)('kafka output against a real Kafka', () => {
  it('produces 10,000 events; all come back once, keyed, in order per key', async () => {
    const brokers = kafka!.url.split(',');
    const topic = `shipper-out-${Date.now()}`;
    const admin = new Admin({ clientId: 'kafka-output-test', bootstrapBrokers: brokers });
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    await admin.close();

    const output = build(configSchema.parse({ type: 'kafka', brokers, topic, batch_size: 500 }), {
      dataDir: '/tmp',
      log: silentLog,
    });
    const total = 10_000;
    const keys = Array.from({ length: 25 }, (_, i) => `device-${i}`);
    const events: QueuedEvent[] = Array.from({ length: total }, (_, i) =>
      toQueued({
        id: `id-${i}`,
        source: 'mqtt-test',
        ...(i % 10 === 9 ? {} : { key: keys[i % keys.length] }),
        doc: { '@timestamp': new Date(1_700_000_000_000 + i).toISOString(), message: `event ${i}`, seq: i },
      }),
    );
    const acked: QueuedEvent[] = [];
    for (let i = 0; i < total; i += 2_000) {
      const result = await output.send(events.slice(i, i + 2_000), AbortSignal.timeout(60_000));
      expect(result.rejected).toEqual([]);
      acked.push(...result.acked);
    }
    expect(acked).toHaveLength(total);
    await output.close();

    const consumer = new Consumer({
      groupId: `${topic}-reader`,
      clientId: 'kafka-output-test-reader',
      bootstrapBrokers: brokers,
      deserializers: stringDeserializers,
    });
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    const received: Array<{ key: string; seq: number; id: string; partition: number }> = [];
    const timer = setTimeout(() => void stream.close(), 60_000);
    for await (const message of stream) {
      const doc = JSON.parse(message.value) as { seq: number; message: string };
      received.push({
        key: message.key,
        seq: doc.seq,
        id: String(message.headers.get('driftwood-id')),
        partition: message.partition,
      });
      if (received.length === total) break;
    }
    clearTimeout(timer);
    await stream.close();
    await consumer.close(true);

    expect(received).toHaveLength(total);
    expect(new Set(received.map((r) => r.seq)).size).toBe(total);
    for (const r of received) {
      const expected = events[r.seq] as QueuedEvent;
      expect(r.key).toBe(expected.key ?? expected.source);
      expect(r.id).toBe(expected.id);
    }
    // Per key: one partition, sequence numbers strictly increasing.
    const byKey = new Map<string, typeof received>();
    for (const r of received) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    expect(byKey.size).toBe(keys.length + 1);
    for (const list of byKey.values()) {
      expect(new Set(list.map((r) => r.partition)).size).toBe(1);
      for (let i = 1; i < list.length; i++)
        expect((list[i] as { seq: number }).seq).toBeGreaterThan((list[i - 1] as { seq: number }).seq);
    }
  });
});
