/**
 * The store contract: every backend — embedded DuckDB, OpenSearch, Elasticsearch — gets the same
 * dataset and must give the same answers: hit counts, first page of hits, aggregations. The
 * embedded store always runs; the search engines run when the engine harness has them.
 */
import { isDriftwoodError } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../../test/engines/use.ts';
import type { AggregationResult, AggregationSpec, LogStore } from './contract.ts';
import { createEmbeddedStore } from './embedded/store.ts';
import { DATASET_END, DATASET_SIZE, DATASET_START, generateDataset } from './testdata/dataset.ts';
import { CONTRACT_QUERIES } from './testdata/queries.ts';

type Factory = () => Promise<LogStore>;

const backends: Array<{ name: string; make: Factory }> = [
  { name: 'embedded', make: () => createEmbeddedStore({ path: ':memory:' }) },
];
const opensearch = engine('opensearch');
const elasticsearch = engine('elasticsearch');
const prefix = `contract-${Date.now()}`;
if (opensearch) {
  backends.push({
    name: 'opensearch',
    make: async () => {
      const { createOpenSearchStore } = await import('./opensearch-elasticsearch/index.ts');
      return createOpenSearchStore({ url: opensearch.url, indexPrefix: prefix });
    },
  });
}
if (elasticsearch) {
  backends.push({
    name: 'elasticsearch',
    make: async () => {
      const { createElasticsearchStore } = await import('./opensearch-elasticsearch/index.ts');
      return createElasticsearchStore({ url: elasticsearch.url, indexPrefix: prefix });
    },
  });
}

const AGGS: Record<string, AggregationSpec> = {
  count: { type: 'count' },
  hist: { type: 'date_histogram' },
  hist_hourly_by_level: { type: 'date_histogram', intervalMs: 3_600_000, split: { field: 'log.level', size: 3 } },
  top_hosts: { type: 'terms', field: 'host.name', size: 5 },
  top_status: { type: 'terms', field: 'http.response.status_code', size: 4 },
  top_tags: { type: 'terms', field: 'tags', size: 2 },
  min_bytes: { type: 'min', field: 'http.response.body.bytes' },
  max_bytes: { type: 'max', field: 'http.response.body.bytes' },
  avg_duration: { type: 'avg', field: 'event_duration_ms' },
  sum_bytes: { type: 'sum', field: 'http.response.body.bytes' },
  ips: { type: 'cardinality', field: 'source.ip' },
  p_duration: { type: 'percentiles', field: 'event_duration_ms', percents: [50, 95, 99] },
  // issue #17 (more cases, exact, in aggregations.contract.engine.test.ts)
  med_duration: { type: 'median', field: 'event_duration_ms' },
  last_host: { type: 'last_value', field: 'host.name' },
  hosts_missing: {
    type: 'terms',
    field: 'host.name',
    size: 3,
    missing: true,
    aggs: {
      bytes: { type: 'sum', field: 'http.response.body.bytes' },
      max: { type: 'max', field: 'http.response.body.bytes' },
      last: { type: 'last_value', field: 'http.response.status_code' },
    },
  },
  by_filter: {
    type: 'filters',
    filters: [
      { key: 'errors', query: 'log.level:error' },
      { key: 'slow', query: 'event_duration_ms > 2500' },
    ],
    aggs: { min: { type: 'min', field: 'http.response.body.bytes' }, ips: { type: 'cardinality', field: 'source.ip' } },
  },
  bytes_hist: { type: 'histogram', field: 'http.response.body.bytes', interval: 1000, aggs: { n: { type: 'count' } } },
  daily: {
    type: 'date_histogram',
    intervalMs: 86_400_000,
    aggs: {
      levels: {
        type: 'terms',
        field: 'log.level',
        size: 2,
        aggs: { max: { type: 'max', field: 'event_duration_ms' } },
      },
      hosts: { type: 'cardinality', field: 'host.name' },
    },
  },
};
const AGG_QUERIES = [
  '',
  'log.level:error',
  'service.name:gateway and http.response.status_code >= 400',
  'no_such_field:1',
];

interface Answers {
  counts: Record<string, number>;
  firstPages: Record<string, string[]>;
  aggs: Record<string, Record<string, AggregationResult>>;
  paged: string[];
}

const answers = new Map<string, Answers>();
const events = generateDataset();

async function collect(store: LogStore): Promise<Answers> {
  const counts: Record<string, number> = {};
  const firstPages: Record<string, string[]> = {};
  for (const q of CONTRACT_QUERIES) {
    const page = await store.search({ query: q, from: DATASET_START, to: DATASET_END, size: 20 });
    counts[q] = page.total;
    firstPages[q] = page.hits.map((h) => h.id);
  }
  const aggs: Answers['aggs'] = {};
  for (const q of AGG_QUERIES) {
    aggs[q] = await store.aggregate({ query: q, from: DATASET_START, to: DATASET_END, aggs: AGGS });
  }
  // deep paging through every warn event, 700 at a time
  const paged: string[] = [];
  let after: Array<string | number> | undefined;
  for (;;) {
    const page = await store.search({ query: 'log.level:warn', size: 700, searchAfter: after });
    paged.push(...page.hits.map((h) => h.id));
    if (page.hits.length < 700) break;
    after = page.hits[page.hits.length - 1]?.sort;
  }
  return { counts, firstPages, aggs, paged };
}

function roundNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(10));
  if (Array.isArray(value)) return value.map(roundNumbers);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbers(v)]));
  }
  return value;
}

for (const backend of backends) {
  describe(`store contract: ${backend.name}`, () => {
    let store: LogStore;

    beforeAll(async () => {
      store = await backend.make();
      for (let i = 0; i < events.length; i += 2000) {
        const outcomes = await store.write(events.slice(i, i + 2000));
        for (const o of outcomes) expect(['stored', 'stored_with_conflicts'], JSON.stringify(o)).toContain(o.status);
      }
      await store.flush();
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('stores every event once; rewriting the same ids stores nothing new', async () => {
      expect(await store.count({})).toBe(DATASET_SIZE);
      const again = await store.write(events.slice(0, 500));
      expect(again.every((o) => o.status === 'duplicate')).toBe(true);
      await store.flush();
      expect(await store.count({})).toBe(DATASET_SIZE);
    });

    it.skipIf(backend.name !== 'embedded')('ignores a repeated id even with another @timestamp', async () => {
      const first = events[0] as (typeof events)[number];
      const moved = { id: first.id, doc: { ...first.doc, '@timestamp': '2026-03-02T11:11:11.000Z' } };
      expect(await store.write([moved])).toEqual([{ id: first.id, status: 'duplicate' }]);
    });

    it('keeps values that conflict with the mapping, and reports them', async () => {
      const conflicted = await store.search({ query: 'tags:_mapping_conflict', size: 100 });
      expect(conflicted.total).toBe(events.filter((e) => e.doc.temperature === 'n/a').length);
      const hit = conflicted.hits[0];
      expect(hit?.doc).toMatchObject({ driftwood: { conflicts: { temperature: '"n/a"' } } });
      const [outcome] = await store.write([
        { id: 'conflict-probe', doc: { '@timestamp': '2026-03-01T00:00:00.000Z', temperature: { nested: true } } },
      ]);
      expect(outcome).toMatchObject({ status: 'stored_with_conflicts' });
    });

    it('returns the typed KQL error for invalid queries, and nothing for unknown fields', async () => {
      const error = await store.search({ query: 'log.level:(error' }).catch((e: unknown) => e);
      expect(isDriftwoodError(error, 'KQL_SYNTAX')).toBe(true);
      expect((error as Error).message).toMatch(/^Expected "\)" at column 17/);
      expect((await store.search({ query: 'no_such_field:1' })).total).toBe(0);
    });

    it('lists the field catalogue with types', async () => {
      const fields = await store.fields();
      const byName = new Map(fields.map((f) => [f.name, f]));
      expect(byName.get('@timestamp')?.type).toBe('date');
      expect(byName.get('message')).toMatchObject({ type: 'text', aggregatable: false });
      expect(byName.get('host.name')).toMatchObject({ type: 'keyword', aggregatable: true });
      expect(byName.get('source.ip')?.type).toBe('ip');
      expect(byName.get('temperature')?.type).toBe('double');
      expect(byName.get('device.online')?.type).toBe('boolean');
    });

    it('stores saved objects', async () => {
      await store.saveObject({
        id: 'errors',
        type: 'search',
        title: 'Errors',
        attributes: { query: 'log.level:error' },
      });
      expect(await store.getObject('search', 'errors')).toMatchObject({
        title: 'Errors',
        attributes: { query: 'log.level:error' },
      });
      expect((await store.listObjects('search')).map((o) => o.id)).toContain('errors');
      expect(await store.deleteObject('search', 'errors')).toBe(true);
      expect(await store.getObject('search', 'errors')).toBeUndefined();
    });

    it(`answers ${CONTRACT_QUERIES.length} queries and the aggregations`, async () => {
      answers.set(backend.name, await collect(store));
      const mine = answers.get(backend.name) as Answers;
      // sanity: the queries are not all empty or all full
      const counts = Object.values(mine.counts);
      expect(counts.filter((c) => c > 0 && c < DATASET_SIZE).length).toBeGreaterThan(CONTRACT_QUERIES.length * 0.6);
      expect(mine.counts['log.level:error']).toBe(
        events.filter((e) => (e.doc.log as { level: string }).level === 'error').length,
      );
      expect(mine.paged.length).toBe(mine.counts['log.level:warn'] ?? -1);
      expect(new Set(mine.paged).size).toBe(mine.paged.length);
    }, 120_000);

    it.skipIf(backend.name === 'embedded')('gives the same answers as the embedded store', () => {
      const reference = answers.get('embedded');
      const mine = answers.get(backend.name);
      expect(reference, 'embedded answers').toBeDefined();
      expect(mine, `${backend.name} answers`).toBeDefined();
      if (!reference || !mine) return;
      for (const q of CONTRACT_QUERIES) {
        expect(mine.counts[q], `count of ${JSON.stringify(q)}`).toBe(reference.counts[q]);
        expect(mine.firstPages[q], `first page of ${JSON.stringify(q)}`).toEqual(reference.firstPages[q]);
      }
      expect(mine.paged).toEqual(reference.paged);
      for (const q of AGG_QUERIES) {
        const ours = mine.aggs[q] as Record<string, AggregationResult>;
        const theirs = reference.aggs[q] as Record<string, AggregationResult>;
        for (const name of Object.keys(AGGS)) {
          const a = ours[name];
          const b = theirs[name];
          if (a?.type === 'median' && b?.type === 'median') {
            // as percentile 50 (below): the engines' t-digest is exact only up to ~1000 values
            if (b.value === null) expect(a.value, `${name} of ${JSON.stringify(q)}`).toBeNull();
            else
              expect(
                Math.abs((a.value ?? Number.NaN) - b.value),
                `${name} of ${JSON.stringify(q)}`,
              ).toBeLessThanOrEqual(Math.abs(b.value) * 0.01);
            continue;
          }
          if (a?.type === 'percentiles' && b?.type === 'percentiles') {
            for (const [p, v] of Object.entries(b.values)) {
              if (v === null) expect(a.values[p], `${name}[${p}] of ${JSON.stringify(q)}`).toBeNull();
              else
                expect(
                  Math.abs((a.values[p] ?? Number.NaN) - v),
                  `${name}[${p}] of ${JSON.stringify(q)}`,
                ).toBeLessThanOrEqual(Math.abs(v) * 0.01);
            }
            continue;
          }
          expect(roundNumbers(a), `${name} of ${JSON.stringify(q)}`).toEqual(roundNumbers(b));
        }
      }
    });

    it('deletes events older than the retention cutoff', async () => {
      const cutoff = DATASET_START + 86_400_000;
      const before = await store.count({ from: cutoff });
      await store.deleteOlderThan(cutoff);
      await store.flush();
      expect(await store.count({ to: cutoff })).toBe(0);
      expect(await store.count({ from: cutoff })).toBe(before);
    }, 120_000);
  });
}
