/**
 * The store contract on `driftwood up --demo`-shaped data: nginx access and error lines, the
 * order service's winston logs and the IoT fleet's MQTT messages — made by the demo's own
 * generators, read by the shipper's sources and written through the indexer's `_bulk` handler
 * (test/demo-workload.ts); a 24 h backfill, then live traffic; three sources with different
 * fields (more than 31 rolled ones: the shape that broke the embedded rollups' grouping-set
 * labels), the fleet's fields arriving after the first nginx batches.
 *
 * Discover's query set must be identical on every backend: hit count, first 100 hits (ids and
 * documents), the date histogram split by `log.level` with from/to (as Discover sends it), and
 * the top 5 values of 6 fields, asked one field at a time (the sidebar) and all together. Each
 * backend must also agree with itself: the histogram's bars add up to the hit count, each
 * level's bars to its `log.level:` count, each top value to its `field:value` count.
 */
import { autoInterval } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregationResult, LogStore } from '../../store/src/contract.ts';
import { storeBackends } from '../../store/src/testdata/backends.ts';
import { type DemoWorkload, generateDemoWorkload, writeThroughIndexer } from '../demo-workload.ts';

const QUERIES = [
  '',
  'log.level:error',
  'event.dataset:http.access and http.response.status_code >= 500',
  'timeout',
  'device.type:drone or service.name:demo-shop',
];
const TOP_FIELDS = [
  'event.dataset',
  'log.level',
  'host.name',
  'service.name',
  'http.response.status_code',
  'device.type',
];
/** The histogram's level split, as Discover asks for it (ui/app/api/histogram). */
const LEVELS = 8;

type Terms = Extract<AggregationResult, { type: 'terms' }>;
type Histogram = Extract<AggregationResult, { type: 'date_histogram' }>;

interface QueryAnswers {
  count: number;
  total: number;
  hits: Array<{ id: string; doc: unknown }>;
  histogram: Histogram;
  /** One aggregation request per field (the sidebar's top 5). */
  top: Record<string, Terms>;
  /** The histogram and every field's top 5 in one request. */
  together: Record<string, AggregationResult>;
}

const and = (query: string, term: string) => (query === '' ? term : `(${query}) and ${term}`);
const kqlValue = (key: string | number | boolean) => (typeof key === 'string' ? JSON.stringify(key) : String(key));

async function discover(store: LogStore, workload: DemoWorkload, query: string): Promise<QueryAnswers> {
  const range = { from: workload.from, to: workload.to };
  const intervalMs = autoInterval(range.from, range.to, 60).ms;
  const histogramSpec = {
    type: 'date_histogram' as const,
    intervalMs,
    split: { field: 'log.level', size: LEVELS },
  };
  const [count, page, hist, together, ...tops] = await Promise.all([
    store.count({ query, ...range }),
    store.search({ query, ...range, size: 100 }),
    store.aggregate({ query, ...range, aggs: { histogram: histogramSpec } }),
    store.aggregate({
      query,
      ...range,
      aggs: {
        histogram: histogramSpec,
        ...Object.fromEntries(TOP_FIELDS.map((f) => [f, { type: 'terms' as const, field: f, size: 5 }])),
      },
    }),
    ...TOP_FIELDS.map((field) =>
      store.aggregate({ query, ...range, aggs: { top: { type: 'terms', field, size: 5 } } }),
    ),
  ]);
  const histogram = hist.histogram;
  if (histogram?.type !== 'date_histogram') throw new Error(`no date histogram for ${JSON.stringify(query)}`);
  const top: Record<string, Terms> = {};
  TOP_FIELDS.forEach((field, i) => {
    const t = tops[i]?.top;
    if (t?.type !== 'terms') throw new Error(`no terms of ${field} for ${JSON.stringify(query)}`);
    top[field] = t;
  });
  return {
    count,
    total: page.total,
    hits: page.hits.map((h) => ({ id: h.id, doc: h.doc })),
    histogram,
    top,
    together,
  };
}

/** What one backend says must add up: bars to hits, levels to their counts, top values to theirs. */
async function checkConsistent(store: LogStore, workload: DemoWorkload, query: string, a: QueryAnswers) {
  const range = { from: workload.from, to: workload.to };
  const q = JSON.stringify(query);
  expect(a.total, `search total = count of ${q}`).toBe(a.count);
  expect(a.hits.length, `first page of ${q}`).toBe(Math.min(100, a.count));
  const bars = a.histogram.buckets.reduce((s, b) => s + b.count, 0);
  expect(bars, `histogram bars of ${q} add up to its hit count`).toBe(a.count);
  const perLevel = new Map<string, number>();
  for (const b of a.histogram.buckets) {
    const split = b.split?.buckets ?? [];
    expect(
      split.reduce((s, x) => s + x.count, 0),
      `a bar's levels of ${q} add up to at most the bar`,
    ).toBeLessThanOrEqual(b.count);
    for (const s of split) perLevel.set(String(s.key), (perLevel.get(String(s.key)) ?? 0) + s.count);
  }
  for (const [level, n] of perLevel) {
    expect(n, `log.level:${level} bars of ${q}`).toBe(
      await store.count({ query: and(query, `log.level:${kqlValue(level)}`), ...range }),
    );
  }
  for (const field of TOP_FIELDS) {
    const t = a.top[field] as Terms;
    expect(a.together[field], `${field} asked alone and with the others, ${q}`).toEqual(t);
    for (const b of t.buckets) {
      const term = `${field}:${kqlValue(b.key)}`;
      expect(b.count, `top value ${term} of ${q}`).toBe(await store.count({ query: and(query, term), ...range }));
    }
    const present = t.buckets.reduce((s, b) => s + b.count, 0) + t.other;
    expect(present, `top 5 + other of ${field} = ${field}:* within ${q}`).toBe(
      await store.count({ query: and(query, `${field}:*`), ...range }),
    );
  }
  expect(a.together.histogram, `histogram asked alone and with the facets, ${q}`).toEqual(a.histogram);
}

const backends = storeBackends(`demo-shape-${Date.now()}`);
const answers = new Map<string, Record<string, QueryAnswers>>();
let workload: DemoWorkload;

beforeAll(async () => {
  workload = await generateDemoWorkload();
}, 180_000);

for (const backend of backends) {
  describe(`demo-shaped data: ${backend.name}`, () => {
    let store: LogStore;

    beforeAll(async () => {
      store = await backend.make();
      const summary = await writeThroughIndexer(store, workload);
      expect(summary.failures).toEqual([]);
      expect(summary.statuses).toEqual({ 201: workload.events });
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('stores every event the demo sent, from every source', async () => {
      expect(Object.keys(workload.perSource).sort()).toEqual(['files', 'http', 'iot', 'syslog']);
      expect(await store.count({})).toBe(workload.events);
      expect(await store.count({ from: workload.from, to: workload.to })).toBe(workload.events);
      const kinds = (await store.fields()).filter(
        (f) => f.aggregatable && ['keyword', 'long', 'boolean'].includes(f.type),
      );
      const present: string[] = [];
      for (const f of kinds) if ((await store.count({ query: `${f.name}:*` })) > 0) present.push(f.name);
      // the shape behind the grouping-set fault: more rolled fields than a 32-bit mask holds
      expect(present.length, present.join(' ')).toBeGreaterThan(31);
    });

    it('answers the Discover query set', async () => {
      const mine: Record<string, QueryAnswers> = {};
      for (const query of QUERIES) mine[query] = await discover(store, workload, query);
      answers.set(backend.name, mine);
      expect(mine['']?.count).toBe(workload.events);
      // the queries are neither empty nor everything
      for (const query of QUERIES.slice(1)) {
        expect(mine[query]?.count, query).toBeGreaterThan(0);
        expect(mine[query]?.count, query).toBeLessThan(workload.events);
      }
    }, 120_000);

    it('adds up: bars to hits, levels and top values to their own counts', async () => {
      const mine = answers.get(backend.name);
      expect(mine, `${backend.name} answers`).toBeDefined();
      for (const query of QUERIES) await checkConsistent(store, workload, query, mine?.[query] as QueryAnswers);
    }, 300_000);

    it.skipIf(backend.name === 'embedded')('gives the same answers as the embedded store', () => {
      const reference = answers.get('embedded');
      const mine = answers.get(backend.name);
      expect(reference, 'embedded answers').toBeDefined();
      expect(mine, `${backend.name} answers`).toBeDefined();
      for (const query of QUERIES) {
        const a = mine?.[query] as QueryAnswers;
        const b = reference?.[query] as QueryAnswers;
        const q = JSON.stringify(query);
        expect(a.count, `count of ${q}`).toBe(b.count);
        expect(
          a.hits.map((h) => h.id),
          `first 100 hit ids of ${q}`,
        ).toEqual(b.hits.map((h) => h.id));
        expect(a.hits, `first 100 hits of ${q}`).toEqual(b.hits);
        expect(a.histogram, `histogram of ${q}`).toEqual(b.histogram);
        for (const field of TOP_FIELDS) expect(a.top[field], `top 5 ${field} of ${q}`).toEqual(b.top[field]);
        expect(a.together, `histogram and facets together, ${q}`).toEqual(b.together);
      }
    });
  });
}
