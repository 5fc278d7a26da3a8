/**
 * The disk queue's record: one per `push`, holding a batch of events, checksummed as a whole.
 *
 *   u32 LE payload length | u32 LE crc32(bytes 8.. end) | u64 LE first seq | u32 LE count | payload
 *
 * The payload is text: one line per event with its document as JSON, then one line with every
 * event's metadata, `[[id, source, position, key], …]`, as JSON. JSON text never holds a raw
 * newline, so `\n` separates them. A document is serialized once, when it is queued, and is read
 * back as the same bytes: an output sends it without parsing it. Each event's share of the payload
 * (its document line plus an equal part of the metadata line) is its size in the queue.
 */
import { crc32 } from 'node:zlib';
import type { QueuedEvent, SourceEvent } from '../component.ts';
import { packDocuments } from './types.ts';

export const HEADER = 20;
export const MAX_RECORD = 256 * 1024 * 1024;
const NEWLINE = 10;

function metaOf(events: SourceEvent[]): string {
  return JSON.stringify(events.map((e) => [e.id, e.source, e.position ?? null, e.key ?? null]));
}

/** Spreads the metadata line over the events' sizes so that they add up to the payload's length. */
function shareMeta(queued: QueuedEvent[], metaBytes: number): void {
  const share = Math.floor(metaBytes / Math.max(1, queued.length));
  for (const e of queued) e.bytes += share;
  if (queued[0]) queued[0].bytes += metaBytes - share * queued.length;
}

/**
 * Encodes `events` as one record with seqs from `firstSeq`, in a buffer from `allocate`. Returns
 * the record's bytes and the queued events, whose documents point into them.
 */
export function encodeRecord(
  firstSeq: number,
  events: SourceEvent[],
  allocate?: (size: number) => Buffer,
): { record: Buffer; queued: QueuedEvent[] } {
  const meta = metaOf(events);
  const { data, queued, end } = packDocuments(events, HEADER, Buffer.byteLength(meta) + 1, allocate);
  let pos = end;
  pos += data.write(meta, pos, 'utf8');
  data[pos++] = NEWLINE;
  shareMeta(queued, pos - end);
  for (let i = 0; i < queued.length; i++) queued[i]!.seq = firstSeq + i;
  data.writeUInt32LE(pos - HEADER, 0);
  data.writeUInt32LE(firstSeq >>> 0, 8);
  data.writeUInt32LE(Math.floor(firstSeq / 2 ** 32), 12);
  data.writeUInt32LE(events.length, 16);
  data.writeUInt32LE(crc32(data.subarray(8, pos)), 4);
  return { record: data.subarray(0, pos), queued };
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

/** The events of a checked record (documents point into `payload`). Throws a SyntaxError when it does not hold `count` events. */
export function decodeEvents(firstSeq: number, count: number, payload: Buffer): QueuedEvent[] {
  const metaStart = payload.length < 2 ? 0 : payload.lastIndexOf(NEWLINE, payload.length - 2) + 1;
  const meta = JSON.parse(payload.toString('utf8', metaStart, payload.length - 1)) as Array<
    [string, string, unknown, string | null]
  >;
  if (!Array.isArray(meta) || meta.length !== count) {
    throw new SyntaxError(`record metadata lists ${Array.isArray(meta) ? meta.length : 'no'} events of ${count}`);
  }
  const out: QueuedEvent[] = new Array(count);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const end = payload.indexOf(NEWLINE, pos);
    if (end < 0 || end >= metaStart) throw new SyntaxError(`record holds ${i} of ${count} documents`);
    const [id, source, position, key] = meta[i]!;
    const event: QueuedEvent = { seq: firstSeq + i, id, source, data: payload, start: pos, end, bytes: end + 1 - pos };
    if (position !== null) event.position = position;
    if (key !== null) event.key = key;
    out[i] = event;
    pos = end + 1;
  }
  shareMeta(out, payload.length - metaStart);
  return out;
}
