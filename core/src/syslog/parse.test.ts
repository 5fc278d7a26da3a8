import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema, parseSyslog } from './syslog.ts';

const now = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('syslog', () => {
  it('parses RFC 5424 with structured data', () => {
    const doc: LogDocument = {};
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][x@1 a="b\\"c"] An application event log entry...';
    expect(parseSyslog(line, doc, { now, timezone: 'UTC' })).toBe(true);
    expect(doc).toEqual({
      log: {
        syslog: {
          priority: 165,
          facility: { code: 20, name: 'local4' },
          severity: { code: 5, name: 'notice' },
          version: '1',
          appname: 'evntslog',
          procid: '1234',
          msgid: 'ID47',
          structured_data: {
            'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
            'x@1': { a: 'b"c' },
          },
        },
        level: 'info',
      },
      '@timestamp': '2003-10-11T22:14:15.003Z',
      host: { hostname: 'mymachine.example.com', name: 'mymachine.example.com' },
      process: { name: 'evntslog', pid: 1234 },
      message: 'An application event log entry...',
    });
  });

  it('parses RFC 3164 with PRI and infers the year', () => {
    const doc: LogDocument = {};
    expect(
      parseSyslog("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", doc, {
        now,
        timezone: 'UTC',
      }),
    ).toBe(true);
    expect(doc).toMatchObject({
      '@timestamp': '2026-10-11T22:14:15.000Z',
      log: { level: 'fatal', syslog: { facility: { code: 4, name: 'auth' }, severity: { code: 2, name: 'critical' } } },
      host: { hostname: 'mymachine' },
      process: { name: 'su' },
      message: "'su root' failed for lonvick on /dev/pts/8",
      tags: ['_timestamp_year_inferred'],
    });
    // December seen in late November belongs to last year... unless within a day ahead.
    const dec: LogDocument = {};
    parseSyslog('Dec 10 06:55:46 LabSZ sshd[24200]: hi', dec, { now, timezone: 'UTC' });
    expect(dec['@timestamp']).toBe('2025-12-10T06:55:46.000Z');
    const tomorrow: LogDocument = {};
    parseSyslog('Nov 26 06:00:00 h p: x', tomorrow, { now, timezone: 'UTC' });
    expect(tomorrow['@timestamp']).toBe('2026-11-26T06:00:00.000Z');
  });

  it('honours a configured zone and handles a missing host', () => {
    const doc: LogDocument = {};
    parseSyslog('Jun  4 15:16:01 sshd[12]: hello', doc, { now, timezone: 'Europe/Paris' });
    expect(doc).toMatchObject({
      '@timestamp': '2026-06-04T13:16:01.000Z',
      process: { name: 'sshd', pid: 12 },
      message: 'hello',
    });
  });

  it('processor tags non-syslog', () => {
    const doc: LogDocument = { message: 'hello' };
    build(configSchema.parse({}))(doc, { now });
    expect(doc.tags).toEqual(['_syslogparsefailure']);
  });
});
