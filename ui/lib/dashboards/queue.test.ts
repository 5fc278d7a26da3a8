import { describe, expect, it } from 'vitest';
import { createTaskQueue } from './queue.ts';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => {
    resolve = a;
    reject = b;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the panel query queue', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order', async () => {
    const q = createTaskQueue(2);
    const gates = [deferred<number>(), deferred<number>(), deferred<number>(), deferred<number>()];
    const started: number[] = [];
    const results = gates.map((g, i) =>
      q.run(() => {
        started.push(i);
        return g.promise;
      }),
    );
    const firstOutcome = results[0]?.catch((e: unknown) => e);
    await tick();
    expect(started).toEqual([0, 1]);
    expect(q.running()).toBe(2);
    expect(q.waiting()).toBe(2);
    gates[1]?.resolve(1);
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.reject(new Error('boom'));
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]?.resolve(2);
    gates[3]?.resolve(3);
    expect(await firstOutcome).toMatchObject({ message: 'boom' });
    expect(await Promise.all(results.slice(1))).toEqual([1, 2, 3]);
    expect(q.running()).toBe(0);
  });

  it('a slow task holds one slot only; a failing one frees its slot', async () => {
    const q = createTaskQueue(2);
    const slow = deferred<string>();
    const s = q.run(() => slow.promise);
    const fails = q.run(() => Promise.reject(new Error('bad kql')));
    const thrown = q.run(() => {
      throw new Error('sync');
    });
    await expect(fails).rejects.toThrow('bad kql');
    await expect(thrown).rejects.toThrow('sync');
    expect(await q.run(async () => 'fast')).toBe('fast');
    expect(q.running()).toBe(1);
    slow.resolve('slow');
    expect(await s).toBe('slow');
  });

  it('an abort while waiting leaves the queue unrun; while running frees the slot at once', async () => {
    const q = createTaskQueue(1);
    const hung = deferred<void>();
    const c1 = new AbortController();
    let seen: AbortSignal | undefined;
    const first = q.run((signal) => {
      seen = signal;
      return hung.promise;
    }, c1.signal);
    const c2 = new AbortController();
    let ran2 = false;
    const second = q.run(async () => {
      ran2 = true;
    }, c2.signal);
    const third = q.run(async () => 'third');
    await tick();
    c2.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(q.waiting()).toBe(1);
    c1.abort();
    expect(seen?.aborted).toBe(true);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    expect(await third).toBe('third');
    expect(ran2).toBe(false);
    hung.resolve();
    await tick();
    expect(q.running()).toBe(0);
    const done = new AbortController();
    done.abort();
    await expect(q.run(async () => 1, done.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(() => createTaskQueue(0)).toThrow(RangeError);
  });
});
