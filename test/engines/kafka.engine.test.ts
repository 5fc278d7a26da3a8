import { Admin, Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { engine } from './use.ts';

const kafka = engine('kafka');

describe.skipIf(!kafka)('Kafka engine (real, KRaft)', () => {
  it('produces and consumes a message', async () => {
    const brokers = kafka!.url.split(',');
    const topic = `smoke-${Date.now()}`;
    const admin = new Admin({ clientId: 'smoke-admin', bootstrapBrokers: brokers });
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
    await admin.close();

    const producer = new Producer({
      clientId: 'smoke-producer',
      bootstrapBrokers: brokers,
      serializers: stringSerializers,
    });
    await producer.send({ messages: [{ topic, key: 'device-1', value: 'hello kafka' }] });
    await producer.close();

    const consumer = new Consumer({
      groupId: `smoke-${Date.now()}`,
      clientId: 'smoke-consumer',
      bootstrapBrokers: brokers,
      deserializers: stringDeserializers,
    });
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    let received: { key: string; value: string } | undefined;
    for await (const message of stream) {
      received = { key: message.key, value: message.value };
      break;
    }
    await stream.close();
    await consumer.close(true);
    console.log(`smoke: kafka ${kafka!.version} at ${kafka!.url}`);
    expect(received).toEqual({ key: 'device-1', value: 'hello kafka' });
  });
});
