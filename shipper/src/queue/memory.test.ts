import { describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../component.ts';
import { MemoryQueue } from './memory.ts';
import { docText } from './types.ts';

const ev = (i: number): ShipperEvent => ({ id: `m:${i}`, source: 's', doc: { message: `m${i}` } });
const read = (q: MemoryQueue, max = 1000) =>
  q.read({ maxEvents: max, maxBytes: 1 << 30, lingerMs: 0, signal: AbortSignal.timeout(300) });

describe('MemoryQueue', () => {
  it('hands out in order; acks in any order, repeated or unknown, free exactly their room', async () => {
    const q = new MemoryQueue({ maxEvents: 10_000, maxBytes: 1 << 30 });
    for (let i = 0; i < 6000; i += 500) await q.push(Array.from({ length: 500 }, (_, j) => ev(i + j)));
    const a = await read(q, 5000);
    const b = await read(q, 5000);
    expect([...a, ...b].map((e) => e.id)).toEqual(Array.from({ length: 6000 }, (_, i) => `m:${i}`));
    expect(JSON.parse(docText(a[7]!))).toEqual({ message: 'm7' });
    await q.ack(b.map((e) => e.seq)); // the later batch first
    await q.ack([b[0]!.seq, 999_999]); // repeated and unknown: ignored
    expect(q.stats().events).toBe(5000);
    await q.ack(a.filter((_, i) => i % 2 === 0).map((e) => e.seq));
    await q.ack(a.map((e) => e.seq));
    expect(q.stats()).toEqual({ events: 0, bytes: 0 });
    await q.push([ev(6000)]);
    expect((await read(q)).map((e) => e.id)).toEqual(['m:6000']);
    await q.close();
  });

  it('push waits while full and resumes when acks free room', async () => {
    const q = new MemoryQueue({ maxEvents: 4, maxBytes: 1 << 30 });
    await q.push([ev(0), ev(1), ev(2), ev(3)]);
    let done = false;
    const pending = q.push([ev(4)]).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    const batch = await read(q, 2);
    await q.ack(batch.map((e) => e.seq));
    await pending;
    expect(done).toBe(true);
    await q.close();
  });
});
