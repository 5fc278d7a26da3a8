/**
 * The tail scenarios, run against any LogStore: the embedded store (tail.test.ts) and real
 * OpenSearch and Elasticsearch (test/store/tail.engine.test.ts). Events of one run carry a
 * `service.name` of their own, so a shared engine index does not disturb the answer.
 */

import type { LogEvent } from '@driftwood/core';
import { expect, it } from 'vitest';
import type { LogStore, SearchHit } from './contract.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, done: () => boolean, timeoutMs: number, state?: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${state ? ` (${state()})` : ''}`);
    await sleep(20);
  }
}

/**
 * Writes the events and makes them visible, as the indexer does: an event the engine turned away
 * for now (`retryable`, e.g. a 429 while a shared test engine is busy) is written again; any
 * other rejection fails the test with its reason rather than as a missing event later.
 */
async function writeAll(store: LogStore, events: LogEvent[], timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let pending = events;
  while (pending.length > 0) {
    const outcomes = await store.write(pending);
    const again: LogEvent[] = [];
    outcomes.forEach((o, i) => {
      if (o.status !== 'rejected') return;
      if (!o.retryable || Date.now() > until) throw new Error(`the store rejected ${o.id}: ${o.reason}`);
      again.push(pending[i] as LogEvent);
    });
    pending = again;
    if (pending.length > 0) await sleep(500);
  }
  await store.flush();
}

/** Starts tailing in the background; `hits` grows as events are yielded. */
function startTail(store: LogStore, query: string, since: number) {
  const controller = new AbortController();
  const hits: SearchHit[] = [];
  const state: { ended: boolean; error?: unknown } = { ended: false };
  const done = (async () => {
    try {
      for await (const hit of store.tail({ query, since, intervalMs: 25, signal: controller.signal })) hits.push(hit);
    } catch (error) {
      state.error = error;
      throw error;
    } finally {
      state.ended = true;
    }
  })();
  done.catch(() => {}); // reported by `stop` and `describe`
  return {
    hits,
    /** For a timeout message: how far the tail got and whether it is still running. */
    describe: () =>
      `${hits.length} yielded; tail ${state.ended ? `ended${state.error ? ` with ${String(state.error)}` : ''}` : 'still polling'}`,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

const pad = (i: number) => String(i).padStart(5, '0');

export function tailScenarios(makeStore: () => Promise<LogStore>, options: { timeoutMs?: number } = {}): void {
  const timeoutMs = options.timeoutMs ?? 20_000;

  it('yields each event exactly once, in order, when 5,000 share one millisecond; later ones are still seen, and a late one within the lookback', async () => {
    const store = await makeStore();
    const run = `tail-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const T = Date.UTC(2026, 10, 20, 8, 0, 0, 123);
    const event = (id: string, at: number) => ({
      id: `${run}-${id}`,
      doc: { '@timestamp': new Date(at).toISOString(), message: `tail ${id}`, service: { name: run } },
    });
    const before = Array.from({ length: 7 }, (_, i) => event(`b${i}`, T - 7 + i));
    const crowd = Array.from({ length: 5000 }, (_, i) => event(`m${pad(i)}`, T));
    await writeAll(store, [...crowd.slice(2500), ...before, ...crowd.slice(0, 2500)], timeoutMs);

    const tail = startTail(store, `service.name:"${run}"`, T - 7);
    try {
      await waitFor('the first 5,007 events', () => tail.hits.length >= 5007, timeoutMs, tail.describe);
      const expected = [...before, ...crowd].map((e) => e.id);
      expect(tail.hits.map((h) => h.id)).toEqual(expected);

      // stored later: more at the same (newest) millisecond — ids sorting before and after the
      // ones yielded — and newer ones
      const sameMs = [event('a0', T), event('a1', T), event('z0', T)];
      const newer = Array.from({ length: 5 }, (_, i) => event(`n${i}`, T + 1 + i));
      await writeAll(store, [...newer, ...sameMs], timeoutMs);
      await waitFor('the events stored later', () => tail.hits.length >= 5015, timeoutMs, tail.describe);
      await sleep(300); // a few more polls: nothing is yielded twice
      const ids = tail.hits.map((h) => h.id);
      expect(ids).toHaveLength(5015);
      expect(new Set(ids).size).toBe(5015);
      expect(new Set(ids.slice(5007))).toEqual(new Set([...sameMs, ...newer].map((e) => e.id)));

      // stored after newer ones were yielded, older than them (a shipper behind, half a bulk
      // refreshed first): still yielded once, within the lookback; one older than it is not
      const late = event('late', T + 3);
      const tooLate = event('too-late', T + 5 - 60_000);
      await writeAll(store, [late, tooLate], timeoutMs);
      await waitFor('the late event', () => tail.hits.length >= 5016, timeoutMs, tail.describe);
      await sleep(300);
      expect(tail.hits.slice(5015).map((h) => h.id)).toEqual([late.id]);
    } finally {
      await tail.stop();
      await store.close();
    }
  });
}
