/** The memory queue: bounded by events and bytes; lost on exit (sources re-read from their checkpoints). */
import { z } from 'zod';
import type { QueuedEvent, SourceEvent } from '../component.ts';
import { Slabs } from './slabs.ts';
import { type Queue, type QueueStats, type ReadOptions, Signal } from './types.ts';

export const memoryQueueSchema = z
  .object({
    type: z.literal('memory'),
    max_events: z.number().int().positive().default(4096).describe('Most events held before `push` waits.'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024)
      .describe('Most bytes (serialized events) held before `push` waits.'),
  })
  .strict();

export interface MemoryQueueOptions {
  maxEvents: number;
  maxBytes: number;
}

export class MemoryQueue implements Queue {
  readonly #options: MemoryQueueOptions;
  #nextSeq = 1;
  #ready: QueuedEvent[] = [];
  #readAt = 0;
  /** The events from seq `#base` on, each until it is acknowledged. */
  #queued: Array<QueuedEvent | undefined> = [];
  readonly #slabs = new Slabs();
  #base = 1;
  #head = 0;
  #unacked = 0;
  #bytes = 0;
  #closed = false;
  readonly #pushed = new Signal();
  readonly #freed = new Signal();

  constructor(options: MemoryQueueOptions) {
    this.#options = options;
  }

  async open(): Promise<void> {}

  async push(events: SourceEvent[], signal?: AbortSignal): Promise<void> {
    const entries = this.#slabs.pack(events);
    const bytes = entries.reduce((n, e) => n + e.bytes, 0);
    await this.#waitForRoom(entries.length, bytes, signal);
    if (this.#closed) throw new Error('queue closed');
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    for (const entry of entries) {
      entry.seq = this.#nextSeq++;
      this.#queued.push(entry);
      this.#ready.push(entry);
    }
    this.#unacked += entries.length;
    this.#bytes += bytes;
    this.#pushed.notify();
  }

  room(events: number, signal?: AbortSignal): Promise<void> {
    return this.#waitForRoom(Math.min(events, this.#options.maxEvents), 0, signal);
  }

  /** Waits while `events` more (of `bytes`) would overfill the queue; an empty queue always takes them. */
  async #waitForRoom(events: number, bytes: number, signal?: AbortSignal): Promise<void> {
    while (
      !this.#closed &&
      !signal?.aborted &&
      this.#unacked > 0 &&
      (this.#unacked + events > this.#options.maxEvents || this.#bytes + bytes > this.#options.maxBytes)
    ) {
      await this.#freed.wait(signal);
    }
  }

  async read(options: ReadOptions): Promise<QueuedEvent[]> {
    return readBatch(
      options,
      () => this.#ready.length - this.#readAt,
      () => this.#closed,
      this.#pushed,
      (max, maxBytes) => {
        const ready = this.#ready;
        let end = this.#readAt;
        let bytes = 0;
        while (end < ready.length && end - this.#readAt < max) {
          const next = ready[end]!;
          if (end > this.#readAt && bytes + next.bytes > maxBytes) break;
          bytes += next.bytes;
          end++;
        }
        const out = ready.slice(this.#readAt, end);
        this.#readAt = end;
        if (this.#readAt > 4096 && this.#readAt * 2 > ready.length) {
          this.#ready = ready.slice(this.#readAt);
          this.#readAt = 0;
        }
        return out;
      },
    );
  }

  async ack(seqs: number[]): Promise<void> {
    const queued = this.#queued;
    for (const seq of seqs) {
      const i = seq - this.#base;
      const event = i >= this.#head ? queued[i] : undefined;
      if (!event) continue;
      queued[i] = undefined;
      this.#slabs.release(event.data);
      this.#unacked--;
      this.#bytes -= event.bytes;
    }
    while (this.#head < queued.length && !queued[this.#head]) this.#head++;
    if (this.#head > 4096 && this.#head * 2 > queued.length) {
      this.#queued = queued.slice(this.#head);
      this.#base += this.#head;
      this.#head = 0;
    }
    this.#freed.notify();
  }

  stats(): QueueStats {
    return { events: this.#unacked, bytes: this.#bytes };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pushed.notify();
    this.#freed.notify();
  }
}

/** The read loop both queues share: wait for one entry, linger for a fuller batch, take. */
export async function readBatch(
  options: ReadOptions,
  available: () => number,
  closed: () => boolean,
  pushed: Signal,
  take: (maxEvents: number, maxBytes: number) => QueuedEvent[] | Promise<QueuedEvent[]>,
): Promise<QueuedEvent[]> {
  while (available() === 0) {
    if (closed() || options.signal.aborted) return [];
    await pushed.wait(options.signal);
  }
  if (available() < options.maxEvents && options.lingerMs > 0) {
    const deadline = Date.now() + options.lingerMs;
    while (available() < options.maxEvents && !closed() && !options.signal.aborted) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await pushed.wait(options.signal, left);
    }
  }
  if (available() === 0) return [];
  return take(options.maxEvents, options.maxBytes);
}
