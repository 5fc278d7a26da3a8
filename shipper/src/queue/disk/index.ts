/**
 * The disk queue: segmented append-only files under `path`, one record per `push` (a batch of
 * events with one CRC, see record.ts). `ack.json` holds the highest sequence number below which
 * everything is acknowledged (written atomically). On open, segments are scanned: acknowledged
 * events are skipped, the rest are handed out again; a torn or corrupt record at the tail of the
 * last segment (a `kill -9` in the middle of a write, before `push` resolved) is detected by its
 * CRC and truncated away with a warning. Segments are deleted once every event in them is
 * acknowledged. `push` waits while the queue holds `max_events` events or `max_bytes` bytes.
 *
 * Records just written are also kept in memory (up to `memory_bytes`) so that a reader keeping up
 * with the writer takes them from there instead of reading the file back; a reader that falls
 * behind reads the segments, decoding only each event's small metadata (the document stays text).
 *
 * Pieces: config.ts (settings), segments.ts (segment files, the scan on open), read-cache.ts
 * (recent records in memory), ack-ledger.ts (the acknowledged mark and ack.json); this file is
 * the writer (`push`) and the reader (`read`, `ack`), which share the queue's positions.
 */
import { type FileHandle, mkdir, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import type { QueuedEvent, SourceEvent } from '../../component.ts';
import { readBatch } from '../memory.ts';
import { decodeEvents, decodeRecord, encodeRecord, HEADER, recordLength } from '../record.ts';
import { Slabs } from '../slabs.ts';
import { piecesLength, type Queue, type QueueStats, type ReadOptions, Signal } from '../types.ts';
import { AckLedger } from './ack-ledger.ts';
import type { DiskQueueOptions } from './config.ts';
import { ReadCache } from './read-cache.ts';
import { OLD_SEGMENT, SEGMENT, type Segment, scanSegment, segmentFirstSeq, segmentName } from './segments.ts';

export { type DiskQueueOptions, diskQueueSchema } from './config.ts';

const READ_AHEAD = 1024 * 1024;

export class DiskQueue implements Queue {
  readonly #o: DiskQueueOptions;
  #segments: Segment[] = [];
  #writer: FileHandle | undefined;
  #nextSeq = 1;
  readonly #acks: AckLedger;
  /** Next seq to hand out. */
  #readSeq = 1;
  /** Where the next record to read starts. */
  #readSegment = 0;
  #readPos = 0;
  #reader: { file: string; handle: FileHandle } | undefined;
  /** Bytes read ahead from `#readPos` of the current segment. */
  #readBuf: Buffer = Buffer.alloc(0);
  /** Events of the record being handed out, from `#pendingAt` on. */
  #pending: QueuedEvent[] = [];
  #pendingAt = 0;
  readonly #memoryBytes: number;
  /** Recent records in memory. */
  readonly #cache: ReadCache;
  /** Handed out, not yet acknowledged. */
  #inFlight = new Map<number, QueuedEvent>();
  /** Where records are encoded: reused once their events are acknowledged. */
  readonly #slabs = new Slabs();
  #unackedEvents = 0;
  #unackedBytes = 0;
  #closed = false;
  #writeLock: Promise<unknown> = Promise.resolve();
  #readLock: Promise<unknown> = Promise.resolve();
  #dirty = false;
  #syncTimer: NodeJS.Timeout | undefined;
  readonly #pushed = new Signal();
  readonly #freed = new Signal();
  /** Notified when records are handed out. */
  readonly #taken = new Signal();
  /** Bytes written and not yet handed out. */
  #unreadBytes = 0;

  constructor(options: DiskQueueOptions) {
    this.#o = options;
    this.#memoryBytes = options.memoryBytes ?? 8 * 1024 * 1024;
    this.#cache = new ReadCache(this.#memoryBytes);
    this.#acks = new AckLedger(options.dir, {
      fsync: options.fsync === 'always',
      log: options.log,
      afterWrite: (acked) => this.#deleteAckedSegments(acked),
    });
  }

  #openForAppend(file: string): Promise<FileHandle> {
    return this.#o.openForAppend ? this.#o.openForAppend(file) : open(file, 'a');
  }

  async open(): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true });
    const ackedThrough = await this.#acks.load();
    const all = await readdir(this.#o.dir);
    const old = all.filter((n) => OLD_SEGMENT.test(n));
    if (old.length > 0) {
      this.#o.log.error(
        'disk queue: segments in an older format are left unread; remove them once you no longer need them',
        {
          code: 'QUEUE_CORRUPT',
          dir: this.#o.dir,
          files: old.length,
        },
      );
    }
    const names = all.filter((n) => SEGMENT.test(n)).sort();
    let lastSeq = ackedThrough;
    for (let i = 0; i < names.length; i++) {
      const file = path.join(this.#o.dir, names[i]!);
      const firstSeq = segmentFirstSeq(names[i]!);
      const scan = await scanSegment(file, i === names.length - 1, ackedThrough, this.#o.log);
      const segment: Segment = { firstSeq, lastSeq: scan.lastSeq ?? firstSeq - 1, file, size: scan.size };
      if (segment.lastSeq <= ackedThrough && i < names.length - 1) {
        await rm(file, { force: true });
        continue;
      }
      this.#segments.push(segment);
      lastSeq = Math.max(lastSeq, segment.lastSeq, firstSeq - 1);
      this.#unackedEvents += scan.unacked;
      this.#unackedBytes += scan.unackedBytes;
    }
    this.#nextSeq = lastSeq + 1;
    this.#readSeq = ackedThrough + 1;
    this.#unreadBytes = this.#unackedBytes;
    const last = this.#segments[this.#segments.length - 1];
    if (last && last.size < this.#o.segmentBytes) {
      this.#writer = await this.#openForAppend(last.file);
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

  async #newSegment(): Promise<void> {
    if (this.#writer) {
      if (this.#o.fsync !== 'never') await this.#writer.sync();
      await this.#writer.close();
    }
    const file = path.join(this.#o.dir, segmentName(this.#nextSeq));
    this.#writer = await this.#openForAppend(file);
    this.#segments.push({ firstSeq: this.#nextSeq, lastSeq: this.#nextSeq - 1, file, size: 0 });
  }

  /** Appending (and syncing) one at a time. */
  #writing<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writeLock.then(fn, fn);
    this.#writeLock = run.catch(() => undefined);
    return run;
  }

  /**
   * Reading (and deleting read segments) one at a time. A reader never waits for a write: it
   * reads only what is written (a segment's `size` grows once its bytes are there).
   */
  #reading<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#readLock.then(fn, fn);
    this.#readLock = run.catch(() => undefined);
    return run;
  }

  async push(events: SourceEvent[], signal?: AbortSignal): Promise<void> {
    if (events.length === 0) return;
    // Room is judged on the documents' sizes before they are serialized (an estimate: characters).
    let estimate = 0;
    for (const e of events) estimate += (e.doc === undefined ? piecesLength(e.json) : 512) + e.id.length;
    await this.#waitForRoom(events.length, estimate, false, signal);
    if (this.#closed) throw new DriftwoodError('QUEUE_FULL', 'disk queue closed');
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    this.#unackedEvents += events.length;
    this.#unackedBytes += estimate;
    await this.#writing(async () => {
      let current = this.#segments[this.#segments.length - 1]!;
      if (current.size >= this.#o.segmentBytes) {
        await this.#newSegment();
        current = this.#segments[this.#segments.length - 1]!;
      }
      const first = this.#nextSeq;
      const { record, queued } = encodeRecord(first, events, (size) => this.#slabs.reserve(size, events.length));
      try {
        await this.#writer!.write(record);
      } catch (error) {
        // Nothing of it counts: cut a partial write off (the next record must follow the last good
        // one), and give the room back. The source's emit fails; it re-reads or retries.
        await this.#writer!.truncate(current.size).catch(() => undefined);
        for (const e of queued) this.#slabs.release(e.data);
        this.#unackedEvents -= events.length;
        this.#unackedBytes -= estimate;
        throw new DriftwoodError('QUEUE_WRITE_FAILED', `disk queue: could not write to ${current.file}`, {
          cause: error,
        });
      }
      this.#unackedBytes += record.length - HEADER - estimate;
      this.#unreadBytes += record.length - HEADER;
      const cached = { file: current.file, start: current.size, end: current.size + record.length, events: queued };
      if (!this.#cache.remember(cached)) {
        // Read back from the segment later: these objects (and their slab space) are done with.
        for (const e of queued) this.#slabs.release(e.data);
      }
      current.size += record.length;
      current.lastSeq = first + queued.length - 1;
      this.#nextSeq = first + queued.length;
      if (this.#o.fsync === 'always') await this.#writer!.sync();
      else this.#dirty = true;
    });
    this.#pushed.notify();
  }

  /**
   * Also waits while the records not yet handed out fill the memory window: a source that can
   * re-read (a file) then reads at the output's pace, and its records are handed out from memory
   * instead of being read back. Sources that cannot re-read push without asking, and the segments
   * absorb their bursts.
   */
  room(events: number, signal?: AbortSignal): Promise<void> {
    return this.#waitForRoom(Math.min(events, this.#o.maxEvents), 0, true, signal);
  }

  /**
   * Waits while `events` more (of `bytes`) would overfill the queue (an empty queue always takes
   * them) or, `paced`, while the unread records fill half the memory window.
   */
  async #waitForRoom(events: number, bytes: number, paced: boolean, signal?: AbortSignal): Promise<void> {
    const full = (): boolean =>
      this.#unackedEvents > 0 &&
      (this.#unackedEvents + events > this.#o.maxEvents || this.#unackedBytes + bytes > this.#o.maxBytes);
    const ahead = (): boolean => paced && this.#unreadBytes > 0 && this.#unreadBytes >= this.#memoryBytes / 2;
    while (!this.#closed && !signal?.aborted && (full() || ahead())) {
      await (paced ? Promise.race([this.#freed.wait(signal), this.#taken.wait(signal)]) : this.#freed.wait(signal));
    }
  }

  async #syncIfDirty(): Promise<void> {
    if (!this.#dirty || !this.#writer) return;
    this.#dirty = false;
    await this.#writing(async () => {
      await this.#writer?.sync();
    }).catch((err) => this.#o.log.warn('disk queue: fsync failed', { error: String(err) }));
  }

  async read(options: ReadOptions): Promise<QueuedEvent[]> {
    return readBatch(
      options,
      () => this.#nextSeq - this.#readSeq,
      () => this.#closed,
      this.#pushed,
      (max, maxBytes) => this.#reading(() => this.#take(max, maxBytes)),
    );
  }

  async #take(maxEvents: number, maxBytes: number): Promise<QueuedEvent[]> {
    const out: QueuedEvent[] = [];
    let bytes = 0;
    while (out.length < maxEvents) {
      if (this.#pendingAt < this.#pending.length) {
        const e = this.#pending[this.#pendingAt]!;
        if (out.length > 0 && bytes + e.bytes > maxBytes) break;
        this.#pendingAt++;
        this.#unreadBytes -= e.bytes;
        if (e.seq < this.#readSeq) continue;
        this.#readSeq = e.seq + 1;
        if (this.#acks.isAcked(e.seq)) continue;
        this.#inFlight.set(e.seq, e);
        out.push(e);
        bytes += e.bytes;
        continue;
      }
      const events = await this.#nextRecord();
      if (!events) break;
      const first = events[0];
      if (first && first.seq > this.#readSeq && this.#inFlight.size === 0 && this.#acks.through === this.#readSeq - 1) {
        // A gap (records lost to corruption) must not hold the acknowledged mark back forever.
        this.#acks.skipTo(first.seq - 1);
      }
      this.#pending = events;
      this.#pendingAt = 0;
    }
    if (out.length === 0 && this.#pendingAt >= this.#pending.length && this.#atEnd()) {
      // Records lost to corruption: nothing more is readable.
      this.#readSeq = this.#nextSeq;
    }
    // Replayed records were counted from their unacknowledged part only: never below nothing.
    if (this.#unreadBytes < 0 || this.#readSeq >= this.#nextSeq) this.#unreadBytes = 0;
    if (out.length > 0) this.#taken.notify();
    return out;
  }

  #atEnd(): boolean {
    const last = this.#segments.length - 1;
    return this.#readSegment >= last && this.#readPos >= (this.#segments[last]?.size ?? 0);
  }

  /** The events of the next record: from memory when it is there, else from its segment. */
  async #nextRecord(): Promise<QueuedEvent[] | undefined> {
    for (;;) {
      const segment = this.#segments[this.#readSegment];
      if (!segment) return undefined;
      if (this.#readPos >= segment.size) {
        if (this.#readSegment >= this.#segments.length - 1) return undefined;
        this.#readSegment++;
        this.#readPos = 0;
        this.#readBuf = Buffer.alloc(0);
        continue;
      }
      const cached = this.#cache.takeAt(segment.file, this.#readPos);
      if (cached) {
        this.#readPos = cached.end;
        this.#readBuf = Buffer.alloc(0);
        return cached.events;
      }
      const events = await this.#readRecord(segment);
      if (events) return events;
    }
  }

  /** Reads and decodes the record at `#readPos` of `segment`; undefined when it was skipped as corrupt. */
  async #readRecord(segment: Segment): Promise<QueuedEvent[] | undefined> {
    if (this.#reader?.file !== segment.file) {
      await this.#reader?.handle.close();
      this.#reader = { file: segment.file, handle: await open(segment.file, 'r') };
      this.#readBuf = Buffer.alloc(0);
    }
    let rec = decodeRecord(this.#readBuf, 0);
    if (!rec.ok && rec.reason === 'short') {
      const length = recordLength(this.#readBuf, 0);
      const want = Math.min(segment.size - this.#readPos, Math.max(READ_AHEAD, length ?? 0));
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await this.#reader.handle.read(buf, 0, want, this.#readPos);
      this.#readBuf = buf.subarray(0, bytesRead);
      rec = decodeRecord(this.#readBuf, 0);
    }
    if (!rec.ok) {
      this.#o.log.error(`disk queue: ${rec.reason} record in ${segment.file} at ${this.#readPos}; skipping the rest`, {
        code: 'QUEUE_CORRUPT',
      });
      this.#readPos = segment.size;
      this.#readBuf = Buffer.alloc(0);
      return undefined;
    }
    this.#readPos += rec.next;
    this.#readBuf = this.#readBuf.subarray(rec.next);
    try {
      return decodeEvents(rec.firstSeq, rec.count, rec.payload);
    } catch (err) {
      this.#o.log.error('disk queue: undecodable record skipped', {
        code: 'QUEUE_CORRUPT',
        seq: rec.firstSeq,
        error: String(err),
      });
      return undefined;
    }
  }

  async ack(seqs: number[]): Promise<void> {
    for (const seq of seqs) {
      const event = this.#inFlight.get(seq);
      if (event === undefined) continue;
      const bytes = event.bytes;
      this.#inFlight.delete(seq);
      this.#slabs.release(event.data);
      this.#unackedEvents--;
      this.#unackedBytes -= bytes;
      this.#acks.add(seq);
    }
    if (this.#unackedEvents === 0) this.#unackedBytes = 0;
    this.#freed.notify();
    await this.#acks.persist();
  }

  async #deleteAckedSegments(acked: number): Promise<void> {
    await this.#reading(async () => {
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
    await this.#acks.settled();
    await this.#writing(async () => {
      if (this.#writer) {
        if (this.#o.fsync !== 'never') await this.#writer.sync();
        await this.#writer.close();
        this.#writer = undefined;
      }
    });
    await this.#reading(async () => {
      await this.#reader?.handle.close();
      this.#reader = undefined;
    });
  }
}
