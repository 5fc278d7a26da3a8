import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from './suggest.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('paths', 'pathz')).toBe(1);
    expect(editDistance('listen', 'lisetn')).toBe(2);
  });

  it('is symmetric', () => {
    for (const [a, b] of [
      ['flaw', 'lawn'],
      ['output', 'outputs'],
      ['x', 'yyyy'],
    ] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe('didYouMean', () => {
  const keys = ['paths', 'exclude', 'start_at', 'fingerprint_bytes', 'multiline'];

  it('suggests the closest candidate, ignoring case, keeping its spelling', () => {
    expect(didYouMean('pathz', keys)).toBe('paths');
    expect(didYouMean('EXCLUDE', keys)).toBe('exclude');
    expect(didYouMean('fingerprint_byte', keys)).toBe('fingerprint_bytes');
    expect(didYouMean('Disc', ['Disk', 'memory'])).toBe('Disk');
  });

  it('suggests nothing when no candidate is close enough (max(2, length/3) edits)', () => {
    expect(didYouMean('colour', keys)).toBeUndefined();
    expect(didYouMean('x', [])).toBeUndefined();
    // 2 edits are always allowed, even for a short word.
    expect(didYouMean('ab', ['abcd'])).toBe('abcd');
    expect(didYouMean('ab', ['abcde'])).toBeUndefined();
    // A long word allows a third of its length.
    expect(didYouMean('multilinexxx', keys)).toBe('multiline');
    expect(didYouMean('multilinexxxxxxx', keys)).toBeUndefined();
  });

  it('takes the first of equally close candidates', () => {
    expect(didYouMean('cat', ['bat', 'hat'])).toBe('bat');
  });
});
