import { describe, expect, it } from 'vitest';
import { trimPartialUtf8 } from './utf8.ts';

describe('trimPartialUtf8', () => {
  it('drops a cut multi-byte sequence at the end and keeps whole ones', () => {
    const e = Buffer.from('aé'); // 61 c3 a9
    expect(trimPartialUtf8(e.subarray(0, 2)).toString()).toBe('a');
    expect(trimPartialUtf8(e).toString()).toBe('aé');
    const euro = Buffer.from('x€'); // 78 e2 82 ac
    expect(trimPartialUtf8(euro.subarray(0, 3)).toString()).toBe('x');
    expect(trimPartialUtf8(euro.subarray(0, 2)).toString()).toBe('x');
    const emoji = Buffer.from('y😀'); // 79 f0 9f 98 80
    expect(trimPartialUtf8(emoji.subarray(0, 4)).toString()).toBe('y');
    expect(trimPartialUtf8(emoji).toString()).toBe('y😀');
  });

  it('leaves ASCII, empty and continuation-only buffers alone', () => {
    expect(trimPartialUtf8(Buffer.from('abc')).toString()).toBe('abc');
    expect(trimPartialUtf8(Buffer.alloc(0)).length).toBe(0);
    expect(trimPartialUtf8(Buffer.from([0x80, 0x80])).length).toBe(2);
  });
});
