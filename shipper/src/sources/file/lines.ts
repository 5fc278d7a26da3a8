/**
 * Bytes → lines. `LineSplitter` cuts a byte stream at `\n` (a trailing `\r` is dropped), keeping
 * each line's byte range; a line longer than `maxLineBytes` is cut into pieces (at a UTF-8
 * character boundary) flagged `truncated`, so memory stays bounded and nothing is dropped.
 * `decodeLine` turns bytes into text, replacing invalid UTF-8 and flagging it.
 */
import { isUtf8 } from 'node:buffer';
import type { TextLine } from './multiline.ts';

/** The flags of a line that has none: shared, and frozen so that nothing adds to it by mistake. */
export const NO_FLAGS: string[] = Object.freeze([]) as unknown as string[];

export interface RawLine {
  /** Byte offset of the first byte. */
  start: number;
  /** Byte offset just after the line (after its `\n`). */
  end: number;
  bytes: Buffer;
  flags: string[];
}

export class LineSplitter {
  readonly #max: number;
  #parts: Buffer[] = [];
  #length = 0;
  #start: number;
  #pieces = 0;

  constructor(maxLineBytes: number, start: number) {
    this.#max = maxLineBytes;
    this.#start = start;
  }

  /** Offset of the first byte not yet part of a returned line. */
  get pendingStart(): number {
    return this.#start;
  }

  get pendingBytes(): number {
    return this.#length;
  }

  /**
   * Feeds the bytes that follow everything fed so far (`chunk` may be reused by the caller
   * afterwards: a returned line's `bytes` are its own). The byte path for what `pushText` cannot
   * decode straight from a chunk.
   */
  push(chunk: Buffer): RawLine[] {
    const out: RawLine[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const stop = nl === -1 ? chunk.length : nl;
      // Take as much as fits before the limit.
      let take = stop - pos;
      if (this.#length + take > this.#max) take = this.#max - this.#length;
      if (take > 0) {
        // Bytes kept past this call are copied: the caller may reuse `chunk`.
        const part = chunk.subarray(pos, pos + take);
        this.#parts.push(pos + take === nl ? part : Buffer.from(part));
        this.#length += take;
        pos += take;
      }
      if (pos === nl) {
        pos++;
        out.push(this.#finish(1));
      } else if (this.#length >= this.#max) {
        out.push(this.#cut());
      }
    }
    return out;
  }

  /**
   * `push`, with each line decoded (see `decodeLine`). A line that lies whole inside `chunk` is
   * decoded straight from it: the part of the chunk up to its last newline is checked for valid
   * UTF-8 once, not line by line.
   */
  pushText(chunk: Buffer): TextLine[] {
    const out: TextLine[] = [];
    const lastNl = chunk.lastIndexOf(10);
    const valid = lastNl >= 0 && isUtf8(chunk.subarray(0, lastNl));
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      if (valid && this.#length === 0 && this.#pieces === 0 && nl !== -1 && nl - pos <= this.#max) {
        const cut = nl > pos && chunk[nl - 1] === 13 ? nl - 1 : nl;
        const start = this.#start;
        this.#start = start + nl + 1 - pos;
        out.push({ start, end: this.#start, text: chunk.toString('utf8', pos, cut), flags: NO_FLAGS });
        pos = nl + 1;
        continue;
      }
      // Anything else (a partial line, a long one, invalid bytes): through `push`, up to the next newline.
      const stop = nl === -1 ? chunk.length : nl + 1;
      for (const raw of this.push(chunk.subarray(pos, stop))) out.push(decodeRaw(raw));
      pos = stop;
    }
    return out;
  }

  /** The pending partial line (no `\n` yet) as a line, e.g. at the end of a finished file. */
  flush(): RawLine | undefined {
    if (this.#length === 0) return undefined;
    return this.#finish(0);
  }

  #finish(terminator: number): RawLine {
    let bytes = this.#parts.length === 1 ? this.#parts[0]! : Buffer.concat(this.#parts, this.#length);
    const end = this.#start + this.#length + terminator;
    if (terminator === 1 && bytes.length > 0 && bytes[bytes.length - 1] === 13) bytes = bytes.subarray(0, -1);
    // A newline right after a cut piece ends an empty remainder: an empty line (skipped, range still tracked).
    const flags = this.#pieces > 0 && this.#length > 0 ? ['truncated', 'continuation'] : [];
    const line: RawLine = { start: this.#start, end, bytes: Buffer.from(bytes), flags };
    this.#reset(end);
    return line;
  }

  /** Emits the first `max` bytes (backing off to a character boundary); keeps the rest. */
  #cut(): RawLine {
    const all = Buffer.concat(this.#parts, this.#length);
    let cut = this.#max;
    for (let back = 0; back < 3 && cut > 1 && ((all[cut] ?? 0) & 0xc0) === 0x80; back++) cut--;
    if (((all[cut] ?? 0) & 0xc0) === 0x80) cut = this.#max;
    const flags = this.#pieces > 0 ? ['truncated', 'continuation'] : ['truncated'];
    const line: RawLine = {
      start: this.#start,
      end: this.#start + cut,
      bytes: Buffer.from(all.subarray(0, cut)),
      flags,
    };
    const rest = all.subarray(cut);
    this.#start += cut;
    this.#parts = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.#length = rest.length;
    this.#pieces++;
    return line;
  }

  #reset(start: number): void {
    this.#parts = [];
    this.#length = 0;
    this.#start = start;
    this.#pieces = 0;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** A raw line as text (its flags gain `invalid_utf8` when bytes had to be replaced). */
export function decodeRaw(line: RawLine): TextLine {
  const text = decodeLine(line.bytes, line.flags);
  return { start: line.start, end: line.end, text, flags: line.flags.length === 0 ? NO_FLAGS : line.flags };
}

/** Text of a line; invalid UTF-8 becomes U+FFFD and adds the `invalid_utf8` flag. */
export function decodeLine(bytes: Uint8Array, flags: string[]): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!flags.includes('invalid_utf8')) flags.push('invalid_utf8');
  return decoder.decode(bytes);
}
