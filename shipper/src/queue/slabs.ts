/**
 * Where the queues keep documents: 1 MiB slabs, filled one after another and reused once every
 * document in them is acknowledged. Without this, each batch's buffer would wait for a full
 * garbage collection after its events are done, and the process would hold far more memory than
 * the queue does. The memory queue packs documents one by one; the disk queue reserves a region
 * for a whole record. Anything larger than a slab gets a buffer of its own.
 */
import type { QueuedEvent, SourceEvent } from '../component.ts';
import { documentPieces, piecesByteLength, piecesLength, queuedAt, writePieces } from './types.ts';

const SLAB_BYTES = 1024 * 1024;

/** A slab and how many of its documents are still queued. */
interface Slab {
  buf: Buffer;
  refs: number;
  pos: number;
}

export class Slabs {
  readonly #free: Buffer[] = [];
  readonly #maxFree: number;
  #current: Slab | undefined;
  /** Which slab each queued event's document is in. */
  readonly #slabOf = new WeakMap<Buffer, Slab>();

  /** Keeps up to `maxFreeBytes` of empty slabs for reuse. */
  constructor(maxFreeBytes = 4 * SLAB_BYTES) {
    this.#maxFree = Math.max(1, Math.floor(maxFreeBytes / SLAB_BYTES));
  }

  /** Writes the events' documents into slabs; one event per document, in order. */
  pack(events: SourceEvent[]): QueuedEvent[] {
    const out: QueuedEvent[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const pieces = documentPieces(event);
      let slab = this.#current;
      // UTF-8 takes at most 3 bytes per UTF-16 code unit; measure exactly only when that may not fit.
      let need = piecesLength(pieces) * 3 + 1;
      if (!slab || slab.buf.length - slab.pos < need) {
        need = piecesByteLength(pieces) + 1;
        if (!slab || slab.buf.length - slab.pos < need) slab = this.#next(need);
      }
      const start = slab.pos;
      const end = writePieces(slab.buf, start, pieces);
      slab.buf[end] = 0x0a;
      slab.pos = end + 1;
      slab.refs++;
      out[i] = queuedAt(event, slab.buf, start, end);
    }
    return out;
  }

  /**
   * A region of `size` bytes for `refs` documents (each released once), as a buffer of its own:
   * documents placed in it are released through it.
   */
  reserve(size: number, refs: number): Buffer {
    let slab = this.#current;
    if (!slab || slab.buf.length - slab.pos < size) slab = this.#next(size);
    const region = slab.buf.subarray(slab.pos, slab.pos + size);
    slab.pos += size;
    slab.refs += refs;
    this.#slabOf.set(region, slab);
    return region;
  }

  /** Called once per event, with its `data`, when it leaves the queue; an emptied slab is reused. */
  release(data: Buffer): void {
    const slab = this.#slabOf.get(data);
    if (!slab || slab.refs <= 0) return;
    slab.refs--;
    if (slab.refs === 0 && slab !== this.#current && slab.buf.length === SLAB_BYTES) {
      this.#slabOf.delete(slab.buf);
      if (this.#free.length < this.#maxFree) this.#free.push(slab.buf);
    }
  }

  #next(need: number): Slab {
    const old = this.#current;
    if (old && old.refs === 0 && old.buf.length === SLAB_BYTES) {
      // Nothing queued in it any more: start it over.
      old.pos = 0;
      if (need <= SLAB_BYTES) return old;
    }
    const buf = need > SLAB_BYTES ? Buffer.allocUnsafe(need) : (this.#free.pop() ?? Buffer.allocUnsafe(SLAB_BYTES));
    const slab: Slab = { buf, refs: 0, pos: 0 };
    this.#slabOf.set(buf, slab);
    if (need <= SLAB_BYTES) this.#current = slab;
    return slab;
  }
}
