/**
 * The queue between processors and the output. `push` resolves when the events are queued
 * (durably, for the disk queue) and waits while the queue is full (backpressure).
 * `read` hands out entries not yet handed out; `ack` retires them (out of order is fine).
 * Entries handed out but never acked are handed out again after a restart (disk queue).
 */
import type { QueuedEvent, SourceEvent } from '../component.ts';

export interface ReadOptions {
  maxEvents: number;
  maxBytes: number;
  /** How long to wait for a batch to fill once at least one entry is there. */
  lingerMs: number;
  signal: AbortSignal;
}

export interface QueueStats {
  /** Entries pushed and not yet acked. */
  events: number;
  bytes: number;
}

export interface Queue {
  open(): Promise<void>;
  push(events: SourceEvent[], signal?: AbortSignal): Promise<void>;
  /**
   * Resolves once the queue has room for `events` more (at once when it has). A source that waits
   * for room before it reads builds its events only when they can be queued right away.
   */
  room(events: number, signal?: AbortSignal): Promise<void>;
  /** Resolves with at least one entry, or an empty list when `signal` aborts or the queue is closed. */
  read(options: ReadOptions): Promise<QueuedEvent[]>;
  ack(seqs: number[]): Promise<void>;
  stats(): QueueStats;
  close(): Promise<void>;
}

/** A document's JSON text: as the source serialized it, or serialized now. */
export function documentText(event: SourceEvent): string {
  if (event.doc !== undefined) return JSON.stringify(event.doc);
  return typeof event.json === 'string' ? event.json : event.json.join('');
}

/** A document's JSON as pieces to write one after another (no joined copy of a source's pieces). */
export function documentPieces(event: SourceEvent): string | string[] {
  return event.doc !== undefined ? JSON.stringify(event.doc) : event.json;
}

/** UTF-16 code units in `pieces` (UTF-8 takes at most three bytes for each). */
export function piecesLength(pieces: string | string[]): number {
  if (typeof pieces === 'string') return pieces.length;
  let n = 0;
  for (const p of pieces) n += p.length;
  return n;
}

/** UTF-8 bytes of `pieces`. */
export function piecesByteLength(pieces: string | string[]): number {
  if (typeof pieces === 'string') return Buffer.byteLength(pieces);
  let n = 0;
  for (const p of pieces) n += Buffer.byteLength(p);
  return n;
}

/** Writes `pieces` into `buf` at `pos`; returns the position after them. */
export function writePieces(buf: Buffer, pos: number, pieces: string | string[]): number {
  if (typeof pieces === 'string') return pos + buf.write(pieces, pos, 'utf8');
  let at = pos;
  for (const p of pieces) at += buf.write(p, at, 'utf8');
  return at;
}

/**
 * The one serialization of events: their documents as JSON lines, written into one buffer of the
 * exact size (from `allocate`), from `offset` on, with `reserve` more bytes left free after them
 * (for a caller's trailer). `seq` is assigned by the queue; `bytes` is the document's line.
 */
export function packDocuments(
  events: SourceEvent[],
  offset = 0,
  reserve = 0,
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): { data: Buffer; queued: QueuedEvent[]; end: number } {
  const texts: Array<string | string[]> = new Array(events.length);
  let size = offset + reserve;
  for (let i = 0; i < events.length; i++) {
    const pieces = documentPieces(events[i]!);
    texts[i] = pieces;
    size += piecesByteLength(pieces) + 1;
  }
  const data = allocate(size);
  const queued: QueuedEvent[] = new Array(events.length);
  let pos = offset;
  for (let i = 0; i < events.length; i++) {
    const start = pos;
    pos = writePieces(data, pos, texts[i]!);
    queued[i] = queuedAt(events[i]!, data, start, pos);
    data[pos++] = 0x0a;
  }
  return { data, queued, end: pos };
}

/** The queued form of `event`, its document being `data[start, end)`. */
export function queuedAt(event: SourceEvent, data: Buffer, start: number, end: number): QueuedEvent {
  const q: QueuedEvent = { seq: 0, id: event.id, source: event.source, data, start, end, bytes: end + 1 - start };
  if (event.position !== undefined) q.position = event.position;
  if (event.key !== undefined) q.key = event.key;
  return q;
}

/** One event queued on its own (tests, and outputs' unit tests). */
export function toQueued(event: SourceEvent): QueuedEvent {
  return packDocuments([event]).queued[0]!;
}

/** The document's JSON text. */
export function docText(event: QueuedEvent): string {
  return event.data.toString('utf8', event.start, event.end);
}

/** A promise-based wake-up: `wait()` resolves on the next `notify()` (or signal abort / timeout). */
export class Signal {
  #waiters: Array<() => void> = [];

  notify(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  wait(signal?: AbortSignal, timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.#waiters.push(done);
    });
  }
}
