/**
 * Smoke test for the Elasticsearch test engine: start it (or use ELASTICSEARCH_URL), talk to it with the
 * official client, stop it.
 */
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engine } from './use.ts';

const es = engine('elasticsearch');
let client: Client;
const index = `driftwood-smoke-${Date.now()}`;

describe.skipIf(!es)('Elasticsearch engine (real)', () => {
  beforeAll(() => {
    console.log(`smoke: elasticsearch ${es!.version} at ${es!.url}`);
    client = new Client({ node: es!.url });
  });

  afterAll(async () => {
    await client?.indices.delete({ index, ignore_unavailable: true }).catch(() => {});
    await client?.close();
  });

  test('answers GET / as Elasticsearch with a version', async () => {
    const info = await client.info();
    expect(info.version.number).toBe(es!.version);
    expect(info.version.number).toMatch(/^(8|9)\./);
  });

  test('indexes a document, refreshes, and finds it again', async () => {
    await client.indices.create({
      index,
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        properties: {
          '@timestamp': { type: 'date' },
          message: { type: 'text' },
          'log.level': { type: 'keyword' },
          'host.ip': { type: 'ip' },
          'http.response.bytes': { type: 'long' },
        },
      },
    });
    await client.index({
      index,
      id: 'one',
      document: {
        '@timestamp': '2026-01-02T03:04:05.000Z',
        message: 'drone 7 lost GPS fix',
        'log.level': 'warn',
        'host.ip': '10.1.2.3',
        'http.response.bytes': 512,
      },
    });
    await client.indices.refresh({ index });

    const res = await client.search<{ message: string }>({ index, query: { match: { message: 'gps' } } });
    expect(res.hits.hits.map((h) => h._id)).toEqual(['one']);
    expect(res.hits.hits[0]?._source?.message).toBe('drone 7 lost GPS fix');

    const agg = await client.search<unknown, { levels: { buckets: { key: string }[] } }>({
      index,
      size: 0,
      aggs: { levels: { terms: { field: 'log.level' } } },
    });
    expect(agg.aggregations?.levels.buckets.map((b) => b.key)).toEqual(['warn']);
  });

  test('a bulk create with a duplicate _id gets 409 for that item only', async () => {
    const res = await client.bulk({
      refresh: true,
      operations: [
        { create: { _index: index, _id: 'one' } },
        { '@timestamp': '2026-01-02T03:04:06.000Z', message: 'duplicate' },
        { create: { _index: index, _id: 'two' } },
        { '@timestamp': '2026-01-02T03:04:07.000Z', message: 'second' },
      ],
    });
    expect(res.errors).toBe(true);
    expect(res.items.map((i) => i.create?.status)).toEqual([409, 201]);
    expect((await client.count({ index })).count).toBe(2);
  });
});
