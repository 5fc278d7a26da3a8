import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../log.ts';
import { encodeRecord } from '../record.ts';
import { OLD_SEGMENT, SEGMENT, scanSegment, segmentFirstSeq, segmentName } from './segments.ts';

describe('segments', () => {
  it('names a segment by its first seq, and reads it back', () => {
    expect(segmentName(42)).toBe('seg-0000000000000042.dwq2');
    expect(SEGMENT.test(segmentName(42))).toBe(true);
    expect(OLD_SEGMENT.test('seg-0000000000000042.dwq')).toBe(true);
    expect(segmentFirstSeq(segmentName(9_007_199_254_740))).toBe(9_007_199_254_740);
  });

  it('scans a segment: last seq, unacknowledged count (partly acknowledged records exactly), a torn tail cut', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'seg-'));
    const ev = (id: string) => ({ id, source: 's', doc: { message: id } });
    const a = encodeRecord(1, [ev('a'), ev('b'), ev('c')], (n) => Buffer.alloc(n)).record;
    const b = encodeRecord(4, [ev('d')], (n) => Buffer.alloc(n)).record;
    const file = path.join(dir, segmentName(1));
    await writeFile(file, Buffer.concat([a, b, b.subarray(0, 5)]));
    const log = memoryLogger();
    const scan = await scanSegment(file, true, 2, log);
    expect(scan).toMatchObject({ lastSeq: 4, size: a.length + b.length, unacked: 2 });
    expect(log.lines[0]?.message).toMatch(/torn record at the tail/);
    const again = await scanSegment(file, true, 0, log);
    expect(again).toMatchObject({ lastSeq: 4, size: a.length + b.length, unacked: 4 });
    expect(log.lines).toHaveLength(1); // truncated the first time
  });
});
