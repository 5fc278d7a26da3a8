/**
 * GET /api/tail on a real embedded store: a client that does not read holds at most SSE_QUEUE
 * events (the store's tail is advanced only as the client reads); once it reads, every event
 * arrives once and in order; cancelling the body stops the store's tail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import type { LogStore, SearchHit, TailOptions } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSecurity } from '../../../lib/server/security.ts';
import { SSE_QUEUE } from '../../../lib/server/sse-stream.ts';
import { getStore } from '../../../lib/server/store.ts';
import { GET } from './route.ts';

const N = 3000;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const idOf = (i: number) => `t${String(i).padStart(5, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A viewer's HTTP Basic credentials (its reads leave out the audit events the security service writes). */
const AUTH = { authorization: `Basic ${Buffer.from('tail-viewer:viewer-password-1').toString('base64')}` };

describe('GET /api/tail on a real embedded store', () => {
  let dir: string;
  let store: LogStore;
  /** Events taken from the store's tail iterator (counted, nothing changed in what it yields). */
  let pulled = 0;
  let ended = false;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-tail-'));
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    const events: LogEvent[] = Array.from({ length: N }, (_, i) => ({
      id: idOf(i),
      doc: { '@timestamp': new Date(T0 + Math.floor(i / 2)).toISOString(), message: `tail ${i}` },
    }));
    expect((await store.write(events)).every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
    await (await getSecurity()).addUser({ username: 'tail-viewer', password: 'viewer-password-1', roles: ['viewer'] });
    const tail = store.tail.bind(store);
    store.tail = (options: TailOptions) =>
      (async function* counted(): AsyncIterable<SearchHit> {
        try {
          for await (const hit of tail(options)) {
            pulled++;
            yield hit;
          }
        } finally {
          ended = true;
        }
      })();
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('buffers at most SSE_QUEUE events for a client that does not read, then delivers each once, in order', async () => {
    const client = new AbortController();
    const res = await GET(
      new Request(`http://127.0.0.1/api/tail?since=${T0}`, { signal: client.signal, headers: AUTH }),
    );
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    await sleep(1500); // the client reads nothing
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThanOrEqual(SSE_QUEUE + 1);

    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const ids: string[] = [];
    while (ids.length < N) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      let end = text.indexOf('\n\n');
      while (end >= 0) {
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        if (block.startsWith('event: hit\n'))
          ids.push((JSON.parse(block.slice(block.indexOf('data: ') + 6)) as SearchHit).id);
        end = text.indexOf('\n\n');
      }
      // the store is never far ahead of what the client has read
      expect(pulled - ids.length).toBeLessThanOrEqual(SSE_QUEUE + 1);
    }
    expect(ids).toEqual(Array.from({ length: N }, (_, i) => idOf(i)));

    await reader.cancel();
    for (let i = 0; i < 100 && !ended; i++) await sleep(20);
    expect(ended).toBe(true);
  });
});
