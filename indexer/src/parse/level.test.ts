import { describe, expect, it } from 'vitest';
import { isLevelWord, normalizeLevel } from './level.ts';

describe('normalizeLevel', () => {
  it('maps every logger’s words and numbers to one closed set', () => {
    const cases: Array<[unknown, string]> = [
      ['WARNING', 'warn'],
      ['Information', 'info'],
      ['notice', 'info'],
      ['SEVERE', 'error'],
      ['crit', 'fatal'],
      ['emerg', 'fatal'],
      ['finest', 'trace'],
      ['  debug ', 'debug'],
      [30, 'info'],
      [60, 'fatal'],
      ['50', 'error'],
    ];
    for (const [input, level] of cases) expect(normalizeLevel(input), String(input)).toBe(level);
  });

  it('keeps unknown words lower-cased and unknown numbers as text, drops empty or absent', () => {
    expect(normalizeLevel('Custom')).toBe('custom');
    expect(normalizeLevel(35)).toBe('35');
    expect(normalizeLevel('7')).toBe('7');
    for (const v of ['', '   ', undefined, null, {}, Number.NaN, 'x'.repeat(33)])
      expect(normalizeLevel(v)).toBeUndefined();
  });

  it('knows level words for the auto pipeline', () => {
    expect(isLevelWord('ERROR')).toBe(true);
    expect(isLevelWord('e')).toBe(false);
    expect(isLevelWord('hello')).toBe(false);
  });
});
