/**
 * The tail scenarios, run against any LogStore: the embedded store (tail.test.ts) and real
 * OpenSearch and Elasticsearch (test/store/tail.engine.test.ts). Events of one run carry a
 * `service.name` of their own, so a shared engine index does not disturb the answer.
 */
import { expect, it } from 'vitest';
import type { LogStore, SearchHit } from './contract.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Starts tailing in the background; `hits` grows as events are yielded. */
function startTail(store: LogStore, query: string, since: number) {
  const controller = new AbortController();
  const hits: SearchHit[] = [];
  const done = (async () => {
    for await (const hit of store.tail({ query, since, intervalMs: 25, signal: controller.signal })) hits.push(hit);
  })();
  return {
    hits,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

const pad = (i: number) => String(i).padStart(5, '0');

export function tailScenarios(makeStore: () => Promise<LogStore>, options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? 20_000;

  it('yields each event exactly once, in order, when 5,000 share one millisecond; later ones are still seen', async () => {
    const store = await makeStore();
    const run = `tail-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const T = Date.UTC(2026, 10, 20, 8, 0, 0, 123);
    const event = (id: string, at: number) => ({
      id: `${run}-${id}`,
      doc: { '@timestamp': new Date(at).toISOString(), message: `tail ${id}`, service: { name: run } },
    });
    const before = Array.from({ length: 7 }, (_, i) => event(`b${i}`, T - 7 + i));
    const crowd = Array.from({ length: 5000 }, (_, i) => event(`m${pad(i)}`, T));
    await store.write([...crowd.slice(2500), ...before, ...crowd.slice(0, 2500)]);
    await store.flush();

    const tail = startTail(store, `service.name:"${run}"`, T - 7);
    try {
      await waitFor('the first 5,007 events', () => tail.hits.length >= 5007, timeoutMs);
      const expected = [...before, ...crowd].map((e) => e.id);
      expect(tail.hits.map((h) => h.id)).toEqual(expected);

      // stored later: more at the same (newest) millisecond — ids sorting before and after the
      // ones yielded — and newer ones
      const sameMs = [event('a0', T), event('a1', T), event('z0', T)];
      const newer = Array.from({ length: 5 }, (_, i) => event(`n${i}`, T + 1 + i));
      await store.write([...newer, ...sameMs]);
      await store.flush();
      await waitFor('the events stored later', () => tail.hits.length >= 5015, timeoutMs);
      await sleep(300); // a few more polls: nothing is yielded twice
      const ids = tail.hits.map((h) => h.id);
      expect(ids).toHaveLength(5015);
      expect(new Set(ids).size).toBe(5015);
      expect(new Set(ids.slice(5007))).toEqual(new Set([...sameMs, ...newer].map((e) => e.id)));
      const times = tail.hits.map((h) => Number(h.sort[0]));
      for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    } finally {
      await tail.stop();
      await store.close();
    }
  });
}
