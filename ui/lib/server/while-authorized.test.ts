import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { whileAuthorized } from './while-authorized.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A source that yields a number every `everyMs` until its signal aborts (then ends). */
function ticking(everyMs: number, seen: { aborted: boolean; taken: number }) {
  return async function* numbers(signal: AbortSignal): AsyncIterable<number> {
    signal.addEventListener('abort', () => {
      seen.aborted = true;
    });
    for (let i = 0; !signal.aborted; i++) {
      await sleep(everyMs);
      seen.taken++;
      yield i;
    }
  };
}

describe('whileAuthorized', () => {
  it('passes items through while the check passes, and checks on a timer', async () => {
    const seen = { aborted: false, taken: 0 };
    let checks = 0;
    const open = whileAuthorized(ticking(5, seen), async () => void checks++, 20);
    const items: number[] = [];
    for await (const n of open(new AbortController().signal)) {
      items.push(n);
      if (items.length === 30) break;
    }
    expect(items).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(checks).toBeGreaterThan(0);
    await sleep(10);
    expect(seen.aborted).toBe(true); // the source is released when the consumer stops
  });

  it('aborts the source and throws the check error at the next read, even one already waiting', async () => {
    const seen = { aborted: false, taken: 0 };
    let allowed = true;
    const check = async () => {
      if (!allowed) throw new DriftwoodError('UNAUTHORIZED', 'the session has ended; log in again');
    };
    // a source that waits 10 s between items: the failed check must not wait for it
    const open = whileAuthorized(ticking(10_000, seen), check, 20);
    const iterator = open(new AbortController().signal)[Symbol.asyncIterator]();
    const pending = iterator.next();
    await sleep(60);
    allowed = false;
    const started = Date.now();
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDriftwoodError(error, 'UNAUTHORIZED'), String(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(seen.aborted).toBe(true);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it('ends (without error) when the outer signal aborts', async () => {
    const seen = { aborted: false, taken: 0 };
    const outer = new AbortController();
    const open = whileAuthorized(ticking(5, seen), async () => undefined, 1000);
    const items: number[] = [];
    for await (const n of open(outer.signal)) {
      items.push(n);
      if (items.length === 3) outer.abort();
    }
    expect(seen.aborted).toBe(true);
    expect(items.length).toBeGreaterThanOrEqual(3);
  });
});
