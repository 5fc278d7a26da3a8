/**
 * Records just written, also kept in memory (up to a byte budget) so that a reader keeping up
 * with the writer takes them from here instead of reading the segment back. The cache holds a
 * contiguous run of records, oldest first: once one record did not fit, nothing more is cached
 * until the reader has emptied it (the reader then reads from the segments until it catches up).
 */
import type { QueuedEvent } from '../../component.ts';

/** A record kept in memory: where it is on disk, and its events. */
export interface CachedRecord {
  file: string;
  start: number;
  end: number;
  events: QueuedEvent[];
}

export class ReadCache {
  readonly #maxBytes: number;
  #records: CachedRecord[] = [];
  #bytes = 0;
  /** False once a record was written without being cached, until the cache empties. */
  #contiguous = true;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Keeps a record just written, if there is room and the run stays contiguous; false if not kept. */
  remember(record: CachedRecord): boolean {
    if (this.#records.length === 0) this.#contiguous = true;
    const bytes = record.end - record.start;
    if (!this.#contiguous || this.#bytes + bytes > this.#maxBytes) {
      this.#contiguous = false;
      return false;
    }
    this.#records.push(record);
    this.#bytes += bytes;
    return true;
  }

  /** The oldest record, taken out, when it is the one at `file`:`start`. */
  takeAt(file: string, start: number): CachedRecord | undefined {
    const first = this.#records[0];
    if (!first || first.file !== file || first.start !== start) return undefined;
    this.#records.shift();
    this.#bytes -= first.end - first.start;
    return first;
  }

  get bytes(): number {
    return this.#bytes;
  }
}
