import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KqlPatternPart } from './ast.ts';
import { canonicalCase, compileGlob, matchesGlob } from './glob.ts';

const W = { wildcard: '*' } as const;

/** The old way (wildcard.ts before the linear matcher): an anchored backtracking RegExp. */
function referenceRegex(pattern: readonly KqlPatternPart[], flags = ''): RegExp {
  const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const body = pattern.map((part) => (typeof part === 'string' ? escapeRegex(part) : '[\\s\\S]*')).join('');
  return new RegExp(`^${body}$`, flags);
}

/** The best of five runs, so that a busy machine does not fail a timing bound. */
function timeMs(fn: () => void): number {
  const times = Array.from({ length: 5 }, () => {
    const start = performance.now();
    fn();
    return performance.now() - start;
  });
  return Math.min(...times);
}

describe('compileGlob', () => {
  it('matches literal text, prefixes, suffixes and middles', () => {
    expect(matchesGlob(['web-01'], 'web-01')).toBe(true);
    expect(matchesGlob(['web-01'], 'web-011')).toBe(false);
    expect(matchesGlob(['web-', W], 'web-01')).toBe(true);
    expect(matchesGlob(['web-', W], 'web-')).toBe(true);
    expect(matchesGlob(['web-', W], 'db-01')).toBe(false);
    expect(matchesGlob([W, '.name'], 'host.name')).toBe(true);
    expect(matchesGlob([W, '.name'], 'hostname')).toBe(false);
    expect(matchesGlob([W, 'err', W], 'an error here')).toBe(true);
    expect(matchesGlob([W, 'err', W], 'all fine')).toBe(false);
    expect(matchesGlob([W], '')).toBe(true);
    expect(matchesGlob([W, W], 'anything\nat all')).toBe(true);
    expect(matchesGlob([], '')).toBe(true);
    expect(matchesGlob([], 'x')).toBe(false);
  });

  it('does not let the prefix and the suffix overlap', () => {
    expect(matchesGlob(['ab', W, 'ba'], 'aba')).toBe(false);
    expect(matchesGlob(['ab', W, 'ba'], 'abba')).toBe(true);
    expect(matchesGlob(['a', W, 'a', W, 'a'], 'aa')).toBe(false);
    expect(matchesGlob(['a', W, 'a', W, 'a'], 'aaa')).toBe(true);
    expect(matchesGlob([W, 'ab', W, 'b'], 'ab')).toBe(false);
    expect(matchesGlob([W, 'ab', W, 'b'], 'abb')).toBe(true);
  });

  it('treats regex syntax as literal text', () => {
    expect(matchesGlob(['a.c'], 'abc')).toBe(false);
    expect(matchesGlob(['[a]+', W, '$'], '[a]+\nline$')).toBe(true);
    expect(matchesGlob(['(x|y)?', W], '(x|y)?z')).toBe(true);
    expect(matchesGlob(['(x|y)?', W], 'xz')).toBe(false);
  });

  it('compares case-insensitively like a regex with the i flag', () => {
    const match = compileGlob(['Web-', W, '-ERR'], { caseInsensitive: true });
    expect(match('web-01-err')).toBe(true);
    expect(match('WEB-01-Err')).toBe(true);
    expect(match('web-01-ok')).toBe(false);
    expect(compileGlob(['Web'])('web')).toBe(false);
    // the Kelvin sign upper-cases to itself, not to ASCII K: a regex with `i` keeps them apart
    expect(referenceRegex(['\u212a'], 'i').test('k')).toBe(false);
    expect(compileGlob(['\u212a'], { caseInsensitive: true })('k')).toBe(false);
    expect(compileGlob(['ß', W], { caseInsensitive: true })('ßx')).toBe(true);
    expect(canonicalCase('aÄß🔥')).toBe('AÄß🔥');
  });

  // The brief's worst case. Measured on the development machine with the old backtracking regex
  // (`^[\s\S]*a[\s\S]*a[\s\S]*a[\s\S]*a[\s\S]*a[\s\S]*a[\s\S]*b$`): 1.4 ms for 20 `a`s, 6.6 ms for
  // 30, 108 ms for 40 (issue #16 measured 74 ms); `*a*a*a*a*a*a*b*` over 100 `a`s ran 205 s. The
  // linear matcher answers each of these in microseconds; 50 ms is a bound for a loaded machine.
  it('answers the 6-wildcard worst case in linear time', () => {
    const stars = [W, 'a', W, 'a', W, 'a', W, 'a', W, 'a', W, 'a', W, 'b'];
    const field = 'a'.repeat(40);
    const value = 'a'.repeat(10_000);
    const anchored = compileGlob(stars);
    const open = compileGlob([...stars, W]);
    const caseless = compileGlob([...stars, W], { caseInsensitive: true });
    let answers: boolean[] = [];
    const ms = timeMs(() => {
      answers = [anchored(field), anchored(value), open(field), open(value), caseless(value.toUpperCase())];
    });
    expect(answers).toEqual([false, false, false, false, false]);
    expect(ms).toBeLessThan(50);
    expect(open(`${value}b`)).toBe(true);
  });

  it('stays linear for long middles that almost match', () => {
    const piece = `${'a'.repeat(500)}b`;
    const match = compileGlob([W, piece, W, piece, W]);
    const text = 'a'.repeat(10_000);
    let answer = true;
    const ms = timeMs(() => {
      answer = match(text);
    });
    expect(answer).toBe(false);
    expect(ms).toBeLessThan(50);
  });

  const alphabet = fc.constantFrom('a', 'b', 'A', '.', '*', '\n', 'ß', 'é', 'É', '\u212a', 'k', '🔥');
  const literal = fc.array(alphabet, { maxLength: 3 }).map((chars) => chars.join(''));
  const pattern = fc.array(fc.oneof(literal, fc.constant(W)), { maxLength: 6 });
  const text = fc.array(alphabet, { maxLength: 12 }).map((chars) => chars.join(''));

  it('agrees with the old regex on small inputs', () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(matchesGlob(p, t)).toBe(referenceRegex(p).test(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the old regex with the i flag on small inputs', () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(matchesGlob(p, t, { caseInsensitive: true })).toBe(referenceRegex(p, 'i').test(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with the old regex when the text is built to match', () => {
    const built = pattern.chain((p) =>
      fc
        .array(text, { minLength: p.length, maxLength: p.length })
        .map((fills) => ({ p, t: p.map((part, i) => (typeof part === 'string' ? part : fills[i])).join('') })),
    );
    fc.assert(
      fc.property(built, ({ p, t }) => {
        expect(matchesGlob(p, t)).toBe(true);
        expect(referenceRegex(p).test(t)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
