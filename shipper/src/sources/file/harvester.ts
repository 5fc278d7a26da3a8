/**
 * One file identity being read: its open handle (if any), the read position, the partial line and
 * the pending multiline group. It turns bytes into finished lines; the source emits them.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { MultilineConfig } from './config.ts';
import { decodeRaw, LineSplitter } from './lines.ts';
import { Multiline, type TextLine } from './multiline.ts';
import type { Entry } from './registry.ts';

export class Harvester {
  entry: Entry;
  handle: FileHandle | undefined;
  /** Current path (undefined when the file is no longer found at any matching path). */
  path: string | undefined;
  dev: number;
  ino: number;
  /** Size as last seen (stat). */
  size = 0;
  mtimeMs = 0;
  /** Next byte to read. */
  readPos: number;
  lastActivity = Date.now();
  readonly gzip: boolean;
  #splitter: LineSplitter;
  readonly #multiline: Multiline | undefined;
  readonly #maxLineBytes: number;

  constructor(
    entry: Entry,
    fields: { path: string | undefined; dev: number; ino: number; gzip: boolean; readPos: number },
    maxLineBytes: number,
    multiline: MultilineConfig | undefined,
  ) {
    this.entry = entry;
    this.path = fields.path;
    this.dev = fields.dev;
    this.ino = fields.ino;
    this.gzip = fields.gzip;
    this.readPos = fields.readPos;
    this.#maxLineBytes = maxLineBytes;
    this.#splitter = new LineSplitter(maxLineBytes, this.readPos);
    this.#multiline = multiline ? new Multiline(multiline) : undefined;
  }

  /** Offset of the first byte not yet turned into an emitted line. */
  get pendingStart(): number {
    return Math.min(this.#splitter.pendingStart, this.#multiline?.pendingStart ?? Number.POSITIVE_INFINITY);
  }

  /** Forgets partial state so reading resumes at `pendingStart` (before closing, or on a new entry). */
  rewind(to = this.pendingStart): void {
    this.readPos = to;
    this.#splitter = new LineSplitter(this.#maxLineBytes, to);
    this.#multiline?.discard();
  }

  /**
   * Reads up to `budget` bytes from `readPos` through `scratch` (the caller's, reused across reads:
   * lines are decoded before this returns, and the splitter copies the bytes it keeps); returns
   * finished lines.
   */
  async read(budget: number, scratch: Buffer): Promise<TextLine[]> {
    const out: TextLine[] = [];
    const handle = this.handle;
    if (!handle) return out;
    const buf = scratch;
    let used = 0;
    while (used < budget && this.readPos < this.size) {
      const want = Math.min(scratch.length, this.size - this.readPos, budget - used);
      const { bytesRead } = await handle.read(buf, 0, want, this.readPos);
      if (bytesRead === 0) break;
      this.readPos += bytesRead;
      used += bytesRead;
      this.#take(this.#splitter.pushText(buf.subarray(0, bytesRead)), out);
    }
    if (used > 0) this.lastActivity = Date.now();
    return out;
  }

  /** Streams a whole .gz file from the start, skipping to `readPos`; `onLines` gets batches. */
  async readGzip(file: string, onLines: (lines: TextLine[]) => Promise<void>, signal: AbortSignal): Promise<number> {
    const skipTo = this.readPos;
    let pos = 0;
    const input = createReadStream(file);
    const gunzip = createGunzip();
    input.pipe(gunzip);
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        if (signal.aborted) break;
        let data = chunk;
        if (pos + data.length <= skipTo) {
          pos += data.length;
          continue;
        }
        if (pos < skipTo) {
          data = data.subarray(skipTo - pos);
          pos = skipTo;
        }
        pos += data.length;
        this.readPos = pos;
        const out: TextLine[] = [];
        this.#take(this.#splitter.pushText(data), out);
        if (out.length > 0) await onLines(out);
      }
    } finally {
      input.destroy();
      gunzip.destroy();
    }
    // Stopped midway, the partial line is not the file's last: it is read again from pendingStart.
    if (signal.aborted) return pos;
    const rest: TextLine[] = [];
    this.#finishPartial(rest);
    if (rest.length > 0) await onLines(rest);
    return pos;
  }

  /** At the end of the file: the multiline group once its timeout passed; with `final`, the partial line too. */
  flush(final: boolean, now = Date.now()): TextLine[] {
    const out: TextLine[] = [];
    if (final) this.#finishPartial(out);
    const group = this.#multiline?.flush(now, final);
    if (group) out.push(group);
    return out;
  }

  #finishPartial(out: TextLine[]): void {
    const partial = this.#splitter.flush();
    if (partial) this.#take([decodeRaw(partial)], out);
    const group = this.#multiline?.flush(0, true);
    if (group) out.push(group);
  }

  #take(lines: TextLine[], out: TextLine[]): void {
    const multiline = this.#multiline;
    for (const line of lines) {
      if (!multiline) {
        out.push(line);
      } else if (line.flags.includes('truncated')) {
        // Pieces of an over-long line bypass joining; keep offsets in order.
        const group = multiline.flush(0, true);
        if (group) out.push(group);
        out.push(line);
      } else {
        out.push(...multiline.push(line));
      }
    }
  }
}
