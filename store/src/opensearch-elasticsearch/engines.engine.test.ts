/**
 * The OpenSearch / Elasticsearch backend against real engines: template, idempotent writes,
 * conflicts, paging, aggregations, fields, tail, retention and saved objects.
 */
import type { LogEvent } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../../test/engines/use.ts';
import type { LogStore, SearchHit } from '../contract.ts';
import { createElasticsearchStore, createOpenSearchStore } from './index.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2025, 0, 10);
const LEVELS = ['info', 'warn', 'error'];

function events(n: number): LogEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `ev-${String(i).padStart(3, '0')}`,
    doc: {
      // two events per timestamp, so the id tiebreaker matters; spread over three UTC days
      '@timestamp': new Date(START + Math.floor(i / 2) * 4 * HOUR).toISOString(),
      message: i % 4 === 0 ? 'Connection refused by upstream' : `request ${i} done`,
      log: { level: LEVELS[i % 3] as string },
      host: { name: `web-${i % 4}` },
      http: { response: { status_code: 200 + (i % 3) * 100 } },
      source: { ip: `10.0.${i % 2}.${i}` },
      metrics: { latency: i * 1.5 },
    },
  }));
}

const engines = [
  { name: 'opensearch', info: engine('opensearch'), make: createOpenSearchStore },
  { name: 'elasticsearch', info: engine('elasticsearch'), make: createElasticsearchStore },
] as const;

for (const { name, info, make } of engines) {
  describe.skipIf(!info)(`OpenSearch / Elasticsearch store on ${name}`, () => {
    const prefix = `se-test-${name}-${Date.now()}`;
    const url = info?.url ?? '';
    let store: LogStore;
    const data = events(36);

    const get = async (path: string): Promise<Record<string, unknown>> =>
      (await (await fetch(`${url}${path}`)).json()) as Record<string, unknown>;

    beforeAll(async () => {
      store = make({ url, indexPrefix: prefix, bulk: { backoffMs: 10 } });
      await store.init();
      await store.init(); // idempotent
    });

    afterAll(async () => {
      await store?.close();
      await fetch(`${url}/${prefix}-*`, { method: 'DELETE' }).catch(() => {});
      await fetch(`${url}/_index_template/${prefix}-logs`, { method: 'DELETE' }).catch(() => {});
    });

    it('installs the index template and the saved-objects index', async () => {
      const templates = (await get(`/_index_template/${prefix}-logs`)) as {
        index_templates: Array<{ index_template: { index_patterns: string[]; template: { mappings: unknown } } }>;
      };
      const template = templates.index_templates[0]?.index_template;
      expect(template?.index_patterns).toEqual([`${prefix}-logs-*`]);
      expect(template?.template.mappings).toMatchObject({
        date_detection: false,
        numeric_detection: false,
        properties: { '@timestamp': { type: 'date' }, message: { type: 'text' } },
      });
      expect(await get(`/${prefix}-objects`)).toHaveProperty(`${prefix}-objects`);
    });

    it('writes idempotently into daily indices, one outcome per event', async () => {
      const first = await store.write(data.slice(0, 10));
      expect(first.map((o) => o.status)).toEqual(new Array(10).fill('stored'));
      const second = await store.write(data);
      expect(second.slice(0, 10).every((o) => o.status === 'duplicate')).toBe(true);
      expect(second.slice(10).every((o) => o.status === 'stored')).toBe(true);
      const odd = await store.write([
        { id: '', doc: { message: 'no id' } },
        { id: 'x'.repeat(600), doc: { message: 'long id' } },
        { id: 'dup-in-batch', doc: { '@timestamp': new Date(START).toISOString() } },
        { id: 'dup-in-batch', doc: { '@timestamp': new Date(START).toISOString() } },
      ]);
      expect(odd.map((o) => o.status)).toEqual(['rejected', 'rejected', 'stored', 'duplicate']);
      await store.flush();
      expect(await store.count({})).toBe(data.length + 1);
      const indices = (await (
        await fetch(`${url}/_cat/indices/${prefix}-logs-*?format=json&h=index`)
      ).json()) as Array<{
        index: string;
      }>;
      expect(indices.map((i) => i.index).sort()).toEqual([
        `${prefix}-logs-2025.01.10`,
        `${prefix}-logs-2025.01.11`,
        `${prefix}-logs-2025.01.12`,
      ]);
    });

    it('moves conflicting values aside and keeps the event', async () => {
      const [outcome] = await store.write([
        {
          id: 'conflict-1',
          doc: {
            '@timestamp': new Date(START + 5 * HOUR).toISOString(),
            http: { response: { status_code: 'teapot' } },
            source: { ip: 'not-an-ip' },
          },
        },
      ]);
      expect(outcome).toMatchObject({ status: 'stored_with_conflicts' });
      const fields = (outcome as { conflicts: Array<{ field: string }> }).conflicts.map((c) => c.field).sort();
      expect(fields).toEqual(['http.response.status_code', 'source.ip']);
      const found = await store.search({ query: 'tags:_mapping_conflict' });
      expect(found.total).toBe(1);
      expect(found.hits[0]?.doc).toMatchObject({
        driftwood: { conflicts: { http: { response: { status_code: '"teapot"' } }, source: { ip: '"not-an-ip"' } } },
        tags: ['_mapping_conflict'],
      });
      expect(found.hits[0]?.doc).not.toHaveProperty(['driftwood.id']);
      expect(await store.count({ query: 'driftwood.conflicts.source.ip:*' })).toBe(1);
    });

    it('pages deeply with searchAfter, newest first, id as tiebreaker', async () => {
      const all: SearchHit[] = [];
      let after: Array<string | number> | undefined;
      for (let page = 0; page < 3; page++) {
        const res = await store.search({ query: 'not tags:_mapping_conflict', size: 13, searchAfter: after });
        expect(res.total).toBe(data.length + 1);
        all.push(...res.hits);
        after = res.hits.at(-1)?.sort;
      }
      expect(all).toHaveLength(37);
      const keys = all.map((h) => [Number(h.sort[0]), String(h.sort[1])] as const);
      for (let i = 1; i < keys.length; i++) {
        const [t0, id0] = keys[i - 1] as readonly [number, string];
        const [t1, id1] = keys[i] as readonly [number, string];
        expect(t0 > t1 || (t0 === t1 && id0 < id1)).toBe(true);
      }
      expect(new Set(all.map((h) => h.id)).size).toBe(37);
      expect(all[0]?.sort).toEqual([Date.parse(all[0]?.doc['@timestamp'] as string), all[0]?.id]);
      expect(all[0]?.doc['@timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('answers KQL with the shared semantics', async () => {
      expect(await store.count({ query: 'REFUSED' })).toBe(9);
      expect(await store.count({ query: '"connection refused"' })).toBe(9);
      expect(await store.count({ query: 'log.level:error or log.level:warn' })).toBe(24);
      expect(await store.count({ query: 'host.name:web-*' })).toBe(36);
      expect(await store.count({ query: 'source.ip:10.0.1.0/24' })).toBe(18);
      expect(await store.count({ query: 'http.response.status_code >= 300' })).toBe(24);
      expect(await store.count({ query: 'no_such_field:1' })).toBe(0);
      expect(await store.count({ from: START, to: START + DAY })).toBe(14); // 12 + dup-in-batch + conflict-1
      await expect(store.search({ query: 'log.level:(error' })).rejects.toMatchObject({ code: 'KQL_SYNTAX' });
    });

    it('computes every aggregation', async () => {
      const res = await store.aggregate({
        query: 'not tags:_mapping_conflict',
        from: START,
        to: START + 3 * DAY,
        aggs: {
          count: { type: 'count' },
          hist: { type: 'date_histogram', intervalMs: 12 * HOUR, split: { field: 'log.level', size: 1 } },
          levels: { type: 'terms', field: 'log.level', size: 2 },
          status: { type: 'terms', field: 'http.response.status_code', size: 5 },
          min: { type: 'min', field: 'metrics.latency' },
          max: { type: 'max', field: 'metrics.latency' },
          avg: { type: 'avg', field: 'metrics.latency' },
          sum: { type: 'sum', field: 'metrics.latency' },
          none: { type: 'min', field: 'no_such_field' },
          hosts: { type: 'cardinality', field: 'host.name' },
          pct: { type: 'percentiles', field: 'metrics.latency', percents: [50, 99.9] },
        },
      });
      expect(res.count).toEqual({ type: 'count', value: 37 });
      const hist = res.hist as { intervalMs: number; buckets: Array<{ key: number; count: number }> };
      expect(hist.intervalMs).toBe(12 * HOUR);
      expect(hist.buckets).toHaveLength(6);
      expect(hist.buckets[0]?.key).toBe(START);
      expect(hist.buckets.reduce((s, b) => s + b.count, 0)).toBe(37);
      // first 12 hours: events 0-5 (2 info, 2 warn, 2 error) and the level-less dup-in-batch
      expect(hist.buckets[0]).toMatchObject({ count: 7, split: { buckets: [{ key: 'error', count: 2 }], other: 4 } });
      expect(res.levels).toEqual({
        type: 'terms',
        buckets: [
          { key: 'error', count: 12 },
          { key: 'info', count: 12 },
        ],
        other: 12,
      });
      expect(res.status).toEqual({
        type: 'terms',
        buckets: [
          { key: 200, count: 12 },
          { key: 300, count: 12 },
          { key: 400, count: 12 },
        ],
        other: 0,
      });
      expect(res.min).toEqual({ type: 'min', value: 0 });
      expect(res.max).toEqual({ type: 'max', value: 52.5 });
      expect(res.avg).toEqual({ type: 'avg', value: 26.25 });
      expect(res.sum).toEqual({ type: 'sum', value: 945 });
      expect(res.none).toEqual({ type: 'min', value: null });
      expect(res.hosts).toEqual({ type: 'cardinality', value: 4 });
      const pct = (res.pct as { values: Record<string, number> }).values;
      expect(Object.keys(pct)).toEqual(['50', '99.9']);
      expect(pct['50']).toBeCloseTo(26.25, 0);
      await expect(
        store.aggregate({ aggs: { bad: { type: 'terms', field: 'message', size: 3 } } }),
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    });

    it('keeps arrays of objects in the document without indexing them field by field', async () => {
      const doc = { '@timestamp': new Date(START + 6 * HOUR).toISOString(), items: [{ sku: 1 }, { sku: 'x' }] };
      const [outcome] = await store.write([{ id: 'objects-1', doc }]);
      expect(outcome).toEqual({ id: 'objects-1', status: 'stored' });
      expect(await store.count({ query: 'items.sku:1' })).toBe(0);
      const found = await store.search({
        query: 'not tags:_mapping_conflict',
        from: START + 6 * HOUR,
        to: START + 6 * HOUR + 1,
      });
      expect(found.hits.find((h) => h.id === 'objects-1')?.doc).toEqual(doc);
      expect((await store.fields()).some((f) => f.name.startsWith('items'))).toBe(false);
    });

    it('lists fields from the catalogue, including the ones it declared', async () => {
      const fields = new Map((await store.fields()).map((f) => [f.name, f]));
      expect(fields.get('message')).toEqual({ name: 'message', type: 'text', aggregatable: false });
      expect(fields.get('metrics.latency')).toEqual({ name: 'metrics.latency', type: 'double', aggregatable: true });
      expect(fields.get('driftwood.conflicts.source.ip')?.type).toBe('keyword');
      expect(fields.has('driftwood.id')).toBe(false);
      // a second store on the same indices reads the same catalogue from the mappings
      const again = make({ url, indexPrefix: prefix });
      const reloaded = await again.fields();
      await again.close();
      expect(reloaded).toEqual(await store.fields());
    });

    it('tails new events, oldest first, until aborted', async () => {
      const since = Date.now() - 1000;
      const controller = new AbortController();
      const seen: string[] = [];
      const done = (async () => {
        for await (const hit of store.tail({ since, intervalMs: 100, signal: controller.signal, query: 'tail' })) {
          seen.push(hit.id);
          if (seen.length === 3) controller.abort();
        }
      })();
      await store.write([
        { id: 'tail-2', doc: { '@timestamp': new Date(since + 200).toISOString(), message: 'tail two' } },
        { id: 'tail-1', doc: { '@timestamp': new Date(since + 100).toISOString(), message: 'tail one' } },
        { id: 'old', doc: { '@timestamp': new Date(since - 10_000).toISOString(), message: 'tail old' } },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await store.write([
        { id: 'tail-3', doc: { '@timestamp': new Date(since + 300).toISOString(), message: 'tail 3' } },
      ]);
      await done;
      expect(seen).toEqual(['tail-1', 'tail-2', 'tail-3']);
    });

    it('deletes events older than the cutoff: whole days dropped, the boundary day thinned', async () => {
      await store.flush();
      const cutoff = START + DAY + 6 * HOUR;
      const older = await store.count({ to: cutoff });
      const newer = await store.count({ from: cutoff });
      expect(older).toBeGreaterThan(13);
      expect(await store.deleteOlderThan(cutoff)).toBe(older);
      expect(await store.count({ to: cutoff })).toBe(0);
      expect(await store.count({ from: cutoff })).toBe(newer);
      const indices = (await (
        await fetch(`${url}/_cat/indices/${prefix}-logs-*?format=json&h=index`)
      ).json()) as Array<{
        index: string;
      }>;
      expect(indices.map((i) => i.index)).not.toContain(`${prefix}-logs-2025.01.10`);
      // writing into a dropped day again recreates its index with the catalogue's mappings
      const [again] = await store.write([
        { id: 'back', doc: { '@timestamp': new Date(START + HOUR).toISOString(), metrics: { latency: 1 } } },
      ]);
      expect(again?.status).toBe('stored');
      expect(await store.count({ query: 'metrics.latency:1' })).toBe(1);
    });

    it('keeps saved objects', async () => {
      const saved = await store.saveObject({ id: 'b', type: 'search', title: 'Beta', attributes: { query: 'x' } });
      expect(saved.updatedAt).toMatch(/Z$/);
      await store.saveObject({ id: 'a', type: 'search', title: 'Alpha', attributes: { nested: { deep: [1, 2] } } });
      await store.saveObject({ id: 'a', type: 'dashboard', title: 'Dash', attributes: {} });
      expect(await store.getObject('search', 'a')).toMatchObject({
        title: 'Alpha',
        attributes: { nested: { deep: [1, 2] } },
      });
      expect((await store.listObjects('search')).map((o) => o.title)).toEqual(['Alpha', 'Beta']);
      expect(await store.deleteObject('search', 'a')).toBe(true);
      expect(await store.deleteObject('search', 'a')).toBe(false);
      expect(await store.getObject('search', 'a')).toBeUndefined();
      expect(await store.getObject('dashboard', 'a')).toMatchObject({ title: 'Dash' });
    });

    it('reports an unreachable engine as STORE_UNAVAILABLE', async () => {
      const down = make({ url: 'http://127.0.0.1:1', indexPrefix: prefix });
      await expect(down.count({})).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      await down.close();
    });
  });
}
