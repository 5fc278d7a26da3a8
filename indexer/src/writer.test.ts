import { DriftwoodError, type LogEvent } from '@driftwood/core';
import type { LogStore, WriteOutcome } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { writeWithRetry } from './writer.ts';

/** A scripted store: each call answers from the script (a function of the events). */
function scripted(script: Array<(events: LogEvent[]) => WriteOutcome[] | Error>) {
  const calls: string[][] = [];
  const store = {
    kind: 'embedded',
    async write(events: LogEvent[]) {
      calls.push(events.map((e) => e.id));
      const step = script[Math.min(calls.length - 1, script.length - 1)]!;
      const r = step(events);
      if (r instanceof Error) throw r;
      return r;
    },
  } as unknown as LogStore;
  return { store, calls };
}

const ev = (id: string): LogEvent => ({ id, doc: { message: id } });
const policy = { deadline: Date.now() + 10_000, attempts: 5, initialBackoffMs: 1, maxBackoffMs: 4 };

describe('writeWithRetry', () => {
  it('retries only the retryable items, never the ones already answered', async () => {
    const { store, calls } = scripted([
      (es) =>
        es.map((e) =>
          e.id === 'b'
            ? { id: e.id, status: 'rejected', reason: 'busy', retryable: true }
            : e.id === 'c'
              ? { id: e.id, status: 'rejected', reason: 'mapping', retryable: false }
              : { id: e.id, status: 'stored' },
        ),
      (es) => es.map((e) => ({ id: e.id, status: 'stored' })),
    ]);
    const out = await writeWithRetry(store, [ev('a'), ev('b'), ev('c')], policy);
    expect(out).toEqual([{ status: 'stored' }, { status: 'stored' }, { status: 'rejected', reason: 'mapping' }]);
    expect(calls).toEqual([['a', 'b', 'c'], ['b']]);
  });

  it('retries a store that throws, then gives up as unavailable', async () => {
    const down = new DriftwoodError('STORE_UNAVAILABLE', 'down');
    const { store, calls } = scripted([() => down]);
    const out = await writeWithRetry(store, [ev('a')], { ...policy, attempts: 3 });
    expect(out).toEqual([{ status: 'unavailable', reason: 'down' }]);
    expect(calls).toHaveLength(3);
  });

  it('stops at the deadline', async () => {
    const { store, calls } = scripted([() => new Error('x')]);
    const started = Date.now();
    await writeWithRetry(store, [ev('a')], {
      deadline: started + 50,
      attempts: 100,
      initialBackoffMs: 20,
      maxBackoffMs: 20,
    });
    expect(Date.now() - started).toBeLessThan(200);
    expect(calls.length).toBeLessThan(6);
  });
});
