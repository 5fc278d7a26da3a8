import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import { isRelativeTime, parseTime, resolveTimeRange } from './parse-time.ts';

// Wednesday 2024-05-15 13:47:25.123 UTC
const NOW = new Date('2024-05-15T13:47:25.123Z');

function iso(expr: string, roundUp = false): string {
  return parseTime(expr, NOW, roundUp).toISOString();
}

describe('parseTime: absolute', () => {
  const cases: Array<[string, string]> = [
    ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01T10:00:00.5Z', '2024-05-01T10:00:00.500Z'],
    ['2024-05-01T10:00:00.123456789Z', '2024-05-01T10:00:00.123Z'],
    ['2024-05-01T10:00:00+02:00', '2024-05-01T08:00:00.000Z'],
    ['2024-05-01T10:00:00-0530', '2024-05-01T15:30:00.000Z'],
    ['2024-05-01T10:00:00+02', '2024-05-01T08:00:00.000Z'],
    ['2024-05-01T10:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01 10:00:00', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01t10:00:00z', '2024-05-01T10:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05', '2024-05-01T00:00:00.000Z'],
    ['2024', '2024-01-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    ['2024-05-01T24:00:00Z', '2024-05-02T00:00:00.000Z'],
    ['  2024-05-01T10:00:00Z  ', '2024-05-01T10:00:00.000Z'],
    ['1714557600000', '2024-05-01T10:00:00.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    ['-1000', '1969-12-31T23:59:59.000Z'],
  ];
  for (const [expr, expected] of cases) {
    it(`parses ${JSON.stringify(expr)}`, () => {
      expect(iso(expr)).toBe(expected);
    });
  }

  it('does not round absolute dates without /unit, even with roundUp', () => {
    expect(iso('2024-05-01', true)).toBe('2024-05-01T00:00:00.000Z');
  });

  it('interprets zone-less dates in local time when asked', () => {
    const local = parseTime('2024-05-01T10:00:00', NOW, false, { timeZone: 'local' });
    expect(local.getTime()).toBe(new Date(2024, 4, 1, 10, 0, 0).getTime());
  });
});

describe('parseTime: date math', () => {
  const cases: Array<[string, boolean, string]> = [
    ['now', false, '2024-05-15T13:47:25.123Z'],
    [' now ', false, '2024-05-15T13:47:25.123Z'],
    ['now-15m', false, '2024-05-15T13:32:25.123Z'],
    ['now+15m', false, '2024-05-15T14:02:25.123Z'],
    ['now-30s', false, '2024-05-15T13:46:55.123Z'],
    ['now-1h', false, '2024-05-15T12:47:25.123Z'],
    ['now-1H', false, '2024-05-15T12:47:25.123Z'],
    ['now-1d', false, '2024-05-14T13:47:25.123Z'],
    ['now-1w', false, '2024-05-08T13:47:25.123Z'],
    ['now-1M', false, '2024-04-15T13:47:25.123Z'],
    ['now-1y', false, '2023-05-15T13:47:25.123Z'],
    ['now-h', false, '2024-05-15T12:47:25.123Z'],
    ['now-1h/h', false, '2024-05-15T12:00:00.000Z'],
    ['now-1h/h', true, '2024-05-15T12:59:59.999Z'],
    ['now/d', false, '2024-05-15T00:00:00.000Z'],
    ['now/d', true, '2024-05-15T23:59:59.999Z'],
    ['now-7d/d', false, '2024-05-08T00:00:00.000Z'],
    ['now-7d/d', true, '2024-05-08T23:59:59.999Z'],
    ['now/w', false, '2024-05-13T00:00:00.000Z'],
    ['now/w', true, '2024-05-19T23:59:59.999Z'],
    ['now/M', false, '2024-05-01T00:00:00.000Z'],
    ['now/M', true, '2024-05-31T23:59:59.999Z'],
    ['now/y', false, '2024-01-01T00:00:00.000Z'],
    ['now/y', true, '2024-12-31T23:59:59.999Z'],
    ['now/m', false, '2024-05-15T13:47:00.000Z'],
    ['now/s', true, '2024-05-15T13:47:25.999Z'],
    ['now/d+1h', false, '2024-05-15T01:00:00.000Z'],
    ['now-1d/d-1h', false, '2024-05-13T23:00:00.000Z'],
    ['2024-01-31||+1M', false, '2024-02-29T00:00:00.000Z'],
    ['2023-01-31||+1M', false, '2023-02-28T00:00:00.000Z'],
    ['2024-02-29||+1y', false, '2025-02-28T00:00:00.000Z'],
    ['2024-05-01T10:30:00Z||/h', false, '2024-05-01T10:00:00.000Z'],
    ['2024-05-01||+1M/d', true, '2024-06-01T23:59:59.999Z'],
    ['1714557600000||-1d', false, '2024-04-30T10:00:00.000Z'],
    ['now-14M', false, '2023-03-15T13:47:25.123Z'],
    ['now+13M', false, '2025-06-15T13:47:25.123Z'],
  ];
  for (const [expr, roundUp, expected] of cases) {
    it(`evaluates ${expr}${roundUp ? ' (roundUp)' : ''}`, () => {
      expect(iso(expr, roundUp)).toBe(expected);
    });
  }

  it('rounds in local time when asked', () => {
    const start = parseTime('now/d', NOW, false, { timeZone: 'local' });
    const expected = new Date(NOW.getFullYear(), NOW.getMonth(), NOW.getDate()).getTime();
    expect(start.getTime()).toBe(expected);
  });

  it('isRelativeTime', () => {
    expect(isRelativeTime('now-15m')).toBe(true);
    expect(isRelativeTime('2024-05-01')).toBe(false);
  });
});

describe('parseTime: invalid input', () => {
  const bad = [
    '',
    '   ',
    'yesterday',
    'now-',
    'now-15',
    'now-15x',
    'now/',
    'now/q',
    'now*2',
    'now - 15m',
    'nowish',
    '2024-13-01',
    '2024-02-30',
    '2023-02-29',
    '2024-05-01T25:00:00Z',
    '2024-05-01T10:60:00Z',
    '2024-05-01T10:00:61Z',
    '2024-05-01T24:00:01Z',
    '2024-05-01T10:00:00+25:00',
    '2024-05-01Z',
    '2024-5-1',
    '12345678901234567890',
    '2024-05-01||',
    '2024-05-01||x',
    'now-9999999999y',
    'now+99999999y',
  ];
  for (const expr of bad) {
    it(`rejects ${JSON.stringify(expr)} with INPUT_INVALID`, () => {
      let caught: unknown;
      try {
        parseTime(expr, NOW);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DriftwoodError);
      expect((caught as DriftwoodError).code).toBe('INPUT_INVALID');
      expect((caught as DriftwoodError).message).toContain('Invalid time expression');
    });
  }

  it('rejects an invalid "now"', () => {
    expect(() => parseTime('now', new Date(Number.NaN))).toThrow(DriftwoodError);
  });

  it('never throws anything but INPUT_INVALID and never returns an invalid date', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc
            .array(fc.constantFrom('now', '-', '+', '/', '1', '99', 'd', 'M', 'y', 'h', '||', '2024-01-01', 'T', 'Z'), {
              maxLength: 8,
            })
            .map((p) => p.join('')),
        ),
        fc.boolean(),
        (expr, roundUp) => {
          try {
            const date = parseTime(expr, NOW, roundUp);
            expect(Number.isFinite(date.getTime())).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(DriftwoodError);
            expect((error as DriftwoodError).code).toBe('INPUT_INVALID');
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('rounding is monotonic: start of unit <= t <= end of unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 4e12 }),
        fc.constantFrom('y', 'M', 'w', 'd', 'h', 'm', 's'),
        (t, unit) => {
          const now = new Date(t);
          const down = parseTime(`now/${unit}`, now).getTime();
          const up = parseTime(`now/${unit}`, now, true).getTime();
          expect(down).toBeLessThanOrEqual(t);
          expect(up).toBeGreaterThanOrEqual(t);
          expect(parseTime(`now/${unit}`, new Date(down)).getTime()).toBe(down);
          expect(parseTime(`now/${unit}`, new Date(up + 1)).getTime()).toBe(up + 1);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('resolveTimeRange', () => {
  const now = new Date('2026-12-02T10:30:00.000Z');
  it('includes the end, as Discover does: yesterday is the whole of yesterday', () => {
    expect(resolveTimeRange('now-1d/d', 'now-1d/d', now)).toEqual({
      from: Date.parse('2026-12-01T00:00:00.000Z'),
      to: Date.parse('2026-12-02T00:00:00.000Z'),
    });
    // an absolute end includes its millisecond
    expect(resolveTimeRange('2026-12-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z', now).to).toBe(
      Date.parse('2026-12-01T05:00:00.001Z'),
    );
  });
  it('takes either end alone', () => {
    expect(resolveTimeRange(undefined, undefined, now)).toEqual({});
    expect(resolveTimeRange('now-15m', undefined, now)).toEqual({ from: now.getTime() - 900_000 });
    expect(resolveTimeRange(undefined, 'now', now)).toEqual({ to: now.getTime() + 1 });
  });
  it('refuses a range that ends before it starts', () => {
    expect(() => resolveTimeRange('now', 'now-1h', now)).toThrow(/before its end/);
  });
});
