/**
 * The disk queue's acknowledgements: the mark below which every seq is acknowledged (kept in
 * `ack.json`, written atomically), and the seqs acknowledged above it (out of order). Writes of
 * the file are coalesced: at most one at a time, and one more if acknowledgements came meanwhile.
 */
import path from 'node:path';
import type { Logger } from '../../component.ts';
import { readJsonFile, writeFileAtomic } from '../../fs-util.ts';

export class AckLedger {
  readonly #file: string;
  readonly #fsync: boolean;
  readonly #log: Logger;
  /** Called after each write with the mark written (the queue deletes the segments behind it). */
  readonly #afterWrite: (ackedThrough: number) => Promise<void>;
  /** Every seq <= this is acknowledged. */
  #through = 0;
  #ahead = new Set<number>();
  #write: Promise<void> | undefined;
  #dirty = false;

  constructor(
    dir: string,
    options: { fsync: boolean; log: Logger; afterWrite: (ackedThrough: number) => Promise<void> },
  ) {
    this.#file = path.join(dir, 'ack.json');
    this.#fsync = options.fsync;
    this.#log = options.log;
    this.#afterWrite = options.afterWrite;
  }

  /** Reads the mark from `ack.json` (0 without one). */
  async load(): Promise<number> {
    const ack = (await readJsonFile(this.#file)) as { acked_through?: unknown } | undefined;
    if (ack && typeof ack.acked_through === 'number') this.#through = ack.acked_through;
    return this.#through;
  }

  get through(): number {
    return this.#through;
  }

  /** Moves the mark over a gap (records lost to corruption) so it is not held back forever. */
  skipTo(seq: number): void {
    this.#through = Math.max(this.#through, seq);
  }

  isAcked(seq: number): boolean {
    return seq <= this.#through || this.#ahead.has(seq);
  }

  /** Records one acknowledged seq (the mark advances over what is contiguous). */
  add(seq: number): void {
    if (seq === this.#through + 1) {
      this.#through = seq;
      while (this.#ahead.delete(this.#through + 1)) this.#through++;
    } else if (seq > this.#through) {
      this.#ahead.add(seq);
    }
  }

  /** Writes the mark (coalesced); never rejects — a failed write is logged and retried with the next. */
  persist(): Promise<void> {
    this.#dirty = true;
    if (this.#write) return this.#write;
    const loop = async (): Promise<void> => {
      while (this.#dirty) {
        this.#dirty = false;
        const acked = this.#through;
        await writeFileAtomic(this.#file, JSON.stringify({ acked_through: acked }), this.#fsync);
        await this.#afterWrite(acked);
      }
    };
    this.#write = loop()
      .catch((err) => this.#log.error('disk queue: could not persist acknowledgements', { error: String(err) }))
      .finally(() => {
        this.#write = undefined;
      });
    return this.#write;
  }

  /** Resolves when no write is in flight. */
  async settled(): Promise<void> {
    await this.#write;
  }
}
