/**
 * Disk queue segments: append-only files `seg-<first seq, 16 digits>.dwq2` holding records
 * (record.ts). Scanning one on open finds its last seq and what in it is still unacknowledged;
 * a torn or corrupt record at the tail of the last segment (a `kill -9` in the middle of a write)
 * is truncated away with a warning, one inside an older segment ends that segment's reading.
 */
import { open } from 'node:fs/promises';
import type { Logger } from '../../component.ts';
import { decodeEvents, decodeRecord } from '../record.ts';

export const SEGMENT = /^seg-\d{16}\.dwq2$/;
/** The first format's segments: left unread, reported. */
export const OLD_SEGMENT = /^seg-\d{16}\.dwq$/;

export interface Segment {
  firstSeq: number;
  /** Last seq written into it (firstSeq - 1 when empty). */
  lastSeq: number;
  file: string;
  size: number;
}

export function segmentName(firstSeq: number): string {
  return `seg-${String(firstSeq).padStart(16, '0')}.dwq2`;
}

/** The first seq of a segment file name (`SEGMENT`). */
export function segmentFirstSeq(name: string): number {
  return Number(name.slice(4, 20));
}

export interface SegmentScan {
  lastSeq: number | undefined;
  /** Bytes of whole, valid records (the segment is truncated to this when it is the last one). */
  size: number;
  /** Events after `ackedThrough`, and their bytes. */
  unacked: number;
  unackedBytes: number;
}

export async function scanSegment(
  file: string,
  isLast: boolean,
  ackedThrough: number,
  log: Logger,
): Promise<SegmentScan> {
  const handle = await open(file, 'r+');
  try {
    const buf = await handle.readFile();
    let pos = 0;
    let lastSeq: number | undefined;
    let unacked = 0;
    let unackedBytes = 0;
    while (pos < buf.length) {
      const rec = decodeRecord(buf, pos);
      if (!rec.ok) {
        const what = rec.reason === 'short' ? 'a torn record' : 'a corrupt record (CRC mismatch)';
        if (isLast) {
          log.warn(`disk queue: ${what} at the tail of ${file}; truncating it away`, {
            code: 'QUEUE_CORRUPT',
            offset: pos,
            dropped_bytes: buf.length - pos,
          });
          await handle.truncate(pos);
        } else {
          log.error(`disk queue: ${what} inside ${file}; the rest of this segment is skipped`, {
            code: 'QUEUE_CORRUPT',
            offset: pos,
            skipped_bytes: buf.length - pos,
          });
        }
        return { lastSeq, size: pos, unacked, unackedBytes };
      }
      const recLast = rec.firstSeq + rec.count - 1;
      if (rec.count > 0) lastSeq = recLast;
      if (recLast > ackedThrough) {
        if (rec.firstSeq > ackedThrough) {
          unacked += rec.count;
          unackedBytes += rec.payload.length;
        } else {
          // Partly acknowledged: count the rest exactly.
          for (const e of decodeEvents(rec.firstSeq, rec.count, rec.payload)) {
            if (e.seq <= ackedThrough) continue;
            unacked++;
            unackedBytes += e.bytes;
          }
        }
      }
      pos = rec.next;
    }
    return { lastSeq, size: pos, unacked, unackedBytes };
  } finally {
    await handle.close();
  }
}
