/**
 * The indexer's Elasticsearch-compatible API over HTTP, with the official `@elastic/elasticsearch`
 * client (product check, info, templates, helpers.bulk) and raw requests for the edges: auth,
 * body limit, in-flight budget, gzip, filter_path, per-item statuses.
 */
import { gzipSync } from 'node:zlib';
import { getField } from '@driftwood/core';
import { metricValue } from '@driftwood/core/node';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, ndjson, postBulk, startHarness, statuses } from './harness.ts';

const T0 = Date.parse('2026-11-25T10:00:00Z');

describe('indexer _bulk with the official Elasticsearch client', () => {
  let h: Harness;
  let client: Client;
  beforeAll(async () => {
    h = await startHarness();
    client = new Client({ node: h.url });
  });
  afterAll(async () => {
    await client.close();
    await h.close();
  });

  it('passes the product check and looks like a cluster', async () => {
    const info = await client.info();
    expect(info.version.number).toBe('8.17.0');
    expect(info.version.build_flavor).toBe('default');
    expect(info.tagline).toBe('You Know, for Search');
    expect((await client.cluster.health()).status).toBe('green');
    expect((await client.license.get()).license.type).toBe('basic');
    expect(await client.ping()).toBe(true);
  });

  it('accepts template, ILM and index setup calls as no-ops that then exist', async () => {
    expect(await client.indices.existsIndexTemplate({ name: 'filebeat-8.17.0' })).toBe(false);
    await client.indices.putIndexTemplate({ name: 'filebeat-8.17.0', index_patterns: ['filebeat-*'] });
    expect(await client.indices.existsIndexTemplate({ name: 'filebeat-8.17.0' })).toBe(true);
    await client.indices.putTemplate({ name: 'logstash', index_patterns: ['logstash-*'] });
    expect(await client.indices.existsTemplate({ name: 'logstash' })).toBe(true);
    await client.ilm.putLifecycle({ name: 'logs', policy: { phases: {} } });
    expect(Object.keys(await client.ilm.getLifecycle({ name: 'logs' }))).toEqual(['logs']);
    await client.indices.create({ index: 'logstash-000001', aliases: { logstash: { is_write_index: true } } });
    expect(await client.indices.exists({ index: 'logstash-000001' })).toBe(true);
  });

  it('helpers.bulk stores every document once; a repeat is answered as done', async () => {
    const docs = Array.from({ length: 2_500 }, (_, i) => ({
      '@timestamp': new Date(T0 + i * 1000).toISOString(),
      message: `client event ${i}`,
      'service.name': 'helpers',
      n: i,
    }));
    const first = await client.helpers.bulk({
      datasource: docs,
      onDocument: () => ({ index: { _index: 'logs-helpers-default' } }),
      flushBytes: 100_000,
      refreshOnCompletion: true,
    });
    expect(first).toMatchObject({ total: 2_500, successful: 2_500, failed: 0 });
    expect(await h.store.count({ query: 'service.name:helpers' })).toBe(2_500);
    // The same documents again (a client retry): deterministic ids, nothing stored twice.
    const again = await client.helpers.bulk({
      datasource: docs,
      onDocument: () => ({ index: { _index: 'logs-helpers-default' } }),
    });
    expect(again).toMatchObject({ total: 2_500, successful: 2_500, failed: 0 });
    expect(await h.store.count({ query: 'service.name:helpers' })).toBe(2_500);
    const hit = (await h.store.search({ query: 'n:7' })).hits[0];
    expect(hit?.doc).toMatchObject({ message: 'client event 7', event: { dataset: 'helpers' } });
  });

  it('answers create of an existing id with 409 and index with 200, per item', async () => {
    const body = ndjson([
      { create: { _index: 'x', _id: 'same' } },
      { '@timestamp': '2026-11-25T10:00:00Z', message: 'one' },
      { create: { _index: 'x', _id: 'same' } },
      { '@timestamp': '2026-11-25T10:00:00Z', message: 'one' },
      { index: { _index: 'x', _id: 'same' } },
      { '@timestamp': '2026-11-25T10:00:00Z', message: 'one' },
      { update: { _index: 'x', _id: 'same' } },
      { doc: { a: 1 } },
      { delete: { _index: 'x', _id: 'same' } },
      { index: {} },
      { message: 'no index' },
    ]);
    const r = await postBulk(h.url, body);
    expect(r.status).toBe(200);
    expect(r.headers.get('x-elastic-product')).toBe('Elasticsearch');
    expect(statuses(r.body)).toEqual([201, 409, 200, 400, 400, 400]);
    expect(r.body.errors).toBe(true);
    expect(r.body.items[1].create.error.type).toBe('version_conflict_engine_exception');
    expect(r.body.items[3].update.error.type).toBe('illegal_argument_exception');
    expect(r.body.items[0].create).toMatchObject({ _index: 'x', _id: 'same', _version: 1, result: 'created' });
  });

  it('uses the path index, ?pipeline=, ignores filter_path and answers malformed items 400', async () => {
    const line = '127.0.0.1 - - [25/Nov/2026:10:00:00 +0000] "GET /p HTTP/1.1" 500 1 "-" "x"';
    const r = await postBulk(
      h.url,
      ndjson([{ index: {} }, { message: line }, { index: {} }, '{"broken": ', { create: {} }, '[1,2]']),
      '/web/_bulk?pipeline=nginx&filter_path=items.*.error,errors&refresh=wait_for',
    );
    expect(statuses(r.body)).toEqual([201, 400, 400]);
    expect(r.body.items[0].index._index).toBe('web');
    expect(r.body.items[1].index.error.type).toBe('document_parsing_exception');
    expect(await h.store.count({ query: 'url.original:"/p" and http.response.status_code:500' })).toBe(1);
    // Malformed sources are searchable in the dead-letter dataset with their reason.
    const dl = await h.store.search({
      query: 'event.dataset:driftwood.deadletter and driftwood.deadletter.origin:web',
    });
    expect(dl.total).toBe(2);
    expect(dl.hits.map((x) => getField(x.doc, 'event.original')).sort()).toEqual(['[1,2]', '{"broken": ']);
  });

  it('answers a bad action line for the whole request with 400, like Elasticsearch', async () => {
    const r = await postBulk(h.url, '{"index":{}\n{}\n');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, error: { type: 'x_content_parse_exception', root_cause: [{}] } });
    const empty = await postBulk(h.url, '');
    expect(empty.body.error.type).toBe('action_request_validation_exception');
  });

  it('accepts gzip bodies', async () => {
    const body = gzipSync(
      ndjson([{ index: { _index: 'gz' } }, { '@timestamp': '2026-11-25T10:00:00Z', message: 'zipped' }]),
    );
    const r = await postBulk(h.url, body, '/_bulk', { 'content-encoding': 'gzip' });
    expect(statuses(r.body)).toEqual([201]);
  });

  it('POST /ingest takes raw lines and JSON objects', async () => {
    const res = await fetch(`${h.url}/ingest`, {
      method: 'POST',
      body: 'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown\n\n{"msg":"structured","level":"error","time":"2026-11-25T10:00:00Z"}\n',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await h.store.count({ query: 'message:structured and log.level:error' })).toBe(1);
  });

  it('serves /health and Prometheus /metrics', async () => {
    expect(await (await fetch(`${h.url}/health`)).json()).toMatchObject({ status: 'ok', store: 'embedded' });
    const text = await (await fetch(`${h.url}/metrics`)).text();
    expect(text).toMatch(/driftwood_indexer_events_in_total\{input="bulk",pipeline="structured"\} \d+/);
    expect(text).toMatch(/driftwood_indexer_bulk_duration_seconds_bucket\{le="\+Inf"\} \d+/);
    expect(text).toMatch(/driftwood_indexer_dead_letter_total \d+/);
    expect(text).toMatch(/driftwood_indexer_in_flight_bytes 0/);
  });
});

describe('indexer limits and auth', () => {
  it('needs an API key when keys are configured, answering 401 like Elasticsearch security', async () => {
    const h = await startHarness({ api_keys: ['secret-key-123'] });
    try {
      const body = ndjson([{ index: { _index: 'a' } }, { message: 'm' }]);
      const denied = await postBulk(h.url, body);
      expect(denied.status).toBe(401);
      expect(denied.body.error.type).toBe('security_exception');
      expect(denied.headers.get('www-authenticate')).toMatch(/ApiKey/);
      expect((await postBulk(h.url, body, '/_bulk', { authorization: 'ApiKey secret-key-123' })).status).toBe(200);
      expect((await postBulk(h.url, body, '/_bulk', { 'x-api-key': 'secret-key-123' })).status).toBe(200);
      const b64 = Buffer.from('secret-key-123').toString('base64');
      expect((await postBulk(h.url, body, '/_bulk', { authorization: `ApiKey ${b64}` })).status).toBe(200);
      expect((await postBulk(h.url, body, '/_bulk', { authorization: 'ApiKey wrong-key-0000' })).status).toBe(401);
      expect((await fetch(`${h.url}/health`)).status).toBe(200);
      const client = new Client({ node: h.url, auth: { apiKey: 'secret-key-123' } });
      expect((await client.info()).cluster_name).toBe('driftwood');
      await client.close();
    } finally {
      await h.close();
    }
  });

  it('answers 413 for bodies over max_body_bytes without buffering them', async () => {
    const h = await startHarness({ max_body_bytes: 4096 });
    try {
      const big = ndjson([{ index: { _index: 'a' } }, { message: 'x'.repeat(10_000) }]);
      const r = await postBulk(h.url, big);
      expect(r.status).toBe(413);
      expect(r.body.error.type).toBe('content_too_long_exception');
      // Chunked (no content-length) and gzip bombs are counted while streaming.
      const bomb = gzipSync(Buffer.alloc(1_000_000, 32));
      const z = await postBulk(h.url, bomb, '/_bulk', { 'content-encoding': 'gzip' });
      expect(z.status).toBe(413);
      expect(await metricValue(h.indexer.metrics.rejectedRequests, { reason: 'too_large' })).toBe(2);
    } finally {
      await h.close();
    }
  });

  it('answers 429 with Retry-After when the in-flight byte budget is used up', async () => {
    const h = await startHarness({ max_body_bytes: 2048, max_in_flight_bytes: 3000 });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => {
        release = r;
      });
      const inner = h.faulty.write.bind(h.faulty);
      h.faulty.write = async (events) => {
        await gate;
        return inner(events);
      };
      const body = ndjson([
        { index: { _index: 'a' } },
        { '@timestamp': '2026-11-25T10:00:00Z', message: 'y'.repeat(1500) },
      ]);
      const first = postBulk(h.url, body);
      await new Promise((r) => setTimeout(r, 100));
      const second = await postBulk(h.url, body.replace('yyy', 'zzz'));
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('1');
      expect(second.body.error.type).toBe('es_rejected_execution_exception');
      release();
      expect((await first).status).toBe(200);
      expect(await metricValue(h.indexer.metrics.inFlightBytes)).toBe(0);
    } finally {
      await h.close();
    }
  });
});
