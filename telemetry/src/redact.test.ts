import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './redact.ts';

/** The regex redactText used before it became a scanner: the reference for its answers (quadratic time). */
const regexRedact = (text: string): string => text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']*@/gi, '$1');

describe('redact', () => {
  it('removes the userinfo of a URL, and leaves a URL without one alone', () => {
    expect(redactUrl('http://u:p@127.0.0.1:9200/_bulk')).toBe('http://127.0.0.1:9200/_bulk');
    expect(redactUrl('http://127.0.0.1:9200/_bulk')).toBe('http://127.0.0.1:9200/_bulk');
    expect(redactUrl('not a url user:pw@x')).toBe('not a url user:pw@x');
  });
  it('removes the userinfo of every URL in a text', () => {
    expect(redactText('a https://admin:hunter2@10.0.0.1:9200/x and mqtt://me:pw@broker:1883 b')).toBe(
      'a https://10.0.0.1:9200/x and mqtt://broker:1883 b',
    );
  });
  it('keeps text without a URL userinfo as it is, and handles URLs glued together', () => {
    expect(redactText('')).toBe('');
    expect(redactText('no url here: a@b, x://, //@')).toBe('no url here: a@b, x://, //@');
    expect(redactText('_http://u:p@h stays (no word boundary)')).toBe('_http://u:p@h stays (no word boundary)');
    expect(redactText('x-y.z+http://u:p@h')).toBe('x-y.z+http://h');
    expect(redactText('http://a://u:p@h')).toBe('http://a://h');
    expect(redactText('git+ssh://git@github.com:x/y "s3://k:s@b"')).toBe('git+ssh://github.com:x/y "s3://b"');
    expect(redactText('HTTP://A:B@h 1http://u@h')).toBe('HTTP://h 1http://u@h');
  });

  it('answers as the former regex did, on texts made of URL-like pieces', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '1',
      '_',
      '+',
      '.',
      '-',
      ':',
      '/',
      '://',
      '@',
      ' ',
      '\t',
      '\u00a0',
      '"',
      "'",
      'http',
      'x://u:p@',
      'é',
      '\n',
    );
    const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(redactText(t)).toBe(regexRedact(t));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (t) => {
        expect(redactText(t)).toBe(regexRedact(t));
      }),
      { numRuns: 1000 },
    );
  });

  it('takes linear time: 100,000 characters of adversarial text in under 50 ms', () => {
    const inputs = [
      'a.'.repeat(50_000),
      'a'.repeat(100_000),
      `${'a'.repeat(99_990)}://`,
      `http://${'a'.repeat(99_990)}`,
      'a://'.repeat(25_000),
      'a://@'.repeat(20_000),
    ];
    for (const input of inputs) {
      // the fastest of three: a loaded machine's pauses only make a run slower
      let ms = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        redactText(input);
        ms = Math.min(ms, performance.now() - started);
      }
      expect(ms, `${input.slice(0, 12)}… took ${ms.toFixed(1)} ms`).toBeLessThan(50);
    }
  });
});
