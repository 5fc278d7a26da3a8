import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLine, decodeRaw, LineSplitter } from './lines.ts';

function split(chunks: Buffer[], max = 1024): Array<{ start: number; end: number; text: string; flags: string[] }> {
  const s = new LineSplitter(max, 0);
  const out = [];
  for (const c of chunks) {
    // Reuse one buffer like the harvester does.
    const reused = Buffer.alloc(c.length);
    c.copy(reused);
    for (const l of s.push(reused))
      out.push({ start: l.start, end: l.end, text: l.bytes.toString('utf8'), flags: l.flags });
    reused.fill(0x41);
  }
  return out;
}

describe('LineSplitter', () => {
  it('cuts at newlines, strips CR, keeps byte ranges', () => {
    expect(split([Buffer.from('a\r\nbb\n\nccc')])).toEqual([
      { start: 0, end: 3, text: 'a', flags: [] },
      { start: 3, end: 6, text: 'bb', flags: [] },
      { start: 6, end: 7, text: '', flags: [] },
    ]);
  });

  it('gives the same lines however the bytes are chunked (and survives buffer reuse)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z é]{0,30}$/), { maxLength: 30 }),
        fc.array(fc.nat(40)),
        (lines, cuts) => {
          const text = Buffer.from(lines.map((l) => `${l}\n`).join(''));
          const chunks: Buffer[] = [];
          let pos = 0;
          for (const c of cuts) {
            if (pos >= text.length) break;
            chunks.push(text.subarray(pos, pos + c + 1));
            pos += c + 1;
          }
          if (pos < text.length) chunks.push(text.subarray(pos));
          expect(split(chunks).map((l) => l.text)).toEqual(lines);
        },
      ),
    );
  });

  it('pushText gives exactly what push + decoding gives: any bytes, any chunking, any line limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(Buffer.from('\r\n'), Buffer.from('é\n'))), {
          maxLength: 30,
        }),
        fc.array(fc.nat(50)),
        fc.integer({ min: 4, max: 64 }),
        (parts, cuts, max) => {
          const bytes = Buffer.concat(parts);
          const chunks: Buffer[] = [];
          let pos = 0;
          for (const c of cuts) {
            if (pos >= bytes.length) break;
            chunks.push(bytes.subarray(pos, pos + c + 1));
            pos += c + 1;
          }
          if (pos < bytes.length) chunks.push(bytes.subarray(pos));
          const viaPush = new LineSplitter(max, 0);
          const viaText = new LineSplitter(max, 0);
          const expected = chunks.flatMap((c) => viaPush.push(c).map(decodeRaw));
          const actual = chunks.flatMap((c) => viaText.pushText(c));
          expect(actual.map((l) => ({ ...l, flags: [...l.flags] }))).toEqual(
            expected.map((l) => ({ ...l, flags: [...l.flags] })),
          );
          expect(viaText.pendingStart).toBe(viaPush.pendingStart);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('cuts an over-long line into flagged pieces, nothing dropped, at character boundaries', () => {
    const long = 'é'.repeat(100); // 200 bytes
    const lines = split([Buffer.from(`${long}\nnext\n`)], 64);
    expect(lines.map((l) => l.text).join('')).toBe(`${long}next`);
    expect(lines[0]!.flags).toEqual(['truncated']);
    expect(lines[1]!.flags).toEqual(['truncated', 'continuation']);
    expect(lines.at(-1)!.flags).toEqual([]);
    for (const l of lines) expect(l.text.includes('\ufffd')).toBe(false);
    expect(lines.at(-2)!.end).toBe(Buffer.byteLength(long) + 1);
  });

  it('handles a 10 MB line with bounded pieces', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const s = new LineSplitter(1024 * 1024, 0);
    const pieces = [];
    for (let i = 0; i < big.length; i += 65536) pieces.push(...s.push(big.subarray(i, i + 65536)));
    pieces.push(...s.push(Buffer.from('\n')));
    expect(pieces.length).toBe(11);
    expect(pieces.at(-1)).toMatchObject({ flags: [], bytes: Buffer.alloc(0) });
    expect(pieces.reduce((n, p) => n + p.bytes.length, 0)).toBe(big.length);
    expect(pieces.at(-1)!.end).toBe(big.length + 1);
  });

  it('flush returns the partial last line', () => {
    const s = new LineSplitter(100, 5);
    expect(s.push(Buffer.from('abc'))).toEqual([]);
    expect(s.pendingStart).toBe(5);
    expect(s.flush()?.bytes.toString()).toBe('abc');
  });
});

describe('decodeLine', () => {
  it('replaces invalid UTF-8 and flags it', () => {
    const flags: string[] = [];
    expect(decodeLine(Buffer.from([0x61, 0xff, 0x62]), flags)).toBe('a\ufffdb');
    expect(flags).toEqual(['invalid_utf8']);
    const ok: string[] = [];
    expect(decodeLine(Buffer.from('héllo'), ok)).toBe('héllo');
    expect(ok).toEqual([]);
  });
});
