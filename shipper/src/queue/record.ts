/**
 * The disk queue's record: one per `push`, holding a batch of events, checksummed as a whole.
 *
 *   u32 LE payload length | u32 LE crc32(bytes 8.. end) | u64 LE first seq | u32 LE count | payload
 *
 * The payload is text: one line with every event's metadata, `[[id, source, position, key], …]`
 * as JSON, then one line per event with its document as JSON. JSON text never holds a raw newline,
 * so `\n` separates them. A document is serialized once, when it is queued, and is read back as
 * the same text: an output sends it without parsing it. Each event's share of the payload (its
 * document line plus an equal part of the metadata line) is its size in the queue.
 */
import { crc32 } from 'node:zlib';
import type { QueuedEvent } from '../component.ts';

export const HEADER = 20;
export const MAX_RECORD = 256 * 1024 * 1024;
const NEWLINE = 10;

function metaOf(events: QueuedEvent[]): string {
  return JSON.stringify(events.map((e) => [e.id, e.source, e.position ?? null, e.key ?? null]));
}

/** Encodes records into a scratch area it reuses: one encoder per writer. */
export class RecordEncoder {
  #scratch = Buffer.allocUnsafe(256 * 1024);

  /**
   * Encodes `events` as one record, assigning their seqs from `firstSeq` and setting each one's
   * `bytes` to its share of the payload. The buffer returned is valid until the next call.
   */
  encode(firstSeq: number, events: QueuedEvent[]): Buffer {
    const meta = metaOf(events);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    let bound = HEADER + meta.length * 3 + 1;
    for (const e of events) bound += e.json.length * 3 + 1;
    const buf = this.#buffer(bound);
    let pos = HEADER;
    pos += buf.write(meta, pos, 'utf8');
    buf[pos++] = NEWLINE;
    const metaBytes = pos - HEADER;
    const share = Math.floor(metaBytes / Math.max(1, events.length));
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const start = pos;
      pos += buf.write(e.json, pos, 'utf8');
      buf[pos++] = NEWLINE;
      e.seq = firstSeq + i;
      e.bytes = pos - start + share + (i === 0 ? metaBytes - share * events.length : 0);
    }
    buf.writeUInt32LE(pos - HEADER, 0);
    buf.writeUInt32LE(firstSeq >>> 0, 8);
    buf.writeUInt32LE(Math.floor(firstSeq / 2 ** 32), 12);
    buf.writeUInt32LE(events.length, 16);
    buf.writeUInt32LE(crc32(buf.subarray(8, pos)), 4);
    return buf.subarray(0, pos);
  }

  /** A buffer of at least `bound` bytes: the kept one, grown up to 2 MiB; a one-off above that. */
  #buffer(bound: number): Buffer {
    if (bound > 2 * 1024 * 1024) return Buffer.allocUnsafe(bound);
    if (this.#scratch.length < bound) this.#scratch = Buffer.allocUnsafe(2 * 1024 * 1024);
    return this.#scratch;
  }
}

export type Decoded =
  | { ok: true; firstSeq: number; count: number; payload: Buffer; next: number }
  | { ok: false; reason: 'short' | 'corrupt' };

/** Checks the record at `pos` of `buf`. `short`: not all of it is in `buf`. */
export function decodeRecord(buf: Buffer, pos: number): Decoded {
  if (buf.length - pos < HEADER) return { ok: false, reason: 'short' };
  const length = buf.readUInt32LE(pos);
  if (length > MAX_RECORD) return { ok: false, reason: 'corrupt' };
  const end = pos + HEADER + length;
  if (buf.length < end) return { ok: false, reason: 'short' };
  if (crc32(buf.subarray(pos + 8, end)) !== buf.readUInt32LE(pos + 4)) return { ok: false, reason: 'corrupt' };
  const firstSeq = buf.readUInt32LE(pos + 8) + buf.readUInt32LE(pos + 12) * 2 ** 32;
  return { ok: true, firstSeq, count: buf.readUInt32LE(pos + 16), payload: buf.subarray(pos + HEADER, end), next: end };
}

/** Length of the record starting at `pos` (header included), once its length field is in `buf`. */
export function recordLength(buf: Buffer, pos: number): number | undefined {
  return buf.length - pos >= 4 ? HEADER + buf.readUInt32LE(pos) : undefined;
}

/** The events of a checked record. Throws a SyntaxError when the payload does not hold `count` events. */
export function decodeEvents(firstSeq: number, count: number, payload: Buffer): QueuedEvent[] {
  const metaEnd = payload.indexOf(NEWLINE);
  if (metaEnd < 0) throw new SyntaxError('record has no metadata line');
  const meta = JSON.parse(payload.toString('utf8', 0, metaEnd)) as Array<[string, string, unknown, string | null]>;
  if (!Array.isArray(meta) || meta.length !== count)
    throw new SyntaxError(`record metadata lists ${meta.length} of ${count} events`);
  const metaBytes = metaEnd + 1;
  const share = Math.floor(metaBytes / Math.max(1, count));
  const out: QueuedEvent[] = new Array(count);
  let pos = metaBytes;
  for (let i = 0; i < count; i++) {
    const end = payload.indexOf(NEWLINE, pos);
    if (end < 0) throw new SyntaxError(`record holds ${i} of ${count} events`);
    const [id, source, position, key] = meta[i]!;
    const bytes = end + 1 - pos + share + (i === 0 ? metaBytes - share * count : 0);
    const event: QueuedEvent = { seq: firstSeq + i, id, source, json: payload.toString('utf8', pos, end), bytes };
    if (position !== null) event.position = position;
    if (key !== null) event.key = key;
    out[i] = event;
    pos = end + 1;
  }
  return out;
}
