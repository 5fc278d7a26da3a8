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
  /** Resolves with at least one entry, or an empty list when `signal` aborts or the queue is closed. */
  read(options: ReadOptions): Promise<QueuedEvent[]>;
  ack(seqs: number[]): Promise<void>;
  stats(): QueueStats;
  close(): Promise<void>;
}

/**
 * The one serialization of events: their documents as JSON lines, written into one new buffer
 * from `offset` on, with `reserve` more bytes left free after them (for a caller's trailer).
 * `seq` is assigned by the queue; `bytes` is the document's line.
 */
export function packDocuments(
  events: SourceEvent[],
  offset = 0,
  reserve = 0,
): { data: Buffer; queued: QueuedEvent[]; end: number } {
  const texts: string[] = new Array(events.length);
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; pages never written are never resident.
  let bound = offset + reserve;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const text = e.doc === undefined ? e.json : JSON.stringify(e.doc);
    texts[i] = text;
    bound += text.length * 3 + 1;
  }
  const data = Buffer.allocUnsafe(bound);
  const queued: QueuedEvent[] = new Array(events.length);
  let pos = offset;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const start = pos;
    pos += data.write(texts[i]!, pos, 'utf8');
    const q: QueuedEvent = { seq: 0, id: e.id, source: e.source, data, start, end: pos, bytes: pos + 1 - start };
    if (e.position !== undefined) q.position = e.position;
    if (e.key !== undefined) q.key = e.key;
    queued[i] = q;
    data[pos++] = 0x0a;
  }
  return { data, queued, end: pos };
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
