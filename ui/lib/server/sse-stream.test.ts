import { describe, expect, it } from 'vitest';
import { sseStream } from './sse-stream.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('sseStream', () => {
  it('takes items only as the reader reads: a reader that stops holds at most `queue` chunks', async () => {
    let taken = 0;
    const stream = sseStream(
      async function* numbers(signal) {
        for (let i = 0; !signal.aborted; i++) {
          taken++;
          yield { i };
        }
      },
      { queue: 8, failure: () => ({}) },
    );
    await sleep(100);
    expect(taken).toBeLessThanOrEqual(9); // 7 items + the connected line fill the queue, one more in flight
    const reader = stream.getReader();
    for (let k = 0; k < 20; k++) await reader.read();
    await sleep(50);
    expect(taken).toBeLessThanOrEqual(20 + 9);
    await reader.cancel();
  });

  it('ends with a failure event when the iterator throws, and when the signal aborts the iterator stops', async () => {
    const failing = sseStream(
      async function* broken() {
        yield { ok: 1 };
        throw new Error('store went away');
      },
      { failure: (error) => ({ error: { message: (error as Error).message } }) },
    );
    const text = await readAll(failing);
    expect(text).toBe(
      'retry: 3000\n: connected\n\nevent: hit\ndata: {"ok":1}\n\nevent: failure\ndata: {"error":{"message":"store went away"}}\n\n',
    );

    const client = new AbortController();
    let stopped = false;
    const aborted = sseStream(
      async function* waiting(signal) {
        try {
          while (!signal.aborted) await sleep(5);
          yield* []; // ends without an item
        } finally {
          stopped = true;
        }
      },
      { signal: client.signal, failure: () => ({}) },
    );
    const done = readAll(aborted);
    await sleep(30);
    client.abort();
    expect(await done).toBe('retry: 3000\n: connected\n\n');
    expect(stopped).toBe(true);
  });

  it('heartbeats while the queue has room, none while it is full', async () => {
    const idle = sseStream(
      async function* never(signal) {
        while (!signal.aborted) await sleep(5);
        yield* []; // ends without an item
      },
      { heartbeatMs: 10, queue: 3, failure: () => ({}) },
    );
    await sleep(120); // nobody reads: the queue fills with at most 3 chunks and stays so
    const reader = idle.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (let k = 0; k < 3; k++) text += decoder.decode((await reader.read()).value);
    expect(text).toBe('retry: 3000\n: connected\n\n: ping\n\n: ping\n\n');
    await reader.cancel();
  });
});
