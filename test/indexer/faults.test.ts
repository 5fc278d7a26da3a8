/**
 * Fault tests through the HTTP `_bulk` API with a FaultyStore wrapping the real embedded store:
 * rejected items go to the dead-letter store with their reason, retryable rejections (429) are
 * retried inside the request, and a store outage mid-stream ends with every event stored exactly
 * once — the client (like Filebeat) resends only the items answered 429.
 */
import { getField, type LogEvent } from '@driftwood/core';
import { metricValue } from '@driftwood/core/node';
import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, ndjson, postBulk, startHarness, statuses } from './harness.ts';

const T0 = Date.parse('2026-11-25T08:00:00Z');
const doc = (i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@timestamp': new Date(T0 + i * 10).toISOString(),
  message: `event number ${i}`,
  seq: i,
  ...extra,
});

/** A shipper's loop: send a batch, resend only items answered 429 (or the whole batch on a request error). */
async function ship(url: string, docs: Array<Record<string, unknown>>, index: string) {
  let pending = docs.map((d, i) => ({ d, i }));
  const final = new Map<number, number>();
  let requests = 0;
  while (pending.length > 0) {
    requests++;
    expect(requests).toBeLessThan(500);
    const body = ndjson(pending.flatMap(({ d }) => [{ create: { _index: index } }, d]));
    const r = await postBulk(url, body);
    if (r.status !== 200) {
      await new Promise((res) => setTimeout(res, 50));
      continue;
    }
    const st = statuses(r.body);
    const again: typeof pending = [];
    pending.forEach((p, k) => {
      if (st[k] === 429) again.push(p);
      else final.set(p.i, st[k] as number);
    });
    pending = again;
    if (pending.length > 0) await new Promise((res) => setTimeout(res, 50));
  }
  return { final, requests };
}

describe('indexer under store faults', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('dead-letters items the store rejects, with the reason, and stores the rest', async () => {
    h = await startHarness();
    h.faulty.rejectWhen = (e: LogEvent) =>
      getField(e.doc, 'bad') === true
        ? { reason: 'mapper_parsing_exception: failed to parse field [seq] of type [long]', retryable: false }
        : undefined;
    const docs = Array.from({ length: 200 }, (_, i) => doc(i, i % 10 === 3 ? { bad: true } : {}));
    const r = await postBulk(h.url, ndjson(docs.flatMap((d) => [{ create: { _index: 'faults' } }, d])));
    const st = statuses(r.body);
    expect(st.filter((s) => s === 201)).toHaveLength(180);
    expect(st.filter((s) => s === 400)).toHaveLength(20);
    expect(r.body.items[3].create.error.reason).toMatch(/failed to parse field \[seq\]/);
    await h.store.flush();
    expect(await h.store.count({ query: 'message:event and not event.dataset:driftwood.deadletter' })).toBe(180);
    const dl = await h.store.search({ query: 'event.dataset:driftwood.deadletter', size: 100 });
    expect(dl.total).toBe(20);
    const first = dl.hits.find((x) => String(getField(x.doc, 'event.original')).includes('"seq":3,'));
    expect(first).toBeDefined();
    expect(getField(first!.doc, 'error.message')).toMatch(/failed to parse field/);
    expect(getField(first!.doc, 'driftwood.deadletter.pipeline')).toBe('structured');
    expect(getField(first!.doc, 'driftwood.deadletter.origin')).toBe('faults');
    // Searchable by the reason's words.
    expect(await h.store.count({ query: 'event.dataset:driftwood.deadletter and error.message:parse' })).toBe(20);
    expect(await metricValue(h.indexer.metrics.deadLetters)).toBe(20);
  });

  it('retries retryable rejections (429) inside the request', async () => {
    h = await startHarness({ retry: { initial_backoff_ms: 5, max_backoff_ms: 20 } });
    h.faulty.rejectWhen = (e, attempt) =>
      Number(getField(e.doc, 'seq')) % 2 === 0 && attempt < 2
        ? { reason: 'too many requests', retryable: true }
        : undefined;
    const docs = Array.from({ length: 100 }, (_, i) => doc(i));
    const r = await postBulk(h.url, ndjson(docs.flatMap((d) => [{ index: { _index: 'r' } }, d])));
    expect(statuses(r.body).every((s) => s === 201)).toBe(true);
    expect(await metricValue(h.indexer.metrics.retries)).toBe(100); // 50 items × 2 retries
    expect(await h.store.count({})).toBe(100);
  });

  it('answers 429 per item when retries run out, and the client retry stores them once', async () => {
    h = await startHarness({ retry: { attempts: 2, initial_backoff_ms: 1, max_backoff_ms: 2 } });
    h.faulty.rejectWhen = (_e, attempt) =>
      attempt < 3 ? { reason: 'es_rejected_execution_exception', retryable: true } : undefined;
    const docs = Array.from({ length: 30 }, (_, i) => doc(i));
    const { final, requests } = await ship(h.url, docs, 'q');
    expect(requests).toBe(2);
    expect([...final.values()].every((s) => s === 201)).toBe(true);
    expect(await h.store.count({})).toBe(30);
  });

  it('loses nothing and duplicates nothing when the store is gone mid-stream', async () => {
    const outageMs = 30_000; // the store is gone for 30 s, as in the issue
    h = await startHarness({ request_timeout_ms: 300, retry: { initial_backoff_ms: 20, max_backoff_ms: 100 } });
    // Some acknowledgements are lost: the store wrote, but the indexer saw an error (ack lost).
    const inner = h.faulty.write.bind(h.faulty);
    let lostAcks = 0;
    let bigWrites = 0;
    h.faulty.write = async (events) => {
      const out = await inner(events);
      if (events.length > 20 && ++bigWrites % 4 === 2 && lostAcks < 3) {
        lostAcks++;
        throw new Error('connection reset after write');
      }
      return out;
    };
    const total = 3_000;
    const docs = Array.from({ length: total }, (_, i) => doc(i, i % 250 === 7 ? { bad: true } : {}));
    h.faulty.rejectWhen = (e) =>
      getField(e.doc, 'bad') === true ? { reason: 'mapping conflict on [bad]', retryable: false } : undefined;
    const batches: Array<typeof docs> = [];
    for (let i = 0; i < total; i += 100) batches.push(docs.slice(i, i + 100));
    let sent = 0;
    const shipping = (async () => {
      const results = new Map<number, number>();
      for (const b of batches) {
        const { final } = await ship(h!.url, b, 'outage');
        for (const [k, v] of final) results.set(sent + k, v);
        sent += b.length;
        await new Promise((r) => setTimeout(r, 5));
      }
      return results;
    })();
    // Start the outage part-way through the stream.
    while (sent < total / 3) await new Promise((r) => setTimeout(r, 5));
    h.faulty.outage(outageMs);
    const results = await shipping;
    expect(h.faulty.failedCalls).toBeGreaterThan(0);
    expect(lostAcks).toBe(3);
    expect([...results.values()].filter((s) => s === 409).length).toBeGreaterThan(0);
    expect(results.size).toBe(total);
    const bad = docs.filter((d) => d.bad === true).length;
    // Every event: stored (201, or 409 = the lost-ack copy already stored) or dead-lettered (400).
    expect([...results.values()].filter((s) => s === 400)).toHaveLength(bad);
    expect([...results.values()].every((s) => s === 201 || s === 409 || s === 400)).toBe(true);
    await h.store.flush();
    expect(await h.store.count({ query: 'not event.dataset:driftwood.deadletter' })).toBe(total - bad);
    expect(await h.store.count({ query: 'event.dataset:driftwood.deadletter' })).toBe(bad);
    // Exactly once: every seq appears once.
    const seen = new Set<number>();
    let after: Array<string | number> | undefined;
    for (;;) {
      const page = await h.store.search({
        query: 'not event.dataset:driftwood.deadletter',
        size: 1000,
        ...(after ? { searchAfter: after } : {}),
      });
      for (const hit of page.hits) {
        const s = Number(hit.doc.seq);
        expect(seen.has(s)).toBe(false);
        seen.add(s);
      }
      if (page.hits.length < 1000) break;
      after = page.hits[page.hits.length - 1]!.sort;
    }
    expect(seen.size).toBe(total - bad);
  }, 150_000);
});
