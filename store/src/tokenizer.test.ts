import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spacedTokens, tokenize, tokenizeUnicode } from './tokenizer.ts';

describe('tokenize', () => {
  it('splits like the standard analyzer on common log text', () => {
    expect(tokenize('Connection refused: 10.0.0.1:8080 user=bob')).toEqual([
      'connection',
      'refused',
      '10.0.0.1',
      '8080',
      'user',
      'bob',
    ]);
    expect(tokenize("foo.bar baz_qux can't 1,000 a:b 1:a ___ _x")).toEqual([
      'foo.bar',
      'baz_qux',
      "can't",
      '1,000',
      'a:b',
      '1',
      'a',
      '_x',
    ]);
    expect(tokenize('Zürich 王伟 🚀')).toEqual(['zürich', '王', '伟', '🚀']);
  });

  it('splits tokens longer than 255 characters', () => {
    expect(tokenize('a'.repeat(300)).map((t) => t.length)).toEqual([255, 45]);
  });

  it('the ASCII fast path agrees with the full Unicode rules', () => {
    const ascii = fc
      .array(fc.constantFrom(...'aZ09_ .,;:\'"-/=@#()\t\nxyz'.split('')), { maxLength: 60 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenizeUnicode(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('spacedTokens joins the tokens between spaces, for any text', () => {
    expect(spacedTokens('GET /api/Orders 200')).toBe(' get api orders 200 ');
    expect(spacedTokens('  -- ')).toBe('  ');
    expect(spacedTokens('')).toBe('  ');
    expect(spacedTokens('x')).toBe(' x ');
    const text = fc
      .array(
        fc.oneof(
          fc.constantFrom(...'aZ09_ .,;:\'"-/=@#()\t\nxyzK\u212a\u00e9\u4e00'.split('')),
          fc.constant('q'.repeat(254)),
          fc.constant('7'.repeat(256)),
        ),
        { maxLength: 40 },
      )
      .map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(spacedTokens(t)).toBe(` ${tokenize(t).join(' ')} `);
      }),
      { numRuns: 3000 },
    );
  });
});
