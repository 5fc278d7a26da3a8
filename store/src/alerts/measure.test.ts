import { parseRule, printKql, type RuleInput } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedStore, type EmbeddedStore } from '../embedded/store.ts';
import { measure, ruleQuery } from './measure.ts';
import { events, MINUTE, T0 } from './testdata/events.ts';

const rule = (over: Partial<RuleInput>) =>
  parseRule({ id: 'm', name: 'M', condition: { type: 'count', comparator: '>', threshold: 1 }, ...over });
const window = { from: T0, to: T0 + 5 * MINUTE };

describe('measure (embedded store)', () => {
  let store: EmbeddedStore;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    await store.write([
      ...events(6, T0, 5 * MINUTE, { level: 'error', host: 'web-1', duration: 100 }),
      ...events(3, T0, 5 * MINUTE, { level: 'error', host: 'web-2', duration: 400 }),
      ...events(4, T0, 5 * MINUTE, { level: 'info', host: 'web-1', duration: 10 }),
      ...events(5, T0 + 5 * MINUTE, MINUTE, { level: 'error', host: 'web-1' }), // after the window
      ...events(2, T0 - MINUTE, MINUTE, { level: 'error', host: 'web-3' }), // before it
    ]);
    await store.flush();
  });
  afterAll(() => store.close());

  it('counts the query in [from, to)', async () => {
    expect(await measure(store, rule({ query: 'log.level:error' }), window)).toEqual([
      { group: null, value: 9, present: true },
    ]);
    expect(await measure(store, rule({ query: 'host.name:none' }), window)).toEqual([
      { group: null, value: 0, present: false },
    ]);
  });

  it('grouped: one count per group, and known groups that went silent at 0 (absent)', async () => {
    const grouped = rule({ query: 'log.level:error', group_by: { field: 'host.name', limit: 10 } });
    const values = await measure(store, grouped, window, ['web-3']);
    expect(values).toEqual([
      { group: 'web-1', value: 6, present: true },
      { group: 'web-2', value: 3, present: true },
      { group: 'web-3', value: 0, present: false },
    ]);
    const top1 = await measure(store, { ...grouped, group_by: { field: 'host.name', limit: 1 } }, window);
    expect(top1.map((m) => m.group)).toEqual(['web-1']);
  });

  it('metrics: avg, max, min, sum, p95 and cardinality, per group too; no events is null', async () => {
    const metric = (agg: 'avg' | 'max' | 'min' | 'sum' | 'p95' | 'cardinality', field = 'event.duration') =>
      rule({ query: 'log.level:error', condition: { type: 'metric', agg, field, comparator: '>', threshold: 1 } });
    const value = async (r: ReturnType<typeof rule>) => (await measure(store, r, window))[0]?.value;
    expect(await value(metric('avg'))).toBe(200);
    expect(await value(metric('max'))).toBe(400);
    expect(await value(metric('min'))).toBe(100);
    expect(await value(metric('sum'))).toBe(1800);
    expect(await value(metric('p95'))).toBeCloseTo(400, 0);
    expect(await value(metric('cardinality', 'host.name'))).toBe(2);
    const grouped = { ...metric('avg'), group_by: { field: 'host.name', limit: 10 } };
    expect(await measure(store, grouped, window, ['web-9'])).toEqual([
      { group: 'web-1', value: 100, present: true },
      { group: 'web-2', value: 400, present: true },
      { group: 'web-9', value: null, present: false },
    ]);
    expect(await measure(store, { ...metric('avg'), query: 'host.name:none' }, window)).toEqual([
      { group: null, value: null, present: false },
    ]);
  });

  it('narrows the query to a group', () => {
    const r = rule({ query: 'log.level:error or log.level:warn', group_by: { field: 'host.name', limit: 10 } });
    expect(printKql(ruleQuery(r, 'web 1'))).toBe('(log.level:error or log.level:warn) and host.name:"web 1"');
    expect(printKql(ruleQuery({ ...r, query: '' }, 'web-1'))).toBe('host.name:"web-1"');
    expect(printKql(ruleQuery({ ...r, query: 'a:1 and b:2' }, 'x'))).toBe('a:1 and b:2 and host.name:"x"');
    expect(ruleQuery({ ...r, query: '' }, null)).toEqual({ type: 'all' });
  });
});
