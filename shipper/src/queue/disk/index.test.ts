import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { type FileHandle, mkdtemp, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../../component.ts';
import { memoryLogger } from '../../log.ts';
import { docText } from '../types.ts';
import { DiskQueue, type DiskQueueOptions } from './index.ts';

const ev = (i: number): ShipperEvent => ({ id: `f:${i}`, source: 's', position: { o: i }, doc: { message: `m${i}` } });

async function queue(dir: string, options: Partial<DiskQueueOptions> = {}) {
  const log = memoryLogger();
  const q = new DiskQueue({
    dir,
    maxBytes: 1 << 30,
    maxEvents: 1_000_000,
    segmentBytes: 4096,
    fsync: 'batch',
    fsyncIntervalMs: 100,
    log,
    ...options,
  });
  await q.open();
  return { q, log };
}

const read = (q: DiskQueue, max = 1000) =>
  q.read({ maxEvents: max, maxBytes: 1 << 30, lingerMs: 0, signal: AbortSignal.timeout(500) });

describe('DiskQueue', () => {
  it('replays exactly the unacknowledged records after a restart, and deletes acked segments', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    const { q } = await queue(dir, { segmentBytes: 1024 });
    for (let i = 0; i < 200; i += 20) await q.push(Array.from({ length: 20 }, (_, j) => ev(i + j)));
    const first = await read(q, 150);
    expect(first.map((e) => e.id)).toEqual(Array.from({ length: 150 }, (_, i) => `f:${i}`));
    await q.ack(first.slice(0, 100).map((e) => e.seq));
    await q.ack([first[120]!.seq]); // out of order: not contiguous, redelivered after restart
    expect(q.stats().events).toBe(99);
    const segmentsBefore = readdirSync(dir).filter((n) => n.endsWith('.dwq2')).length;
    expect(segmentsBefore).toBeGreaterThan(2);
    // No close(): as after kill -9.
    const { q: q2 } = await queue(dir, { segmentBytes: 1024 });
    const replay = await read(q2);
    expect(replay.map((e) => e.id)).toEqual(Array.from({ length: 100 }, (_, i) => `f:${100 + i}`));
    await q2.ack(replay.map((e) => e.seq));
    await q2.push([ev(1000)]);
    const more = await read(q2);
    expect(more.map((e) => e.id)).toEqual(['f:1000']);
    await q2.ack(more.map((e) => e.seq));
    await q2.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.dwq2')).length).toBeLessThan(segmentsBefore);
    const { q: q3 } = await queue(dir, { segmentBytes: 1024 });
    expect(await read(q3)).toEqual([]);
    await q3.close();
  });

  it('detects a torn tail record by CRC, truncates it with a warning, keeps the rest', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    const { q } = await queue(dir, { segmentBytes: 1 << 20 });
    for (const i of [1, 2, 3]) await q.push([ev(i)]); // one record each
    await q.close();
    const seg = path.join(dir, readdirSync(dir).find((n) => n.endsWith('.dwq2'))!);
    const size = statSync(seg).size;
    truncateSync(seg, size - 5); // torn write
    const { q: q2, log } = await queue(dir, { segmentBytes: 1 << 20 });
    expect((await read(q2)).map((e) => e.id)).toEqual(['f:1', 'f:2']);
    expect(log.lines.some((l) => l.level === 'warn' && l.message.includes('torn'))).toBe(true);
    await q2.push([ev(4)]);
    expect((await read(q2)).map((e) => e.id)).toEqual(['f:4']);
    await q2.close();
  });

  it('a flipped byte fails the CRC (corrupt), never yields a wrong event', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    const { q } = await queue(dir, { segmentBytes: 1 << 20 });
    await q.push([ev(1)]);
    await q.push([ev(2)]);
    await q.close();
    const seg = path.join(dir, readdirSync(dir).find((n) => n.endsWith('.dwq2'))!);
    const bytes = readFileSync(seg);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
    writeFileSync(seg, bytes);
    const { q: q2, log } = await queue(dir, { segmentBytes: 1 << 20 });
    expect((await read(q2)).map((e) => e.id)).toEqual(['f:1']);
    expect(log.lines.some((l) => l.message.includes('CRC'))).toBe(true);
    await q2.close();
  });

  it('push waits while the queue is full (backpressure) and resumes on ack', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    const { q } = await queue(dir, { maxEvents: 10 });
    await q.push(Array.from({ length: 10 }, (_, i) => ev(i)));
    let done = false;
    const pending = q.push([ev(10)]).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    const batch = await read(q, 5);
    await q.ack(batch.map((e) => e.seq));
    await pending;
    expect(done).toBe(true);
    await q.close();
  });

  it('hands out every event once, in order, whether it comes from memory or from the segments', async () => {
    for (const memoryBytes of [0, 3000, 1 << 20]) {
      const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
      const { q } = await queue(dir, { segmentBytes: 2048, memoryBytes });
      const got: string[] = [];
      let n = 0;
      // Pushes of varied sizes interleaved with reads of varied sizes: the reader is sometimes
      // level with the writer (memory), sometimes behind it (segments), sometimes mid-record.
      for (let round = 0; round < 40; round++) {
        const size = 1 + ((round * 7) % 13);
        await q.push(Array.from({ length: size }, () => ev(n++)));
        if (round % 3 !== 0) {
          const batch = await read(q, 1 + ((round * 5) % 9));
          got.push(...batch.map((e) => e.id));
          await q.ack(batch.map((e) => e.seq));
        }
      }
      for (;;) {
        const batch = await read(q, 50);
        if (batch.length === 0) break;
        got.push(...batch.map((e) => e.id));
        await q.ack(batch.map((e) => e.seq));
      }
      expect(got).toEqual(Array.from({ length: n }, (_, i) => `f:${i}`));
      expect(q.stats()).toEqual({ events: 0, bytes: 0 });
      await q.close();
    }
  });

  it('keeps the document text as queued, unicode and escapes included', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    const doc = { message: 'line\nnext \u2028 é 😀 \ud800 "quoted" \\ end', n: 1.5, nested: { a: [1, null] } };
    const { q } = await queue(dir, { memoryBytes: 0 });
    await q.push([{ id: 'é:1', source: 's', position: { f: 'x', o: 1 }, key: 'k', doc }]);
    const [e] = await read(q);
    expect(e).toMatchObject({ id: 'é:1', source: 's', position: { f: 'x', o: 1 }, key: 'k' });
    expect(JSON.parse(docText(e!))).toEqual(doc);
    await q.close();
  });

  it('a failed write (a fault injected: the disk full) leaves no partial record and gives its room back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dw-dq-'));
    let failNext = false;
    // A fake, named so: a real full disk cannot be produced on demand here.
    const faultyOpen = async (file: string): Promise<FileHandle> => {
      const handle = await open(file, 'a');
      const write = handle.write.bind(handle) as (b: Buffer) => Promise<unknown>;
      return Object.assign(handle, {
        write: async (buf: Buffer) => {
          if (!failNext) return write(buf);
          failNext = false;
          await write(buf.subarray(0, 7)); // torn
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        },
      });
    };
    const { q } = await queue(dir, { segmentBytes: 1 << 20, openForAppend: faultyOpen });
    await q.push([ev(1)]);
    failNext = true;
    await expect(q.push([ev(2)])).rejects.toMatchObject({ code: 'QUEUE_WRITE_FAILED' });
    expect(q.stats().events).toBe(1);
    await q.push([ev(3)]);
    expect((await read(q)).map((e) => e.id)).toEqual(['f:1', 'f:3']);
    await q.close();
    // After a restart: the segment is whole (no corrupt record in the middle).
    const { q: q2, log } = await queue(dir, { segmentBytes: 1 << 20 });
    expect((await read(q2)).map((e) => e.id)).toEqual(['f:1', 'f:3']);
    expect(log.lines.filter((l) => l.message.includes('corrupt') || l.message.includes('torn'))).toEqual([]);
    await q2.close();
  });
});
