import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_DATASET, type LogEvent } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateRequest } from '../contract.ts';
import { createEmbeddedStore, type EmbeddedStore } from './store.ts';

const T0 = Date.UTC(2026, 2, 1);
const MINUTE = 60_000;

/** Six hours of events, some on a minute's first millisecond, with the audit trail among them. */
function events(n: number): LogEvent[] {
  // mulberry32: well spread over every range (an LCG's low bits left whole minutes empty)
  let x = 7;
  const rand = (k: number) => {
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * k);
  };
  return Array.from({ length: n }, (_, i) => {
    const at = T0 + (rand(4) === 0 ? rand(360) * MINUTE : rand(360 * MINUTE));
    const doc: Record<string, unknown> = {
      '@timestamp': new Date(at).toISOString(),
      message: `request ${['ok', 'refused', 'slow'][rand(3)]}`,
      event: { dataset: rand(10) === 0 ? AUDIT_DATASET : ['nginx.access', 'app'][rand(2)] },
      log: { level: ['info', 'warn', 'error'][rand(3)] },
      http: { response: { status_code: [200, 404, 500][rand(3)] } },
      tags: rand(3) === 0 ? ['a', 'b'] : ['b'],
    };
    if (rand(5) === 0) delete (doc.log as Record<string, unknown>).level; // missing values
    if (rand(4) === 0) doc.host = { name: `h${rand(3)}` };
    return { id: `e${i}`, doc } as LogEvent;
  });
}

/**
 * Queries that only leave events out, against the plain path (`exclusion` off: `not E` filters
 * every event), over ranges of whole minutes with edges, under two minutes (no whole minute: the
 * events alone, with the query's condition), and exactly one minute.
 */
describe('the exclusion fast path', () => {
  let dir: string;
  let fast: EmbeddedStore;
  let plain: EmbeddedStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-exclusion-'));
    fast = await createEmbeddedStore({ path: path.join(dir, 'fast.duckdb') });
    plain = await createEmbeddedStore({ path: path.join(dir, 'plain.duckdb'), plain: ['exclusion'] });
    const batch = events(6000);
    for (const store of [fast, plain]) {
      await store.write(batch);
      await store.flush();
    }
  }, 60_000);

  afterAll(async () => {
    await fast?.close();
    await plain?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const QUERIES = [
    `not event.dataset:"${AUDIT_DATASET}"`,
    'not log.level:info',
    'not log.level:info and not event.dataset:app',
    'not (log.level:error or not http.response.status_code:500)',
    'not host.name:*',
    'not tags:a',
    'not refused',
    'not http.response.status_code >= 404',
  ];
  const RANGES: Array<[number, number]> = [
    [T0 + 17 * MINUTE + 123, T0 + 301 * MINUTE + 45_678],
    [T0 + 5 * MINUTE + 500, T0 + 6 * MINUTE + 59_999],
    [T0 + 90 * MINUTE, T0 + 91 * MINUTE],
    [T0 - MINUTE, T0 + 400 * MINUTE],
  ];

  it('counts, totals and facets equal the plain path for every query and range', async () => {
    let compared = 0;
    for (const query of QUERIES) {
      for (const [from, to] of RANGES) {
        const request: AggregateRequest = {
          query,
          from,
          to,
          aggs: {
            n: { type: 'count' },
            hist: { type: 'date_histogram', intervalMs: 5 * MINUTE, split: { field: 'log.level', size: 2 } },
            levels: { type: 'terms', field: 'log.level', size: 2 },
            statuses: { type: 'terms', field: 'http.response.status_code', size: 5 },
            hosts: { type: 'terms', field: 'host.name', size: 10 },
          },
        };
        const label = `${query} ${from}..${to}`;
        expect(await fast.aggregate(request), label).toEqual(await plain.aggregate(request));
        expect(await fast.count({ query, from, to }), label).toBe(await plain.count({ query, from, to }));
        const [a, b] = await Promise.all([
          fast.search({ query, from, to, size: 5 }),
          plain.search({ query, from, to, size: 5 }),
        ]);
        expect(a, label).toEqual(b);
        compared++;
      }
    }
    expect(compared).toBe(QUERIES.length * RANGES.length);
    // every range holds events (a range without any would compare nothing)
    for (const [from, to] of RANGES) expect(await plain.count({ from, to })).toBeGreaterThan(10);
    // the audit trail is really left out, and really there
    const all = await plain.count({ from: T0 - MINUTE, to: T0 + 400 * MINUTE });
    const audit = await plain.count({
      query: `event.dataset:"${AUDIT_DATASET}"`,
      from: T0 - MINUTE,
      to: T0 + 400 * MINUTE,
    });
    expect(audit).toBeGreaterThan(100);
    expect(await fast.count({ query: QUERIES[0], from: T0 - MINUTE, to: T0 + 400 * MINUTE })).toBe(all - audit);
  });
});
