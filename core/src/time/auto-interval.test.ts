import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import { autoInterval, formatInterval, NICE_INTERVALS, parseInterval } from './auto-interval.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('autoInterval', () => {
  const cases: Array<[span: number, label: string]> = [
    [0, '1ms'],
    [10 * S, '500ms'],
    [50 * S, '1s'],
    [1 * M, '5s'],
    [15 * M, '30s'],
    [30 * M, '1m'],
    [1 * H, '5m'],
    [4 * H, '5m'],
    [6 * H, '10m'],
    [24 * H, '30m'],
    [2 * D, '1h'],
    [7 * D, '12h'],
    [30 * D, '1d'],
    [90 * D, '7d'],
    [365 * D, '30d'],
    [5 * 365 * D, '365d'],
    [100 * 365 * D, '730d'],
  ];
  for (const [span, label] of cases) {
    it(`picks ${label} for a span of ${span} ms`, () => {
      const from = Date.UTC(2024, 0, 1);
      const interval = autoInterval(from, from + span);
      expect(interval.label).toBe(label);
      expect(interval.ms).toBe(parseInterval(label));
    });
  }

  it('honours targetBuckets and ignores the order of the ends', () => {
    expect(autoInterval(0, 24 * H, 24).label).toBe('1h');
    expect(autoInterval(24 * H, 0, 24).label).toBe('1h');
    expect(autoInterval(0, 24 * H, 1000).label).toBe('5m');
  });

  it('rejects bad input with INPUT_INVALID', () => {
    expect(() => autoInterval(Number.NaN, 0)).toThrow(DriftwoodError);
    expect(() => autoInterval(0, Number.POSITIVE_INFINITY)).toThrow(DriftwoodError);
    expect(() => autoInterval(0, 1000, 0)).toThrow(DriftwoodError);
  });

  it('never yields more than targetBuckets buckets and is a nice interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 1, max: 500 }), (span, target) => {
        const { ms, label } = autoInterval(0, span, target);
        expect(span / ms).toBeLessThanOrEqual(target);
        const nice = NICE_INTERVALS.some((i) => i.label === label) || ms % (365 * D) === 0;
        expect(nice).toBe(true);
      }),
    );
  });
});

describe('parseInterval / formatInterval', () => {
  it('parses fixed intervals', () => {
    expect(parseInterval('500ms')).toBe(500);
    expect(parseInterval('30s')).toBe(30 * S);
    expect(parseInterval('5m')).toBe(5 * M);
    expect(parseInterval(' 1h ')).toBe(H);
    expect(parseInterval('7d')).toBe(7 * D);
    expect(parseInterval('2w')).toBe(14 * D);
    expect(parseInterval('1.5h')).toBe(90 * M);
  });
  it('rejects bad intervals', () => {
    for (const bad of ['', '5', 'm', '5x', '0s', '-5m', '1M', '1y']) {
      expect(() => parseInterval(bad)).toThrow(DriftwoodError);
    }
  });
  it('formats with the largest whole unit', () => {
    expect(formatInterval(5 * M)).toBe('5m');
    expect(formatInterval(90 * S)).toBe('90s');
    expect(formatInterval(14 * D)).toBe('2w');
    expect(formatInterval(1500)).toBe('1500ms');
    expect(formatInterval(3 * H)).toBe('3h');
  });
});
