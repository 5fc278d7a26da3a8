/**
 * A page of hits sorted by @timestamp over a time range (searched slice by slice, see
 * newest-first.ts) is the page a search without slices gives: sparse and dense
 * matches, both orders, events exactly on the slices' edges, equal timestamps ordered by id.
 */
import type { LogEvent } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { createEmbeddedStore } from './store.ts';

const FROM = Date.parse('2026-03-01T00:00:00.000Z');
/** 1024 s: the slices are the last (first) 1, 16 and 128 s. */
const TO = FROM + 1_024_000;
const EDGES = [0, 1_000, 16_000, 128_000];

describe('embedded hits by time slices', () => {
  it('gives the page a search of the whole range gives', async () => {
    const events: LogEvent[] = [];
    const at = (ms: number, level: string) =>
      events.push({
        id: `e${String(events.length).padStart(4, '0')}`,
        doc: { '@timestamp': new Date(ms).toISOString(), log: { level }, message: 'm' },
      });
    let seed = 3;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 600; i++) at(FROM + Math.floor(rand() * 1_024_000), rand() < 0.05 ? 'error' : 'info');
    // on each slice's edge, and next to it, at both ends of the range
    for (const w of EDGES)
      for (const ms of [TO - w, TO - w - 1, FROM + w, FROM + w - 1])
        if (ms >= FROM && ms < TO) for (const level of ['error', 'info', 'error']) at(ms, level);
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      await store.write(events);
      for (const query of ['', 'log.level:error', 'log.level:info', 'log.level:none'])
        for (const order of ['desc', 'asc'] as const)
          for (const size of [1, 3, 10, 40, 1000]) {
            const sort = [{ field: '@timestamp', order }];
            const sliced = await store.search({ query, from: FROM, to: TO, size, sort });
            const whole = await store.search({ query, size, sort });
            expect(
              sliced.hits.map((h) => h.id),
              `${query} ${order} ${size}`,
            ).toEqual(whole.hits.map((h) => h.id));
            expect(sliced.total).toBe(whole.total);
          }
    } finally {
      await store.close();
    }
  });
});
