/**
 * Document-level security on every backend (embedded, OpenSearch, Elasticsearch): a store
 * restricted to a role filter answers each user query exactly as the plain store answers
 * `(filter) and (query)`, computed only over documents the filter matches — counts, every page
 * of hits, every aggregation type, live tail — and a filtered user never counts or sees a document
 * outside it, whatever the query. A non-admin's read filter hides the audit trail. The three
 * backends give the same answers.
 */
import { AUDIT_DATASET, isDriftwoodError, type KqlNode, readFilterFor } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateRequest, AggregationResult, LogStore, SearchHit } from './contract.ts';
import { restrictStore } from './restricted.ts';
import { storeBackends } from './testdata/backends.ts';
import {
  DLS_END,
  DLS_HOUR,
  DLS_START,
  type DlsDoc,
  dlsEvents,
  dlsQueries,
  matchesZurichIot,
  ZURICH_IOT,
} from './testdata/dls.ts';

const RANGE = { from: DLS_START, to: DLS_END };
const EVENTS = dlsEvents(900);
const QUERIES = dlsQueries(60);
const VISIBLE = EVENTS.filter((e) => matchesZurichIot(e.doc));

const AGGS: AggregateRequest['aggs'] = {
  count: { type: 'count' },
  datasets: { type: 'terms', field: 'event.dataset', size: 20 },
  sites: { type: 'terms', field: 'site', size: 20 },
  levels: { type: 'terms', field: 'log.level', size: 20 },
  topHosts: { type: 'terms', field: 'host.name', size: 2 },
  histogram: { type: 'date_histogram', intervalMs: DLS_HOUR, split: { field: 'log.level', size: 2 } },
  sitesSeen: { type: 'cardinality', field: 'site' },
  hostsSeen: { type: 'cardinality', field: 'host.name' },
  minStatus: { type: 'min', field: 'http.response.status_code' },
  maxStatus: { type: 'max', field: 'http.response.status_code' },
  minBattery: { type: 'min', field: 'device.battery' },
  maxBattery: { type: 'max', field: 'device.battery' },
  sumBattery: { type: 'sum', field: 'device.battery' },
  avgBattery: { type: 'avg', field: 'device.battery' },
  battery: { type: 'percentiles', field: 'device.battery', percents: [50, 95] },
};
/** Compared across backends as they are (avg compared to 9 digits, percentiles within a backend only). */
const EXACT_AGGS = Object.keys(AGGS).filter((k) => k !== 'avgBattery' && k !== 'battery');

interface Answer {
  count: number;
  ids: string[];
  aggs: Record<string, AggregationResult>;
}

/** Every page of a search, through searchAfter. */
async function allHits(store: LogStore, query: string | KqlNode): Promise<SearchHit[]> {
  const hits: SearchHit[] = [];
  let searchAfter: SearchHit['sort'] | undefined;
  for (;;) {
    const page = await store.search({ query, ...RANGE, size: 16, ...(searchAfter ? { searchAfter } : {}) });
    hits.push(...page.hits);
    if (page.hits.length < 16) return hits;
    searchAfter = page.hits[page.hits.length - 1]?.sort;
  }
}

async function answer(store: LogStore, query: string | KqlNode): Promise<Answer> {
  const [count, hits, aggs] = await Promise.all([
    store.count({ query, ...RANGE }),
    allHits(store, query),
    store.aggregate({ query, ...RANGE, aggs: AGGS }),
  ]);
  return { count, ids: hits.map((h) => h.id), aggs };
}

const byId = new Map(EVENTS.map((e) => [e.id, e.doc as unknown as DlsDoc]));
const tally = (values: Array<string | number | undefined>) => {
  const m = new Map<string | number, number>();
  for (const v of values) if (v !== undefined) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
};
const asMap = (r: AggregationResult | undefined) => {
  if (r?.type !== 'terms') throw new Error(`not terms: ${JSON.stringify(r)}`);
  return new Map(r.buckets.map((b) => [b.key, b.count]));
};
const value = (r: AggregationResult | undefined) => (r && 'value' in r ? r.value : 'missing');
const extreme = (xs: number[], f: (...v: number[]) => number) => (xs.length === 0 ? null : f(...xs));

/** The answer over the hits' own documents (read back from the seed): only they are counted. */
function checkOverHits(a: Answer, label: string) {
  const docs = a.ids.map((id) => byId.get(id) as DlsDoc);
  expect(
    docs.every((d) => d !== undefined && matchesZurichIot(d)),
    `${label}: every hit matches the filter`,
  ).toBe(true);
  expect(a.ids.length, `${label}: all pages hold count hits`).toBe(a.count);
  expect(new Set(a.ids).size, `${label}: no hit twice across pages`).toBe(a.count);
  expect(value(a.aggs.count), `${label}: count aggregation`).toBe(a.count);
  expect(asMap(a.aggs.datasets), `${label}: event.dataset buckets`).toEqual(tally(docs.map((d) => d.event.dataset)));
  expect(asMap(a.aggs.sites), `${label}: site buckets`).toEqual(tally(docs.map((d) => d.site)));
  expect(asMap(a.aggs.levels), `${label}: log.level buckets`).toEqual(tally(docs.map((d) => d.log.level)));
  const hosts = tally(docs.map((d) => d.host.name));
  const top = a.aggs.topHosts;
  if (top?.type !== 'terms') throw new Error('topHosts');
  for (const b of top.buckets) expect(b.count, `${label}: host ${b.key}`).toBe(hosts.get(b.key));
  expect(top.buckets.reduce((s, b) => s + b.count, 0) + top.other, `${label}: top hosts + other`).toBe(a.count);
  const hist = a.aggs.histogram;
  if (hist?.type !== 'date_histogram') throw new Error('histogram');
  const perHour = tally(docs.map((d) => Math.floor(Date.parse(d['@timestamp']) / DLS_HOUR) * DLS_HOUR));
  for (const b of hist.buckets)
    expect(b.count, `${label}: bar ${new Date(b.key).toISOString()}`).toBe(perHour.get(b.key) ?? 0);
  expect(
    hist.buckets.reduce((s, b) => s + b.count, 0),
    `${label}: bars add up`,
  ).toBe(a.count);
  expect(value(a.aggs.sitesSeen), `${label}: site cardinality`).toBe(new Set(docs.flatMap((d) => d.site ?? [])).size);
  expect(value(a.aggs.hostsSeen), `${label}: host cardinality`).toBe(hosts.size);
  const statuses = docs.flatMap((d) => (d.http ? [d.http.response.status_code] : []));
  const batteries = docs.flatMap((d) => (d.device ? [d.device.battery] : []));
  expect(value(a.aggs.minStatus), `${label}: min status`).toBe(extreme(statuses, Math.min));
  expect(value(a.aggs.maxStatus), `${label}: max status`).toBe(extreme(statuses, Math.max));
  expect(value(a.aggs.minBattery), `${label}: min battery`).toBe(extreme(batteries, Math.min));
  expect(value(a.aggs.maxBattery), `${label}: max battery`).toBe(extreme(batteries, Math.max));
  const sum = value(a.aggs.sumBattery);
  expect(
    batteries.length === 0 ? [0, null] : [batteries.reduce((s, x) => s + x, 0)],
    `${label}: sum battery`,
  ).toContain(sum);
}

const backends = storeBackends(`dls-${Date.now()}`);
const answers = new Map<string, Map<string, Answer>>();

for (const backend of backends) {
  describe(`document-level security: ${backend.name}`, () => {
    let store: LogStore;
    let zurich: LogStore;

    beforeAll(async () => {
      store = await backend.make();
      await store.init();
      const outcomes = await store.write(EVENTS);
      expect(outcomes.filter((o) => o.status !== 'stored')).toEqual([]);
      await store.flush();
      zurich = restrictStore(store, ZURICH_IOT);
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('reads exactly the documents of its filter, and none outside whatever the query', async () => {
      expect(VISIBLE.length, 'seeded documents inside the filter').toBeGreaterThan(30);
      expect(await store.count(RANGE)).toBe(EVENTS.length);
      const all = await answer(zurich, '');
      expect(all.count).toBe(VISIBLE.length);
      expect(new Set(all.ids)).toEqual(new Set(VISIBLE.map((e) => e.id)));
      checkOverHits(all, 'empty query');
      // queries aimed only at documents outside the filter
      for (const query of [
        'event.dataset:nginx.access',
        'site:geneva or site:berlin or site:zurich-2',
        'not site:*',
        'not event.dataset:iot*',
        `event.dataset:"${AUDIT_DATASET}"`,
        'event.dataset:app.orders and site:zurich',
      ]) {
        expect(await store.count({ query, ...RANGE }), `plain ${query}`).toBeGreaterThan(0);
        const a = await answer(zurich, query);
        expect(a.count, query).toBe(0);
        expect(a.ids, query).toEqual([]);
        checkOverHits(a, query);
        const t = await zurich.tail({ query, since: DLS_START, intervalMs: 25, signal: AbortSignal.timeout(1500) });
        for await (const hit of t) throw new Error(`tail of ${query} yielded ${hit.id}`);
      }
      // a query sent as an AST is combined the same way: an `or` with `all` does not escape
      const ast: KqlNode = { type: 'or', children: [{ type: 'all' }, { type: 'exists', field: 'site' }] };
      expect(await zurich.count({ query: ast, ...RANGE })).toBe(VISIBLE.length);
    });

    it('refuses a query that tries to close the filter’s parentheses', async () => {
      for (const query of [') or (*', 'site:zurich) or (*', '*) or not (x', '(((', 'a or (b']) {
        const error = await zurich.count({ query, ...RANGE }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isDriftwoodError(error, 'KQL_SYNTAX'), `${query}: ${String(error)}`).toBe(true);
      }
    });

    it('answers every user query as the plain store answers (filter) and (query), over matching documents only', async () => {
      const mine = new Map<string, Answer>();
      let nonEmpty = 0;
      for (const query of QUERIES) {
        const restricted = await answer(zurich, query);
        const plain = await answer(store, query.trim() === '' ? ZURICH_IOT : `(${ZURICH_IOT}) and (${query})`);
        expect(restricted, `restricted ${JSON.stringify(query)} = plain (filter) and (query)`).toEqual(plain);
        checkOverHits(restricted, JSON.stringify(query));
        if (restricted.count > 0 && restricted.count < VISIBLE.length) nonEmpty++;
        mine.set(query, restricted);
      }
      // the random queries are neither all nothing nor all everything
      expect(nonEmpty).toBeGreaterThan(QUERIES.length / 4);
      answers.set(backend.name, mine);
    }, 300_000);

    it('hides the audit trail from a non-admin (readFilterFor) and shows it to an admin', async () => {
      const viewerFilter = readFilterFor([{ name: 'viewer', privileges: ['read'] }]);
      expect(viewerFilter).toBeDefined();
      const viewer = restrictStore(store, viewerFilter);
      const audit = EVENTS.filter((e) => (e.doc as unknown as DlsDoc).event.dataset === AUDIT_DATASET);
      expect(audit.length).toBeGreaterThan(0);
      const auditQuery = `event.dataset:"${AUDIT_DATASET}"`;
      for (const query of [auditQuery, 'not (not event.dataset:driftwood*)', 'event.dataset:driftwood.audit']) {
        expect(await store.count({ query, ...RANGE }), `plain ${query}`).toBe(audit.length);
        expect(await viewer.count({ query, ...RANGE }), query).toBe(0);
        expect((await viewer.search({ query, ...RANGE })).hits, query).toEqual([]);
      }
      // widening the user query widens it only up to the filter
      for (const query of [`${auditQuery} or *`, `not (${auditQuery}) or ${auditQuery}`]) {
        expect(await viewer.count({ query, ...RANGE }), query).toBe(EVENTS.length - audit.length);
      }
      expect(await viewer.count(RANGE)).toBe(EVENTS.length - audit.length);
      const { datasets } = await viewer.aggregate({ ...RANGE, aggs: { datasets: AGGS.datasets as never } });
      expect([...asMap(datasets).keys()].sort()).toEqual(
        ['app.orders', 'iot.drone', 'iot.sensor', 'iotx', 'nginx.access'].sort(),
      );
      const hits = await allHits(viewer, '*');
      expect(hits.length).toBe(EVENTS.length - audit.length);
      expect(hits.some((h) => (h.doc as unknown as DlsDoc).event.dataset === AUDIT_DATASET)).toBe(false);
      // a Zurich operator's role, as readFilterFor combines it: still no audit, still Zurich only
      const operator = restrictStore(
        store,
        readFilterFor([{ name: 'zurich-iot', privileges: ['read'], filter: ZURICH_IOT }]),
      );
      expect(await operator.count(RANGE)).toBe(VISIBLE.length);
      const admin = restrictStore(store, readFilterFor([{ name: 'admin', privileges: ['read', 'admin'] }]));
      expect(admin).toBe(store);
      expect(await admin.count({ query: auditQuery, ...RANGE })).toBe(audit.length);
    });

    it('tails only the events inside the filter, whatever the query', async () => {
      const since = DLS_END + DLS_HOUR;
      // two batches, the second newer than the first (a tail follows new events, oldest first)
      const first = dlsEvents(60, { seed: 99, from: since, to: since + 60_000, prefix: `live1-${backend.name}` });
      const second = dlsEvents(60, {
        seed: 98,
        from: since + 60_000,
        to: since + 120_000,
        prefix: `live2-${backend.name}`,
      });
      const live = [...first, ...second];
      const expected = live.filter((e) => matchesZurichIot(e.doc)).map((e) => e.id);
      expect(expected.length).toBeGreaterThan(0);
      const controller = new AbortController();
      const seen: SearchHit[] = [];
      const done = (async () => {
        for await (const hit of zurich.tail({
          query: '* or event.dataset:nginx.access',
          since,
          intervalMs: 50,
          signal: controller.signal,
        }))
          seen.push(hit);
      })();
      try {
        await store.write(first);
        await store.flush();
        await new Promise((r) => setTimeout(r, 200));
        await store.write(second);
        await store.flush();
        const until = Date.now() + 30_000;
        while (seen.length < expected.length && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
        await new Promise((r) => setTimeout(r, 400)); // a few more polls: nothing else arrives
      } finally {
        controller.abort();
        await done;
      }
      expect(seen.every((h) => matchesZurichIot(h.doc))).toBe(true);
      expect(seen.map((h) => h.id).sort()).toEqual(expected.sort());
    }, 60_000);

    it.skipIf(backend.name === 'embedded')('gives the same answers as the embedded store', () => {
      const reference = answers.get('embedded');
      const mine = answers.get(backend.name);
      expect(reference, 'embedded answers').toBeDefined();
      expect(mine, `${backend.name} answers`).toBeDefined();
      for (const query of QUERIES) {
        const a = mine?.get(query) as Answer;
        const b = reference?.get(query) as Answer;
        const q = JSON.stringify(query);
        expect(a.count, `count of ${q}`).toBe(b.count);
        expect(a.ids, `hits of ${q}`).toEqual(b.ids);
        for (const k of EXACT_AGGS) expect(a.aggs[k], `${k} of ${q}`).toEqual(b.aggs[k]);
        const [x, y] = [value(a.aggs.avgBattery), value(b.aggs.avgBattery)];
        if (typeof x === 'number' && typeof y === 'number') expect(x, `avg of ${q}`).toBeCloseTo(y, 9);
        else expect(x, `avg of ${q}`).toBe(y);
      }
    });
  });
}
