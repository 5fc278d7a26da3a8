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
 * The one serialization of an event: its document as JSON, plus what the queue keeps beside it.
 * `seq` is assigned by the queue; `bytes` starts as an estimate (characters, not bytes: no
 * second pass over the text) that the disk queue replaces with the exact size it wrote.
 */
export function toQueued(event: SourceEvent): QueuedEvent {
  const json = event.doc === undefined ? event.json : JSON.stringify(event.doc);
  const queued: QueuedEvent = { seq: 0, id: event.id, source: event.source, json, bytes: 0 };
  if (event.position !== undefined) queued.position = event.position;
  if (event.key !== undefined) queued.key = event.key;
  queued.bytes = json.length + event.id.length + 32;
  return queued;
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
