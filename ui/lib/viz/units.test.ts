import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCompact,
  formatDurationMs,
  formatTick,
  formatTime,
  formatUnit,
  valueAxisWidth,
} from './units.ts';

describe('units', () => {
  it('formats bytes in powers of 1024', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1,023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5 MiB');
    expect(formatBytes(300 * 1024 ** 3)).toBe('300 GiB');
    expect(formatBytes(2.25 * 1024 ** 4)).toBe('2.3 TiB');
  });

  it('formats durations for humans, from ns, ms and s', () => {
    expect(formatUnit(850_000, 'ns')).toBe('850 µs');
    expect(formatUnit(12_340_000, 'ns')).toBe('12.3 ms');
    expect(formatUnit(120, 'ns')).toBe('120 ns');
    expect(formatUnit(1500, 'ms')).toBe('1.5 s');
    expect(formatUnit(125, 's')).toBe('2m 05s');
    expect(formatUnit(3 * 3600 + 600, 's')).toBe('3h 10m');
    expect(formatUnit(2 * 86_400 + 4 * 3600, 's')).toBe('2d 4h');
    expect(formatDurationMs(0)).toBe('0 s');
  });

  it('formats percent, numbers and no value', () => {
    expect(formatUnit(12.345, 'percent')).toBe('12.3 %');
    expect(formatUnit(1234567, 'number')).toBe('1,234,567');
    expect(formatUnit(0.5, undefined)).toBe('0.5');
    expect(formatUnit(null, 'bytes')).toBe('—');
  });

  it('formats table times on one line, local', () => {
    expect(formatTime(new Date(2026, 4, 6, 7, 8, 9).getTime())).toBe('2026-05-06 07:08:09');
  });

  it('gives short axis ticks', () => {
    expect(formatCompact(1500)).toBe('1.5k');
    expect(formatCompact(2_000_000)).toBe('2M');
    expect(formatTick(40, 'percent')).toBe('40%');
    expect(formatTick(2048, 'bytes')).toBe('2 KiB');
    expect(formatTick(250, 'ms')).toBe('250 ms');
  });
});

describe('valueAxisWidth', () => {
  it('is wide enough for the longest tick on one line, and no wider than it needs', () => {
    // "11.4 MiB" (the Data volume panel's top tick wrapped in 56 px)
    expect(formatTick(11.4 * 2 ** 20, 'bytes')).toBe('11.4 MiB');
    expect(valueAxisWidth([0, 9e6, 11.4 * 2 ** 20], 'bytes')).toBeGreaterThanOrEqual(8 * 7 + 12);
    expect(valueAxisWidth([0, 40, 80], 'percent')).toBeLessThanOrEqual(5 * 7 + 12); // "26.7%"
    expect(valueAxisWidth([3, 380], undefined)).toBeLessThanOrEqual(5 * 7 + 12);
    // negative values get their sign; nothing finite → the narrowest
    expect(valueAxisWidth([-1_500_000, 0], undefined)).toBeGreaterThan(valueAxisWidth([1_500_000], undefined) - 1);
    expect(valueAxisWidth([Number.NaN], 'bytes')).toBe(40);
    expect(valueAxisWidth([1e30], undefined)).toBe(110);
  });
});
