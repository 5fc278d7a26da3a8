import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Frame, SyslogFramer } from './framer.ts';

describe('SyslogFramer', () => {
  const texts = (frames: Frame[]) => frames.map((f) => f.data.toString());

  it('frames octet-counted and newline messages, auto-detected per frame, across chunk borders', () => {
    const f = new SyslogFramer(1024);
    const stream = Buffer.from('11 <13>1 - - -\n<13>line one\r\n5 hello13 <13>two\nthree\n<14>tail');
    const out: Frame[] = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...f.push(stream.subarray(i, i + 3)));
    out.push(...f.end());
    expect(texts(out)).toEqual(['<13>1 - - -', '<13>line one', 'hello', '<13>two\nthree', '<14>tail']);
  });

  it('cuts over-long frames, skips their tail, and reports the full size', () => {
    const f = new SyslogFramer(64);
    const big = 'x'.repeat(200);
    const out = [
      ...f.push(Buffer.from(`200 ${big}`)),
      ...f.push(Buffer.from(`${big}\n`)),
      ...f.push(Buffer.from('ok\n')),
    ];
    expect(out.map((o) => [o.data.length, o.size, o.truncated])).toEqual([
      [64, 200, true],
      [64, 200, true],
      [2, 2, false],
    ]);
  });

  it('never throws and never returns a frame over max (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }),
        fc.integer({ min: 64, max: 300 }),
        (chunks, max) => {
          const f = new SyslogFramer(max);
          const out = [...chunks.flatMap((c) => f.push(Buffer.from(c))), ...f.end()];
          for (const frame of out) expect(frame.data.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
