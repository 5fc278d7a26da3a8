/**
 * The file source's checkpoints: one JSON file per input under `<data>/registry/`, written
 * atomically. An entry is one file *identity* (not a path): `id` prefixes every event id of that
 * file, `head` identifies its content, `offset` is the highest byte offset below which every line
 * is acknowledged by the output. Offsets advance only through `ack`, contiguously.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Logger } from '../../component.ts';
import { readJsonFile, writeFileAtomic } from '../../fs-util.ts';

export interface Entry {
  /** Stable id: the event id prefix. */
  id: string;
  dev: number;
  ino: number;
  /** Bytes covered by `head_hash` (<= fingerprint_bytes; grows with a short file). */
  head_len: number;
  head_hash: string;
  /** Checkpoint: everything before it is acknowledged. */
  offset: number;
  /** Last path it was seen at. */
  path: string;
  /** Epoch ms it was last seen or advanced. */
  seen: number;
  /** A .gz file read to its end. */
  done?: boolean;
}

export function hashHead(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/**
 * Acknowledgement tracking for one entry: ranges in read order (so their starts increase), done
 * or pending. An ack finds its range by binary search.
 */
class Ranges {
  #starts: number[] = [];
  #ends: number[] = [];
  #done: boolean[] = [];
  #head = 0;
  #pending = 0;

  add(start: number, end: number, done: boolean): void {
    this.#starts.push(start);
    this.#ends.push(end);
    this.#done.push(done);
    if (!done) this.#pending++;
  }

  /** Marks the range starting at `start` done; returns the new contiguous end, if it moved. */
  ack(start: number): number | undefined {
    const starts = this.#starts;
    let lo = this.#head;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = starts[mid]!;
      if (s < start) lo = mid + 1;
      else if (s > start) hi = mid - 1;
      else {
        if (this.#done[mid]) return undefined;
        this.#done[mid] = true;
        this.#pending--;
        return mid === this.#head ? this.advance() : undefined;
      }
    }
    return undefined;
  }

  advance(): number | undefined {
    let moved: number | undefined;
    while (this.#head < this.#starts.length && this.#done[this.#head]) {
      moved = this.#ends[this.#head];
      this.#head++;
    }
    if (this.#head > 4096 && this.#head * 2 > this.#starts.length) {
      this.#starts = this.#starts.slice(this.#head);
      this.#ends = this.#ends.slice(this.#head);
      this.#done = this.#done.slice(this.#head);
      this.#head = 0;
    }
    return moved;
  }

  get pending(): number {
    return this.#pending;
  }
}

export class Registry {
  readonly file: string;
  readonly #log: Logger;
  readonly entries = new Map<string, Entry>();
  readonly #ranges = new Map<string, Ranges>();
  #dirty = false;
  #saving: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  /** Called when a checkpoint advances (metrics, tests). */
  onAdvance: ((entry: Entry) => void) | undefined;

  constructor(dataDir: string, inputId: string, log: Logger) {
    this.file = path.join(dataDir, 'registry', `${inputId.replace(/[^\w.-]/g, '_')}.json`);
    this.#log = log;
  }

  async load(): Promise<void> {
    let data: unknown;
    try {
      data = await readJsonFile(this.file);
    } catch (err) {
      this.#log.error(`file source: registry ${this.file} is unreadable; starting without checkpoints`, {
        error: String(err),
      });
      return;
    }
    const entries = (data as { entries?: Entry[] } | undefined)?.entries ?? [];
    for (const e of entries) this.entries.set(e.id, e);
  }

  /** A new identity, persisted before any event carries its id. */
  async create(fields: Omit<Entry, 'id' | 'seen'>, preferredId: string): Promise<Entry> {
    let id = preferredId;
    for (let n = 2; this.entries.has(id); n++) id = `${preferredId}~${n}`;
    const entry: Entry = { id, ...fields, seen: Date.now() };
    this.entries.set(id, entry);
    await this.save();
    return entry;
  }

  findByHead(headLen: number, hash: string): Entry | undefined {
    for (const e of this.entries.values()) if (e.head_len === headLen && e.head_hash === hash) return e;
    return undefined;
  }

  findByInode(dev: number, ino: number): Entry[] {
    return [...this.entries.values()].filter((e) => e.dev === dev && e.ino === ino);
  }

  /** Records a byte range read from the entry; `done` for ranges with no event (empty lines). */
  track(id: string, start: number, end: number, done: boolean): void {
    let ranges = this.#ranges.get(id);
    if (!ranges) {
      ranges = new Ranges();
      this.#ranges.set(id, ranges);
    }
    ranges.add(start, end, done);
    if (done) this.#advance(id, ranges.advance());
  }

  ack(id: string, start: number): void {
    this.#advance(id, this.#ranges.get(id)?.ack(start));
  }

  pending(id: string): number {
    return this.#ranges.get(id)?.pending ?? 0;
  }

  #advance(id: string, end: number | undefined): void {
    if (end === undefined) return;
    const entry = this.entries.get(id);
    if (!entry || end <= entry.offset) return;
    entry.offset = end;
    entry.seen = Date.now();
    this.onAdvance?.(entry);
    this.markDirty();
  }

  markDirty(): void {
    this.#dirty = true;
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        void this.save();
      }, 200);
    }
  }

  forget(id: string): void {
    this.entries.delete(id);
    this.#ranges.delete(id);
    this.markDirty();
  }

  /** Writes the registry now (coalesced with a write in progress). */
  async save(): Promise<void> {
    this.#dirty = true;
    while (this.#saving) await this.#saving;
    if (!this.#dirty) return;
    this.#dirty = false;
    const body = JSON.stringify({ version: 1, entries: [...this.entries.values()] });
    this.#saving = writeFileAtomic(this.file, body)
      .catch((err) => {
        this.#dirty = true;
        this.#log.error('file source: could not write the registry', { file: this.file, error: String(err) });
      })
      .finally(() => {
        this.#saving = undefined;
      });
    await this.#saving;
  }

  async close(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.save();
  }
}
