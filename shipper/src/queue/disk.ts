/**
 * The disk queue: segmented append-only files under `path`, one record per event:
 *
 *   u32 LE payload length | u32 LE crc32(seq + payload) | u64 LE seq | payload (JSON of the event)
 *
 * `ack.json` holds the highest sequence number below which everything is acknowledged (written
 * atomically). On open, segments are scanned: acknowledged records are skipped, the rest are
 * handed out again; a torn or corrupt record at the tail of the last segment (a `kill -9` in the
 * middle of a write) is detected by its CRC and truncated away with a warning. Segments are
 * deleted once every record in them is acknowledged. `push` waits while the queue holds
 * `max_events` events or `max_bytes` bytes (backpressure).
 */
import { type FileHandle, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { DriftwoodError } from '@driftwood/core';
import { z } from 'zod';
import type { Logger, ShipperEvent } from '../component.ts';
import { readJsonFile, writeFileAtomic } from '../fs-util.ts';
import { readBatch } from './memory.ts';
import { encodeEvent, type Queue, type QueueEntry, type QueueStats, type ReadOptions, Signal } from './types.ts';

export const diskQueueSchema = z
  .object({
    type: z.literal('disk'),
    path: z
      .string()
      .min(1)
      .default('queue')
      .describe('Directory of the queue segments; a relative path is resolved against the data dir (`--data`).'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024 * 1024)
      .describe('Most bytes of unacknowledged records on disk before `push` waits.'),
    max_events: z
      .number()
      .int()
      .positive()
      .default(1_000_000)
      .describe('Most unacknowledged events before `push` waits.'),
    segment_bytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024)
      .describe('A segment file is closed and a new one started past this size.'),
    fsync: z
      .enum(['always', 'batch', 'never'])
      .default('batch')
      .describe(
        '`always`: fsync before `push` resolves; `batch`: fsync every `fsync_interval_ms`; `never`: leave it to the OS. All three survive `kill -9`; only `always` survives power loss without losing the last interval.',
      ),
    fsync_interval_ms: z.number().int().positive().default(1000).describe('How often `fsync: batch` syncs.'),
  })
  .strict();

export interface DiskQueueOptions {
  dir: string;
  maxBytes: number;
  maxEvents: number;
  segmentBytes: number;
  fsync: 'always' | 'batch' | 'never';
  fsyncIntervalMs: number;
  log: Logger;
}

const HEADER = 16;
const MAX_RECORD = 256 * 1024 * 1024;

interface Segment {
  firstSeq: number;
  /** Last seq written into it (firstSeq - 1 when empty). */
  lastSeq: number;
  file: string;
  size: number;
}

function segmentName(firstSeq: number): string {
  return `seg-${String(firstSeq).padStart(16, '0')}.dwq`;
}

function recordCrc(seq: number, payload: Uint8Array): number {
  const seqBuf = Buffer.alloc(8);
  seqBuf.writeBigUInt64LE(BigInt(seq));
  return crc32(payload, crc32(seqBuf));
}

export function encodeRecord(seq: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(recordCrc(seq, payload), 4);
  out.writeBigUInt64LE(BigInt(seq), 8);
  payload.copy(out, HEADER);
  return out;
}

type Decoded = { ok: true; seq: number; payload: Buffer; next: number } | { ok: false; reason: 'short' | 'corrupt' };

/** Decodes the record at `pos` of `buf`. `short`: not all of it is in `buf`. */
export function decodeRecord(buf: Buffer, pos: number): Decoded {
  if (buf.length - pos < HEADER) return { ok: false, reason: 'short' };
  const length = buf.readUInt32LE(pos);
  if (length > MAX_RECORD) return { ok: false, reason: 'corrupt' };
  if (buf.length - pos - HEADER < length) return { ok: false, reason: 'short' };
  const crc = buf.readUInt32LE(pos + 4);
  const seq = Number(buf.readBigUInt64LE(pos + 8));
  const payload = buf.subarray(pos + HEADER, pos + HEADER + length);
  if (recordCrc(seq, payload) !== crc) return { ok: false, reason: 'corrupt' };
  return { ok: true, seq, payload, next: pos + HEADER + length };
}

export class DiskQueue implements Queue {
  readonly #o: DiskQueueOptions;
  #segments: Segment[] = [];
  #writer: FileHandle | undefined;
  #nextSeq = 1;
  /** Every seq <= this is acknowledged. */
  #ackedThrough = 0;
  #ackedAhead = new Set<number>();
  /** Next seq to hand out, and where it is. */
  #readSeq = 1;
  #readSegment = 0;
  #readPos = 0;
  #reader: { file: string; handle: FileHandle } | undefined;
  #inFlight = new Map<number, number>();
  #unackedEvents = 0;
  #unackedBytes = 0;
  #closed = false;
  #lock: Promise<unknown> = Promise.resolve();
  #dirty = false;
  #syncTimer: NodeJS.Timeout | undefined;
  #ackWrite: Promise<void> | undefined;
  #ackDirty = false;
  readonly #pushed = new Signal();
  readonly #freed = new Signal();

  constructor(options: DiskQueueOptions) {
    this.#o = options;
  }

  get #ackFile(): string {
    return path.join(this.#o.dir, 'ack.json');
  }

  async open(): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true });
    const ack = (await readJsonFile(this.#ackFile)) as { acked_through?: unknown } | undefined;
    if (ack && typeof ack.acked_through === 'number') this.#ackedThrough = ack.acked_through;
    const names = (await readdir(this.#o.dir)).filter((n) => /^seg-\d{16}\.dwq$/.test(n)).sort();
    let lastSeq = this.#ackedThrough;
    for (let i = 0; i < names.length; i++) {
      const file = path.join(this.#o.dir, names[i]!);
      const firstSeq = Number(names[i]!.slice(4, 20));
      const scan = await this.#scanSegment(file, i === names.length - 1);
      const segment: Segment = { firstSeq, lastSeq: scan.lastSeq ?? firstSeq - 1, file, size: scan.size };
      if (segment.lastSeq <= this.#ackedThrough && i < names.length - 1) {
        await rm(file, { force: true });
        continue;
      }
      this.#segments.push(segment);
      lastSeq = Math.max(lastSeq, segment.lastSeq, firstSeq - 1);
      this.#unackedEvents += scan.unacked;
      this.#unackedBytes += scan.unackedBytes;
    }
    this.#nextSeq = lastSeq + 1;
    this.#readSeq = this.#ackedThrough + 1;
    const last = this.#segments[this.#segments.length - 1];
    if (last && last.size < this.#o.segmentBytes) {
      this.#writer = await open(last.file, 'a');
    } else {
      await this.#newSegment();
    }
    if (this.#unackedEvents > 0) {
      this.#o.log.info('disk queue: replaying unacknowledged events', {
        events: this.#unackedEvents,
        bytes: this.#unackedBytes,
        dir: this.#o.dir,
      });
    }
    if (this.#o.fsync === 'batch') {
      this.#syncTimer = setInterval(() => void this.#syncIfDirty(), this.#o.fsyncIntervalMs);
      this.#syncTimer.unref();
    }
  }

  async #scanSegment(
    file: string,
    isLast: boolean,
  ): Promise<{ lastSeq: number | undefined; size: number; unacked: number; unackedBytes: number }> {
    const handle = await open(file, 'r+');
    try {
      const buf = await handle.readFile();
      let pos = 0;
      let lastSeq: number | undefined;
      let unacked = 0;
      let unackedBytes = 0;
      while (pos < buf.length) {
        const rec = decodeRecord(buf, pos);
        if (!rec.ok) {
          const what = rec.reason === 'short' ? 'a torn record' : 'a corrupt record (CRC mismatch)';
          if (isLast) {
            this.#o.log.warn(`disk queue: ${what} at the tail of ${file}; truncating it away`, {
              code: 'QUEUE_CORRUPT',
              offset: pos,
              dropped_bytes: buf.length - pos,
            });
            await handle.truncate(pos);
          } else {
            this.#o.log.error(`disk queue: ${what} inside ${file}; the rest of this segment is skipped`, {
              code: 'QUEUE_CORRUPT',
              offset: pos,
              skipped_bytes: buf.length - pos,
            });
          }
          return { lastSeq, size: pos, unacked, unackedBytes };
        }
        lastSeq = rec.seq;
        if (rec.seq > this.#ackedThrough) {
          unacked++;
          unackedBytes += rec.payload.length;
        }
        pos = rec.next;
      }
      return { lastSeq, size: pos, unacked, unackedBytes };
    } finally {
      await handle.close();
    }
  }

  async #newSegment(): Promise<void> {
    if (this.#writer) {
      if (this.#o.fsync !== 'never') await this.#writer.sync();
      await this.#writer.close();
    }
    const file = path.join(this.#o.dir, segmentName(this.#nextSeq));
    this.#writer = await open(file, 'a');
    this.#segments.push({ firstSeq: this.#nextSeq, lastSeq: this.#nextSeq - 1, file, size: 0 });
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn, fn);
    this.#lock = run.catch(() => undefined);
    return run;
  }

  async push(events: ShipperEvent[], signal?: AbortSignal): Promise<void> {
    if (events.length === 0) return;
    const payloads = events.map(encodeEvent);
    const bytes = payloads.reduce((n, p) => n + p.length, 0);
    while (!this.#closed && !signal?.aborted && this.#unackedEvents > 0 && this.#full(events.length, bytes)) {
      await this.#freed.wait(signal);
    }
    if (this.#closed) throw new DriftwoodError('QUEUE_FULL', 'disk queue closed');
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.#unackedEvents += events.length;
    this.#unackedBytes += bytes;
    await this.#exclusive(async () => {
      let current = this.#segments[this.#segments.length - 1]!;
      if (current.size >= this.#o.segmentBytes) {
        await this.#newSegment();
        current = this.#segments[this.#segments.length - 1]!;
      }
      const first = this.#nextSeq;
      const records = payloads.map((p, i) => encodeRecord(first + i, p));
      const chunk = Buffer.concat(records);
      await this.#writer!.write(chunk);
      current.size += chunk.length;
      current.lastSeq = first + payloads.length - 1;
      this.#nextSeq = first + payloads.length;
      if (this.#o.fsync === 'always') await this.#writer!.sync();
      else this.#dirty = true;
    });
    this.#pushed.notify();
  }

  #full(events: number, bytes: number): boolean {
    return this.#unackedEvents + events > this.#o.maxEvents || this.#unackedBytes + bytes > this.#o.maxBytes;
  }

  async #syncIfDirty(): Promise<void> {
    if (!this.#dirty || !this.#writer) return;
    this.#dirty = false;
    await this.#exclusive(async () => {
      await this.#writer?.sync();
    }).catch((err) => this.#o.log.warn('disk queue: fsync failed', { error: String(err) }));
  }

  async read(options: ReadOptions): Promise<QueueEntry[]> {
    return readBatch(
      options,
      () => this.#nextSeq - this.#readSeq,
      () => this.#closed,
      this.#pushed,
      (max, maxBytes) => this.#exclusive(() => this.#take(max, maxBytes)),
    );
  }

  async #take(maxEvents: number, maxBytes: number): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    let bytes = 0;
    while (out.length < maxEvents && bytes < maxBytes && this.#readSeq < this.#nextSeq) {
      const segment = this.#segments[this.#readSegment];
      if (!segment) break;
      if (this.#readPos >= segment.size) {
        if (this.#readSegment >= this.#segments.length - 1) break;
        this.#readSegment++;
        this.#readPos = 0;
        continue;
      }
      if (this.#reader?.file !== segment.file) {
        await this.#reader?.handle.close();
        this.#reader = { file: segment.file, handle: await open(segment.file, 'r') };
      }
      const want = Math.min(segment.size - this.#readPos, Math.max(maxBytes - bytes, 64 * 1024) + HEADER);
      let buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.#reader.handle.read(buf, 0, want, this.#readPos);
      buf = buf.subarray(0, bytesRead);
      let pos = 0;
      let progressed = false;
      while (pos < buf.length && out.length < maxEvents) {
        let rec = decodeRecord(buf, pos);
        if (!rec.ok && rec.reason === 'short' && pos === 0) {
          // One record larger than the chunk: read exactly it.
          const length = buf.length >= 4 ? buf.readUInt32LE(0) : 0;
          const whole = Buffer.allocUnsafe(HEADER + length);
          const r = await this.#reader.handle.read(whole, 0, whole.length, this.#readPos);
          rec = decodeRecord(whole.subarray(0, r.bytesRead), 0);
          if (rec.ok) {
            progressed = true;
            this.#deliver(rec.seq, rec.payload, out);
            bytes += rec.payload.length;
            pos = rec.next;
          }
          break;
        }
        if (!rec.ok) {
          if (rec.reason === 'corrupt') {
            this.#o.log.error(
              `disk queue: corrupt record in ${segment.file} at ${this.#readPos + pos}; skipping the rest`,
              {
                code: 'QUEUE_CORRUPT',
              },
            );
            pos = segment.size - this.#readPos;
            progressed = true;
          }
          break;
        }
        if (out.length > 0 && bytes + rec.payload.length > maxBytes) break;
        progressed = true;
        this.#deliver(rec.seq, rec.payload, out);
        bytes += rec.payload.length;
        pos = rec.next;
      }
      this.#readPos += pos;
      if (!progressed) break;
    }
    const last = this.#segments.length - 1;
    if (out.length === 0 && this.#readSegment >= last && this.#readPos >= (this.#segments[last]?.size ?? 0)) {
      // Records lost to corruption: nothing more is readable.
      this.#readSeq = this.#nextSeq;
    }
    return out;
  }

  #deliver(seq: number, payload: Buffer, out: QueueEntry[]): void {
    if (seq < this.#readSeq) return;
    if (seq > this.#readSeq && this.#inFlight.size === 0 && this.#ackedThrough === this.#readSeq - 1) {
      // A gap (records lost to corruption) must not hold the acknowledged mark back forever.
      this.#ackedThrough = seq - 1;
    }
    this.#readSeq = seq + 1;
    if (seq <= this.#ackedThrough || this.#ackedAhead.has(seq)) return;
    let event: ShipperEvent;
    try {
      event = JSON.parse(payload.toString('utf8')) as ShipperEvent;
    } catch (err) {
      this.#o.log.error('disk queue: undecodable record skipped', { code: 'QUEUE_CORRUPT', seq, error: String(err) });
      return;
    }
    this.#inFlight.set(seq, payload.length);
    out.push({ seq, event, bytes: payload.length });
  }

  async ack(seqs: number[]): Promise<void> {
    for (const seq of seqs) {
      const bytes = this.#inFlight.get(seq);
      if (bytes === undefined) continue;
      this.#inFlight.delete(seq);
      this.#unackedEvents--;
      this.#unackedBytes -= bytes;
      if (seq === this.#ackedThrough + 1) {
        this.#ackedThrough = seq;
        while (this.#ackedAhead.delete(this.#ackedThrough + 1)) this.#ackedThrough++;
      } else if (seq > this.#ackedThrough) {
        this.#ackedAhead.add(seq);
      }
    }
    this.#freed.notify();
    await this.#persistAck();
  }

  /** Coalesced: at most one ack-file write at a time, and one more if acks came in meanwhile. */
  #persistAck(): Promise<void> {
    this.#ackDirty = true;
    if (this.#ackWrite) return this.#ackWrite;
    const loop = async (): Promise<void> => {
      while (this.#ackDirty) {
        this.#ackDirty = false;
        const acked = this.#ackedThrough;
        await writeFileAtomic(this.#ackFile, JSON.stringify({ acked_through: acked }), this.#o.fsync === 'always');
        await this.#deleteAckedSegments(acked);
      }
    };
    this.#ackWrite = loop()
      .catch((err) => this.#o.log.error('disk queue: could not persist acknowledgements', { error: String(err) }))
      .finally(() => {
        this.#ackWrite = undefined;
      });
    return this.#ackWrite;
  }

  async #deleteAckedSegments(acked: number): Promise<void> {
    await this.#exclusive(async () => {
      while (this.#segments.length > 1 && this.#readSegment > 0 && this.#segments[0]!.lastSeq <= acked) {
        const segment = this.#segments.shift()!;
        this.#readSegment--;
        if (this.#reader?.file === segment.file) {
          await this.#reader.handle.close();
          this.#reader = undefined;
        }
        await rm(segment.file, { force: true });
      }
    });
  }

  stats(): QueueStats {
    return { events: this.#unackedEvents, bytes: this.#unackedBytes };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pushed.notify();
    this.#freed.notify();
    if (this.#syncTimer) clearInterval(this.#syncTimer);
    await this.#ackWrite;
    await this.#exclusive(async () => {
      if (this.#writer) {
        if (this.#o.fsync !== 'never') await this.#writer.sync();
        await this.#writer.close();
        this.#writer = undefined;
      }
      await this.#reader?.handle.close();
      this.#reader = undefined;
    });
  }
}
