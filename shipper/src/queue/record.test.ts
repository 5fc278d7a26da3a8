import { describe, expect, it } from 'vitest';
import { decodeEvents, decodeRecord, encodeRecord, HEADER, recordLength } from './record.ts';
import { docText } from './types.ts';

const events = [
  { id: 'a', source: 's', key: 'k1', doc: { message: 'één' } },
  { id: 'b', source: 's', json: ['{"message":', '"two"}'] },
];

describe('queue records', () => {
  it('round-trips a batch: seq, ids, keys, document text; a seq over 2^32 too', () => {
    const first = 2 ** 32 + 5;
    const { record, queued } = encodeRecord(first, events);
    expect(queued.map((e) => e.seq)).toEqual([first, first + 1]);
    expect(recordLength(record, 0)).toBe(record.length); // header included
    const d = decodeRecord(record, 0);
    if (!d.ok) throw new Error(d.reason);
    expect(d).toMatchObject({ firstSeq: first, count: 2, next: record.length });
    const back = decodeEvents(d.firstSeq, d.count, d.payload);
    expect(back.map((e) => [e.seq, e.id, e.source, e.key])).toEqual([
      [first, 'a', 's', 'k1'],
      [first + 1, 'b', 's', undefined],
    ]);
    expect(back.map(docText)).toEqual(['{"message":"één"}', '{"message":"two"}']);
  });
  it('tells a short record from a corrupt one', () => {
    const { record } = encodeRecord(1, events);
    expect(decodeRecord(record.subarray(0, 10), 0)).toEqual({ ok: false, reason: 'short' });
    expect(decodeRecord(record.subarray(0, record.length - 1), 0)).toEqual({ ok: false, reason: 'short' });
    const flipped = Buffer.from(record);
    flipped[HEADER + 3] = (flipped[HEADER + 3] as number) ^ 1;
    expect(decodeRecord(flipped, 0)).toEqual({ ok: false, reason: 'corrupt' });
  });
});
