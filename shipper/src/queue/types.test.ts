import { describe, expect, it } from 'vitest';
import { docText, documentText, packDocuments, piecesByteLength, piecesLength, Signal } from './types.ts';

describe('queue types', () => {
  it('serializes documents once into one buffer: JSON lines, pieces written in order, bytes per line', () => {
    const events = [
      { id: 'a', source: 's', key: 'k', position: 7, doc: { message: 'é' } },
      { id: 'b', source: 's', json: ['{"message":', '"x"}'] },
    ];
    const { data, queued, end } = packDocuments(events, 4, 2);
    expect(data.length).toBe(end + 2);
    expect(data.subarray(4, end).toString()).toBe('{"message":"é"}\n{"message":"x"}\n');
    expect(queued.map(docText)).toEqual(['{"message":"é"}', '{"message":"x"}']);
    expect(queued[0]).toMatchObject({
      id: 'a',
      key: 'k',
      position: 7,
      bytes: Buffer.byteLength('{"message":"é"}') + 1,
    });
    expect(queued[1]?.key).toBeUndefined();
    expect(documentText(events[1] as never)).toBe('{"message":"x"}');
  });

  it('measures pieces in code units and in UTF-8 bytes', () => {
    expect(piecesLength(['ab', 'é'])).toBe(3);
    expect(piecesByteLength(['ab', 'é'])).toBe(4);
    expect(piecesByteLength('€')).toBe(3);
  });

  it('Signal wakes every waiter on notify, and a waiter on abort', async () => {
    const s = new Signal();
    const a = s.wait();
    const b = s.wait();
    s.notify();
    await Promise.all([a, b]);
    const abort = new AbortController();
    const c = s.wait(abort.signal);
    abort.abort();
    await c;
  });
});
