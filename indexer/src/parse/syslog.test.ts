import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema, parseSyslogInto } from './syslog.ts';

// The parser itself is tested in core/src/syslog/parse.test.ts; this is its ECS mapping.
const now = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('syslog processor', () => {
  it('maps RFC 5424 to ECS', () => {
    const doc: LogDocument = {};
    const line =
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][x@1 a="b\\"c"] An application event log entry...';
    expect(parseSyslogInto(line, doc, { now, timezone: 'UTC' })).toBe(true);
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

  it('maps RFC 3164 with PRI and tags an inferred year', () => {
    const doc: LogDocument = {};
    expect(
      parseSyslogInto("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", doc, {
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
  });

  it('maps a line without PRI or host (as in files)', () => {
    const doc: LogDocument = {};
    parseSyslogInto('Jun  4 15:16:01 sshd[12]: hello', doc, { now, timezone: 'Europe/Paris' });
    expect(doc).toEqual({
      '@timestamp': '2026-06-04T13:16:01.000Z',
      process: { name: 'sshd', pid: 12 },
      message: 'hello',
      tags: ['_timestamp_year_inferred'],
    });
  });

  it('leaves the document alone for what is not syslog', () => {
    for (const line of ['hello', '<13>no stamp here', '<13>1 bad 5424', '<300>Oct 11 22:14:15 h a: x']) {
      const doc: LogDocument = { message: line };
      expect(parseSyslogInto(line, doc, { now, timezone: 'UTC' }), line).toBe(false);
      expect(doc).toEqual({ message: line });
    }
  });

  it('processor tags non-syslog', () => {
    const doc: LogDocument = { message: 'hello' };
    build(configSchema.parse({}))(doc, { now });
    expect(doc.tags).toEqual(['_syslogparsefailure']);
  });
});
