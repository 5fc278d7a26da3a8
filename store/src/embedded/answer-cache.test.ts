import { describe, expect, it } from 'vitest';
import type { AggregationResult } from '../contract.ts';
import { AnswerCache } from './answer-cache.ts';

type Answer = Record<string, AggregationResult>;
const count = (value: number): Answer => ({ c: { type: 'count', value } });

/** A compute whose calls are counted and whose answers resolve when `release` is called. */
function gated(value: number) {
  let calls = 0;
  let release!: () => void;
  const open = new Promise<void>((r) => {
    release = r;
  });
  return {
    compute: async () => {
      calls++;
      await open;
      return count(value);
    },
    release: () => release(),
    calls: () => calls,
  };
}

describe('AnswerCache', () => {
  it('keeps an answer until a change begins', async () => {
    const cache = new AnswerCache();
    let n = 0;
    const compute = async () => count(++n);
    expect(await cache.answer({ q: 'a' }, compute)).toEqual(count(1));
    expect(await cache.answer({ q: 'a' }, compute)).toEqual(count(1));
    expect(await cache.answer({ q: 'b' }, compute)).toEqual(count(2));
    await cache.change(async () => undefined);
    expect(await cache.answer({ q: 'a' }, compute)).toEqual(count(3));
    expect(cache.stats).toEqual({ hits: 1, misses: 3 });
  });

  it('never keeps an answer computed while a change was in progress, or across one', async () => {
    const cache = new AnswerCache();
    let n = 0;
    const compute = async () => count(++n);
    // computed during a change
    let finish!: () => void;
    const changing = cache.change(() => new Promise<void>((r) => (finish = r)));
    expect(await cache.answer({ q: 'a' }, compute)).toEqual(count(1));
    finish();
    await changing;
    expect(await cache.answer({ q: 'a' }, compute)).toEqual(count(2));
    // a change begins and ends while an answer is computed
    const slow = gated(10);
    const pending = cache.answer({ q: 'slow' }, slow.compute);
    await cache.change(async () => undefined);
    slow.release();
    expect(await pending).toEqual(count(10));
    expect(await cache.answer({ q: 'slow' }, async () => count(11))).toEqual(count(11));
  });

  it('shares one computation between identical requests in flight', async () => {
    const cache = new AnswerCache();
    const slow = gated(7);
    const both = Promise.all([cache.answer({ q: 'x' }, slow.compute), cache.answer({ q: 'x' }, slow.compute)]);
    slow.release();
    expect(await both).toEqual([count(7), count(7)]);
    expect(slow.calls()).toBe(1);
  });

  it('hands out copies: a caller changing its answer changes no one else', async () => {
    const cache = new AnswerCache();
    const first = await cache.answer({ q: 'x' }, async () => count(1));
    (first.c as { value: number }).value = 99;
    expect(await cache.answer({ q: 'x' }, async () => count(2))).toEqual(count(1));
  });

  it('is bounded by entries and by size, least recently used out first', async () => {
    const cache = new AnswerCache({ entries: 2, chars: 1_000_000 });
    let n = 0;
    const compute = async () => count(++n);
    await cache.answer('a', compute);
    await cache.answer('b', compute);
    await cache.answer('a', compute); // a used last: b goes first
    await cache.answer('c', compute);
    expect(await cache.answer('a', compute)).toEqual(count(1));
    expect(await cache.answer('b', compute)).toEqual(count(4));
    const small = new AnswerCache({ chars: 400 });
    const big: Answer = { t: { type: 'terms', buckets: [{ key: 'x'.repeat(100), count: 1 }], other: 0 } };
    await small.answer('big', async () => big);
    expect(await small.answer('big', async () => count(5))).toEqual(count(5));
  });
});
