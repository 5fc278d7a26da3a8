import { DriftwoodError, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema } from './date.ts';
import { compileFormat } from './date-formats.ts';

const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const iso = (layout: string, text: string, zone = 'UTC') => {
  const t = compileFormat(layout).parse(text, zone, now);
  return t === undefined ? undefined : new Date(t.ms).toISOString();
};

describe('date', () => {
  it('parses the common layouts', () => {
    expect(iso('ISO8601', '2024-05-01T10:00:00.123456+02:00')).toBe('2024-05-01T08:00:00.123Z');
    expect(iso('ISO8601', '2024-05-01 10:00:00,5')).toBe('2024-05-01T10:00:00.500Z');
    expect(iso('HTTPDATE', '10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(iso('dd/MMM/yyyy:HH:mm:ss Z', '10/Oct/2000:13:55:36 -0700')).toBe('2000-10-10T20:55:36.000Z');
    expect(iso('yyyy-MM-dd HH:mm:ss,SSS', '2015-07-29 17:41:44,747')).toBe('2015-07-29T17:41:44.747Z');
    expect(iso('yyMMdd HHmmss', '081109 203615')).toBe('2008-11-09T20:36:15.000Z');
    expect(iso('UNIX', '1700000000.5')).toBe('2023-11-14T22:13:20.500Z');
    expect(iso('UNIX_MS', '1700000000123')).toBe('2023-11-14T22:13:20.123Z');
    expect(iso('RFC3164', 'Jun 14 15:16:01')).toBe('2026-06-14T15:16:01.000Z');
    expect(iso('MMM d HH:mm:ss', 'Dec 10 06:55:46')).toBe('2025-12-10T06:55:46.000Z');
    expect(iso('EEE MMM dd HH:mm:ss yyyy', 'Sun Dec 04 04:47:44 2005')).toBe('2005-12-04T04:47:44.000Z');
    expect(iso('yyyy-MM-dd HH:mm:ss', '2024-07-01 12:00:00', 'America/New_York')).toBe('2024-07-01T16:00:00.000Z');
    expect(iso('yyyy-MM-dd HH:mm:ss', '2024-01-01 12:00:00', 'America/New_York')).toBe('2024-01-01T17:00:00.000Z');
    expect(iso('yyyy-MM-dd HH:mm:ss ZZZ', '2024-01-01 12:00:00 Asia/Tokyo')).toBe('2024-01-01T03:00:00.000Z');
    expect(iso('MM/dd/yyyy hh:mm:ss a', '03/15/2024 01:30:00 PM')).toBe('2024-03-15T13:30:00.000Z');
    expect(iso('yyyy-MM-dd', '2024-02-30')).toBeUndefined();
  });

  it('sets @timestamp, tags inference and failures', () => {
    const run = build(
      configSchema.parse({ field: 'ts', formats: ['yyyy-MM-dd HH:mm:ss,SSS', 'RFC3164'], remove_field: true }),
    );
    const a: LogDocument = { ts: '2015-07-29 17:41:44,747' };
    run(a, { now });
    expect(a).toEqual({ '@timestamp': '2015-07-29T17:41:44.747Z' });
    const b: LogDocument = { ts: 'Jun 14 15:16:01' };
    run(b, { now });
    expect(b).toEqual({ '@timestamp': '2026-06-14T15:16:01.000Z', tags: ['_timestamp_year_inferred'] });
    const c: LogDocument = { ts: 'yesterday' };
    run(c, { now });
    expect(c).toEqual({ ts: 'yesterday', tags: ['_dateparsefailure'] });
  });

  it('rejects an unknown zone at build time', () => {
    expect(() => build(configSchema.parse({ timezone: 'Mars/Olympus' }))).toThrow(DriftwoodError);
  });
});
