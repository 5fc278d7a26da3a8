/**
 * The output contract (contract.ts) against real engines: bulk into Elasticsearch (a mapping
 * conflict is its real per-item refusal) and kafka into a real broker (a record over
 * max_message_bytes is refused per item).
 */
import { Admin, Consumer, stringDeserializers } from '@platformatic/kafka';
import { engine } from '../../../test/engines/use.ts';
import { memoryLogger } from '../log.ts';
import { BulkOutput, configSchema as bulkSchema } from './bulk.ts';
import { outputContract } from './contract.ts';
import * as kafkaOutput from './kafka.ts';

const es = engine('elasticsearch');
const kafka = engine('kafka');

let n = 0;
async function openEs() {
  const index = `shipper-contract-${Date.now()}-${n++}`;
  // `n` is a long: a document with a text `n` is a mapping conflict (400 per item).
  await fetch(`${es!.url}/${index}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mappings: { properties: { n: { type: 'long' } } } }),
  });
  const output = new BulkOutput(
    bulkSchema.parse({ type: 'bulk', url: es!.url, index, backoff_initial_ms: 10, backoff_max_ms: 100 }),
    memoryLogger(),
  );
  return {
    output,
    async stored() {
      await fetch(`${es!.url}/${index}/_refresh`, { method: 'POST' });
      const res = await fetch(`${es!.url}/${index}/_search?size=1000&_source=false`);
      const body = (await res.json()) as { hits: { hits: Array<{ _id: string }> } };
      return body.hits.hits.map((h) => h._id);
    },
    close: async () => {
      await fetch(`${es!.url}/${index}`, { method: 'DELETE' });
    },
  };
}

outputContract({
  name: 'bulk → Elasticsearch',
  ...(es ? {} : { skip: 'Elasticsearch is not running (ELASTICSEARCH_URL)' }),
  open: openEs,
  refused: { doc: () => ({ '@timestamp': new Date().toISOString(), message: 'conflict', n: 'not a number' }) },
  retryable: {
    none: 'Elasticsearch answers an item 429 only under load; contract.test.ts injects it with a faulty _bulk peer',
  },
  down: async () =>
    new BulkOutput(bulkSchema.parse({ type: 'bulk', url: 'http://127.0.0.1:1', index: 'x' }), memoryLogger()),
});

async function openKafka() {
  const brokers = kafka!.url.split(',');
  const topic = `shipper-contract-${Date.now()}-${n++}`;
  const admin = new Admin({ clientId: 'shipper-contract', bootstrapBrokers: brokers });
  await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 });
  await admin.close();
  const output = kafkaOutput.build(
    kafkaOutput.configSchema.parse({ type: 'kafka', brokers, topic, max_message_bytes: 4096 }),
    { dataDir: '/tmp', log: memoryLogger() },
  );
  return {
    output,
    async stored() {
      const consumer = new Consumer({
        groupId: `${topic}-reader-${n++}`,
        clientId: 'shipper-contract-reader',
        bootstrapBrokers: brokers,
        deserializers: stringDeserializers,
      });
      const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
      const ids: string[] = [];
      // Read what is there: stop after a quiet second.
      let timer = setTimeout(() => void stream.close(), 5_000);
      for await (const message of stream) {
        ids.push(String(message.headers.get('driftwood-id')));
        clearTimeout(timer);
        timer = setTimeout(() => void stream.close(), 1_000);
      }
      clearTimeout(timer);
      await consumer.close(true);
      return ids;
    },
  };
}

outputContract({
  name: 'kafka',
  ...(kafka ? {} : { skip: 'Kafka is not running (KAFKA_BROKERS)' }),
  timeoutMs: 60_000,
  open: openKafka,
  refused: { doc: () => ({ '@timestamp': new Date().toISOString(), message: 'x'.repeat(8_000) }) },
  retryable: {
    none: 'a broker answers a produce retryably only while failing over; kafka.test.ts covers the retry loop',
  },
  down: async () =>
    kafkaOutput.build(
      kafkaOutput.configSchema.parse({
        type: 'kafka',
        brokers: ['127.0.0.1:1'],
        topic: 't',
        timeout_ms: 200,
        retry_initial_ms: 20,
        retry_max_ms: 100,
      }),
      { dataDir: '/tmp', log: memoryLogger() },
    ),
});
