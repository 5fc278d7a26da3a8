import { describe, expect, it } from 'vitest';
import {
  expandYear,
  fixedOffsetMinutes,
  fractionMs,
  inferYearEpoch,
  isoOrUndefined,
  isValidZone,
  monthIndex,
  wallToEpoch,
} from './calendar.ts';

describe('calendar', () => {
  it('names months in any case, short or long', () => {
    expect(['Jan', 'JAN', 'january', 'Sept', 'Dec'].map(monthIndex)).toEqual([0, 0, 0, 8, 11]);
    expect(monthIndex('Foo')).toBe(-1);
  });

  it('reads fixed offsets and abbreviations', () => {
    expect(['Z', '+0200', '+02:00', '-05', 'GMT+2', 'CEST', 'IST'].map(fixedOffsetMinutes)).toEqual([
      0, 120, 120, -300, 120, 120, 330,
    ]);
    expect(fixedOffsetMinutes('+19:00')).toBeUndefined();
    expect(fixedOffsetMinutes('Europe/Paris')).toBeUndefined();
  });

  it('turns wall-clock time into epoch ms in a fixed, IANA or local zone', () => {
    expect(wallToEpoch(2026, 5, 4, 15, 16, 1, 0, 'UTC')).toBe(Date.UTC(2026, 5, 4, 15, 16, 1));
    expect(wallToEpoch(2026, 5, 4, 15, 16, 1, 0, '+02:00')).toBe(Date.UTC(2026, 5, 4, 13, 16, 1));
    expect(wallToEpoch(2026, 5, 4, 15, 16, 1, 0, 'Europe/Paris')).toBe(Date.UTC(2026, 5, 4, 13, 16, 1)); // CEST
    expect(wallToEpoch(2026, 0, 4, 15, 16, 1, 0, 'Europe/Paris')).toBe(Date.UTC(2026, 0, 4, 14, 16, 1)); // CET
    expect(wallToEpoch(2026, 0, 4, 15, 16, 1, 0, 'local')).toBe(new Date(2026, 0, 4, 15, 16, 1).getTime());
    expect(wallToEpoch(2026, 0, 4, 15, 16, 1, 0, 'Nowhere/Else')).toBeNaN();
    expect(wallToEpoch(2026, 12, 4, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(wallToEpoch(2026, 1, 29, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(wallToEpoch(2026, 3, 31, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(wallToEpoch(2024, 1, 29, 0, 0, 0, 0, 'UTC')).toBe(Date.UTC(2024, 1, 29));
    expect(wallToEpoch(2100, 1, 29, 0, 0, 0, 0, 'UTC')).toBeNaN();
    expect(isValidZone('local') && isValidZone('Asia/Tokyo') && isValidZone('+05:30')).toBe(true);
    expect(isValidZone('Nowhere/Else')).toBe(false);
  });

  it('infers the year closest before now + 1 day, Feb 29 from the last leap year', () => {
    const now = Date.UTC(2026, 10, 25, 12);
    expect(isoOrUndefined(inferYearEpoch(11, 10, 6, 0, 0, 0, 'UTC', now))).toBe('2025-12-10T06:00:00.000Z');
    expect(isoOrUndefined(inferYearEpoch(10, 26, 6, 0, 0, 0, 'UTC', now))).toBe('2026-11-26T06:00:00.000Z');
    expect(isoOrUndefined(inferYearEpoch(1, 29, 0, 0, 0, 0, 'UTC', now))).toBe('2024-02-29T00:00:00.000Z');
  });

  it('expands two-digit years and fractions', () => {
    expect(expandYear(26, Date.UTC(2026, 0))).toBe(2026);
    expect(expandYear(99, Date.UTC(2026, 0))).toBe(1999);
    expect(['5', '123', '123456', undefined].map(fractionMs)).toEqual([500, 123, 123, 0]);
    expect(isoOrUndefined(Number.NaN)).toBeUndefined();
  });
});
