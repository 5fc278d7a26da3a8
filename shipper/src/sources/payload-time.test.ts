import { describe, expect, it } from 'vitest';
import { parseTime } from './payload-time.ts';

describe('parseTime', () => {
  it('reads epoch ms (number or digits) and date strings', () => {
    expect(parseTime(1700000000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTime('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTime('2024-01-02T03:04:05+01:00')).toBe('2024-01-02T02:04:05.000Z');
  });
  it('is undefined for what is not a time', () => {
    for (const v of [undefined, '', 'soon', true, null, { a: 1 }, 9e15, Number.NaN])
      expect(parseTime(v as never)).toBeUndefined();
  });
});
