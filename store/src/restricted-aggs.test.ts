/**
 * Document-level security holds for issue #17's aggregations: every bucket's sub-aggregations,
 * a filters bucket that asks for everything (`*`, `not …`), the terms missing bucket and
 * last_value see only what the role's filter lets through — the same answers as the filter
 * written into the query on an unrestricted store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateRequest, LogStore } from './contract.ts';
import { createEmbeddedStore } from './embedded/store.ts';
import { restrictStore } from './restricted.ts';
import { DLS_END, DLS_START, dlsEvents, matchesZurichIot, ZURICH_IOT } from './testdata/dls.ts';

const EVENTS = dlsEvents(300, { seed: 17 });

const request = (query: string): AggregateRequest => ({
  query,
  from: DLS_START,
  to: DLS_END,
  aggs: {
    n: { type: 'count' },
    last: { type: 'last_value', field: 'event.dataset' },
    time: {
      type: 'date_histogram',
      intervalMs: 6 * 3_600_000,
      aggs: {
        sites: {
          type: 'terms',
          field: 'site',
          size: 5,
          missing: true,
          aggs: { last: { type: 'last_value', field: 'host.name' }, n: { type: 'count' } },
        },
      },
    },
    everything: {
      type: 'filters',
      filters: [
        { key: 'all', query: '*' },
        { key: 'others', query: 'not site:zurich or event.dataset:nginx.access' },
      ],
      aggs: { datasets: { type: 'terms', field: 'event.dataset', size: 10, missing: true } },
    },
  },
});

describe('restricted store: issue #17 aggregations', () => {
  let store: LogStore;

  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    await store.write(EVENTS);
    await store.flush();
  });

  afterAll(async () => {
    await store?.close();
  });

  it('answers as the filter written into the query, for every bucket and sub-aggregation', async () => {
    const restricted = restrictStore(store, ZURICH_IOT);
    const visible = EVENTS.filter((e) => matchesZurichIot(e.doc)).length;
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(EVENTS.length);
    for (const query of ['', 'log.level:error', 'not log.level:info or *']) {
      const mine = await restricted.aggregate(request(query));
      const theirs = await store.aggregate(request(query === '' ? ZURICH_IOT : `(${ZURICH_IOT}) and (${query})`));
      expect(mine, query).toEqual(theirs);
      if (query === '') {
        expect(mine.n).toEqual({ type: 'count', value: visible });
        const all = mine.everything?.type === 'filters' ? mine.everything.buckets[0] : undefined;
        expect(all?.count).toBe(visible);
        const datasets = all?.aggs?.datasets;
        expect(datasets?.type === 'terms' && datasets.buckets.every((b) => String(b.key).startsWith('iot'))).toBe(true);
      }
    }
  });
});
