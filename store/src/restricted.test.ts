/**
 * restrictStore on the embedded store: the filter and the user query are combined as ASTs under
 * one `and`, so no query widens the filter; reads are restricted, writes and saved objects pass
 * through. (restricted.engine.test.ts holds all three backends to the same answers.)
 */
import { AUDIT_DATASET, BUILTIN_ROLES, isDriftwoodError, type KqlNode, parseKql, readFilterFor } from '@driftwood/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogStore } from './contract.ts';
import { createEmbeddedStore } from './embedded/store.ts';
import { excludesAudit, restrictQuery, restrictStore } from './restricted.ts';
import { auditEvent } from './security/audit.ts';
import { DLS_END, DLS_START, dlsEvents, matchesZurichIot, userQuery, ZURICH_IOT } from './testdata/dls.ts';

const RANGE = { from: DLS_START, to: DLS_END };
const EVENTS = dlsEvents(400, { seed: 7 });
const VISIBLE = EVENTS.filter((e) => matchesZurichIot(e.doc)).length;

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('restrictQuery', () => {
  const filter = parseKql(ZURICH_IOT);

  it('puts the filter and the query side by side under one and (flattened), the filter alone for an empty query', () => {
    expect(restrictQuery(filter, undefined)).toEqual(filter);
    expect(restrictQuery(filter, '')).toEqual(filter);
    expect(restrictQuery(filter, '  *  ')).toEqual(filter);
    expect(restrictQuery(filter, 'log.level:error')).toEqual({
      type: 'and',
      children: [...(filter as Extract<KqlNode, { type: 'and' }>).children, parseKql('log.level:error')],
    });
    expect(restrictQuery(parseKql('site:zurich'), 'x or *')).toEqual({
      type: 'and',
      children: [parseKql('site:zurich'), parseKql('x or *')],
    });
    expect(restrictQuery({ type: 'all' }, 'x')).toEqual(parseKql('x'));
  });

  it('keeps the filter a conjunct of the result for any query (the or/not of the query stays inside it)', () => {
    fc.assert(
      fc.property(userQuery, (q) => {
        const r = restrictQuery(filter, q);
        if (r.type !== 'and') return expect(r).toEqual(filter);
        // the filter's own conjuncts come first and unchanged; the rest is the query
        const own = (filter as Extract<KqlNode, { type: 'and' }>).children;
        expect(r.children.slice(0, own.length)).toEqual(own);
        // the same query sent as its AST is combined alike (a parsed tree is never refused)
        expect(restrictQuery(filter, parseKql(q))).toEqual(r);
      }),
      { numRuns: 300, seed: 16 },
    );
  });

  it('for any text: either a syntax error or the filter as a conjunct (fuzzed with KQL punctuation)', () => {
    const own = (filter as Extract<KqlNode, { type: 'and' }>).children;
    const text = fc
      .array(
        fc.constantFrom(
          '(',
          ')',
          ' or ',
          ' and ',
          'not ',
          '*',
          ':',
          '"',
          '\\',
          'site',
          'zurich',
          '{',
          '}',
          ' ',
          '<',
          '>=',
        ),
        {
          maxLength: 12,
        },
      )
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (q) => {
        let r: KqlNode;
        try {
          r = restrictQuery(filter, q);
        } catch (error) {
          expect(isDriftwoodError(error, 'KQL_SYNTAX'), String(error)).toBe(true);
          return;
        }
        if (r.type === 'and') expect(r.children.slice(0, own.length)).toEqual(own);
        else expect(r).toEqual(filter);
      }),
      { numRuns: 2000, seed: 1616 },
    );
  });

  it('refuses a query that does not parse instead of splicing it in', () => {
    for (const q of [') or (*', 'site:zurich) or (*', '*) or not (x', '(((', 'a or (b']) {
      let error: unknown;
      try {
        restrictQuery(filter, q);
      } catch (e) {
        error = e;
      }
      expect(isDriftwoodError(error, 'KQL_SYNTAX'), `${q}: ${String(error)}`).toBe(true);
    }
  });

  it('parses a query sent as an AST again, and refuses a tree of an unknown shape', () => {
    const ast: KqlNode = { type: 'or', children: [{ type: 'all' }, { type: 'exists', field: 'site' }] };
    expect(restrictQuery(filter, ast)).toEqual({
      type: 'and',
      children: [...(filter as Extract<KqlNode, { type: 'and' }>).children, parseKql('* or site:*')],
    });
    for (const bad of [{ type: 'match_all' }, { type: 'not' }, { type: 'and', children: [{ type: 'raw', dsl: {} }] }]) {
      let error: unknown;
      try {
        restrictQuery(filter, bad as unknown as KqlNode);
      } catch (e) {
        error = e;
      }
      expect(isDriftwoodError(error, 'INPUT_INVALID') || isDriftwoodError(error, 'KQL_SYNTAX'), String(error)).toBe(
        true,
      );
    }
  });
});

describe('restrictStore (embedded store)', () => {
  let store: LogStore;
  let zurich: LogStore;

  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    const outcomes = await store.write(EVENTS);
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
    zurich = restrictStore(store, ZURICH_IOT);
  });

  afterAll(async () => {
    await store?.close();
  });

  it('is the store itself without a filter; a filter that is not KQL is a configuration error', () => {
    expect(restrictStore(store, undefined)).toBe(store);
    let error: unknown;
    try {
      restrictStore(store, 'site:(zurich');
    } catch (e) {
      error = e;
    }
    expect(isDriftwoodError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
    expect(zurich.kind).toBe('embedded');
  });

  it('counts, searches and aggregates only inside the filter, whatever the query', async () => {
    expect(VISIBLE).toBeGreaterThan(10);
    expect(await zurich.count(RANGE)).toBe(VISIBLE);
    for (const query of ['x or *', '* or not site:zurich', 'not (event.dataset:iot*)', 'site:geneva']) {
      const n = await zurich.count({ query, ...RANGE });
      expect(n, query).toBe(await store.count({ query: `(${ZURICH_IOT}) and (${query})`, ...RANGE }));
      expect(n, query).toBeLessThanOrEqual(VISIBLE);
      const page = await zurich.search({ query, ...RANGE, size: 1000 });
      expect(page.total, query).toBe(n);
      expect(
        page.hits.every((h) => matchesZurichIot(h.doc)),
        query,
      ).toBe(true);
      const aggs = await zurich.aggregate({
        query,
        ...RANGE,
        aggs: { sites: { type: 'terms', field: 'site', size: 10 }, n: { type: 'cardinality', field: 'event.dataset' } },
      });
      const sites = aggs.sites?.type === 'terms' ? aggs.sites.buckets.map((b) => b.key) : ['missing'];
      expect(
        sites.every((s) => s === 'zurich'),
        `${query}: ${sites}`,
      ).toBe(true);
      expect(aggs.n?.type === 'cardinality' ? aggs.n.value : -1, query).toBeLessThanOrEqual(3);
    }
    expect(await zurich.count({ query: 'site:geneva', ...RANGE })).toBe(0);
    expect(await store.count({ query: 'site:geneva', ...RANGE })).toBeGreaterThan(0);
  });

  it('rejects (does not throw) a query that does not parse, on every read', async () => {
    const query = 'site:zurich) or (*';
    for (const p of [
      zurich.count({ query }),
      zurich.search({ query }),
      zurich.aggregate({ query, aggs: { n: { type: 'count' } } }),
    ]) {
      expect(isDriftwoodError(await rejection(p), 'KQL_SYNTAX')).toBe(true);
    }
    const iterator = zurich.tail({ query, signal: AbortSignal.timeout(1000) })[Symbol.asyncIterator]();
    expect(isDriftwoodError(await rejection(iterator.next()), 'KQL_SYNTAX')).toBe(true);
  });

  it('tails only matching events', async () => {
    const since = DLS_END + 1000;
    const live = dlsEvents(80, { seed: 8, from: since, to: since + 10_000, prefix: 'live' });
    await store.write(live);
    await store.flush();
    const seen: string[] = [];
    for await (const hit of zurich.tail({ query: 'x or *', since, intervalMs: 20, signal: AbortSignal.timeout(800) })) {
      expect(matchesZurichIot(hit.doc), hit.id).toBe(true);
      seen.push(hit.id);
    }
    expect(seen.sort()).toEqual(
      live
        .filter((e) => matchesZurichIot(e.doc))
        .map((e) => e.id)
        .sort(),
    );
  });

  it('passes writes, flush and saved objects through to the store', async () => {
    const [event] = dlsEvents(1, { seed: 9, prefix: 'through' });
    const before = await store.count({});
    const outcomes = await zurich.write([event!]);
    expect(outcomes).toEqual([{ id: event!.id, status: 'stored' }]);
    await zurich.flush();
    expect(await store.count({})).toBe(before + 1);
    const saved = await zurich.saveObject({ id: 's1', type: 'search', title: 'mine', attributes: { query: 'x' } });
    expect((await store.getObject('search', 's1'))?.title).toBe('mine');
    expect((await zurich.listObjects('search')).map((o) => o.id)).toContain(saved.id);
    expect(await zurich.deleteObject('search', 's1')).toBe(true);
    expect(await store.getObject('search', 's1')).toBeUndefined();
  });
});

describe('restrictStore fields()', () => {
  let store: LogStore;

  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    const audit = auditEvent(
      { action: 'login', outcome: 'failure', username: 'eve', target: 'eve', address: 'host-a', details: { n: 1 } },
      DLS_START + 1000,
    );
    await store.write([...dlsEvents(20, { seed: 3, prefix: 'fields' }), audit]);
    await store.flush();
  });

  afterAll(async () => {
    await store?.close();
  });

  const auditNames = async (s: LogStore) =>
    (await s.fields())
      .map((f) => f.name)
      .filter((name) => name.startsWith(`${AUDIT_DATASET}.`))
      .sort();

  it('hides the driftwood.audit.* field names when the filter excludes the audit dataset (non-admins)', async () => {
    const all = await auditNames(store);
    expect(all).toEqual(expect.arrayContaining(['driftwood.audit.address', 'driftwood.audit.details']));
    for (const roles of [['viewer'], ['editor']]) {
      const filter = readFilterFor(BUILTIN_ROLES.filter((r) => roles.includes(r.name)));
      expect(excludesAudit(parseKql(filter as string)), String(filter)).toBe(true);
      const restricted = restrictStore(store, filter);
      expect(await auditNames(restricted)).toEqual([]);
      // every other field is still listed
      const names = (await restricted.fields()).map((f) => f.name);
      expect(names).toEqual((await store.fields()).map((f) => f.name).filter((n) => !all.includes(n)));
      expect(names).toContain('event.dataset');
    }
    const zurich = readFilterFor([{ name: 'zurich', privileges: ['read'], filter: ZURICH_IOT }]) as string;
    expect(await auditNames(restrictStore(store, zurich))).toEqual([]);
  });

  it('lists them when the filter does not exclude the audit dataset (an admin, a filter of its own)', async () => {
    const all = await auditNames(store);
    const admin = readFilterFor(BUILTIN_ROLES.filter((r) => r.name === 'admin'));
    expect(await auditNames(restrictStore(store, admin))).toEqual(all);
    expect(excludesAudit(parseKql(ZURICH_IOT))).toBe(false);
    expect(await auditNames(restrictStore(store, ZURICH_IOT))).toEqual(all);
  });
});
