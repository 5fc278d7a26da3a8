import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStructuredData, parseSyslog } from './parse.ts';

// Cases from both former suites: indexer/src/parse/syslog.test.ts (now = 2026-11-25) and
// shipper/src/sources/syslog.test.ts (now = 2024-03-10).
const now = Date.UTC(2026, 10, 25, 12, 0, 0);
const NOW = new Date('2024-03-10T12:00:00.000Z');
const opts = { now: NOW, timezone: 'UTC' };

describe('parseSyslog: RFC 5424', () => {
  it('parses structured data, escapes and a BOM', () => {
    const p = parseSyslog(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\"ic\\]ation"][origin ip="1.2.3.4" ip="5.6.7.8"] \uFEFFAn application event',
      opts,
    );
    expect(p).toEqual({
      format: '5424',
      timestamp: '2003-10-11T22:14:15.003Z',
      message: 'An application event',
      syslog: {
        priority: 165,
        facility: { code: 20, name: 'local4' },
        severity: { code: 5, name: 'notice' },
        version: 1,
        hostname: 'mymachine.example.com',
        appname: 'evntslog',
        procid: '1234',
        msgid: 'ID47',
        structured_data: {
          'exampleSDID@32473': { iut: '3', eventSource: 'Appl"ic]ation' },
          origin: { ip: ['1.2.3.4', '5.6.7.8'] },
        },
      },
    });
  });

  it('parses the RFC example with a quoted quote', () => {
    const p = parseSyslog(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][x@1 a="b\\"c"] An application event log entry...',
      { now, timezone: 'UTC' },
    );
    expect(p.syslog.structured_data).toEqual({
      'exampleSDID@32473': { iut: '3', eventSource: 'Application', eventID: '1011' },
      'x@1': { a: 'b"c' },
    });
    expect(p.message).toBe('An application event log entry...');
  });

  it('parses nil fields and offsets', () => {
    const p = parseSyslog('<34>1 2003-08-24T05:14:15.000003-07:00 - - - - - hi', opts);
    expect(p.timestamp).toBe('2003-08-24T12:14:15.000Z');
    expect(p.message).toBe('hi');
    expect(p.syslog.hostname).toBeUndefined();
    expect(parseSyslog('<34>1 - host app - - -', opts)).toMatchObject({ message: '', syslog: { appname: 'app' } });
    expect(parseSyslog('<34>1 - host app - - -', opts).timestamp).toBeUndefined();
  });

  it('keeps an SD-ID or param named __proto__ as plain data', () => {
    const p = parseSyslog('<13>1 - h a - - [__proto__ x="1"][y __proto__="2"] m', opts);
    const sd = p.syslog.structured_data as Record<string, unknown>;
    expect(Object.getPrototypeOf(sd)).toBe(Object.prototype);
    expect(Object.hasOwn(sd, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('parseSyslog: RFC 3164', () => {
  it('parses PRI, host, tag[pid] and infers the year', () => {
    const a = parseSyslog("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed", opts);
    expect(a.timestamp).toBe('2023-10-11T22:14:15.000Z'); // October is after March: last year
    expect(a.yearInferred).toBe(true);
    expect(a.syslog).toMatchObject({ hostname: 'mymachine', appname: 'su', procid: '230', priority: 34 });
    expect(a.syslog.severity).toEqual({ code: 2, name: 'critical' });
    expect(a.message).toBe("'su root' failed");
    const b = parseSyslog('<13>Mar  9 08:00:01 cron: job done', opts);
    expect(b.timestamp).toBe('2024-03-09T08:00:01.000Z');
    expect(b.syslog.hostname).toBeUndefined();
    expect(b.syslog.appname).toBe('cron');
  });

  it('takes the year that puts the stamp closest before now + 1 day', () => {
    const at = (line: string) => parseSyslog(line, { now, timezone: 'UTC' }).timestamp;
    expect(at("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8")).toBe(
      '2026-10-11T22:14:15.000Z',
    );
    // December seen in late November belongs to last year... unless within a day ahead.
    expect(at('Dec 10 06:55:46 LabSZ sshd[24200]: hi')).toBe('2025-12-10T06:55:46.000Z');
    expect(at('Nov 26 06:00:00 h p: x')).toBe('2026-11-26T06:00:00.000Z');
    expect(at('Nov 27 13:00:00 h p: x')).toBe('2025-11-27T13:00:00.000Z');
    // An explicit year (after the time, or before it) is used as is.
    expect(at('Dec 10 06:55:46 2027 h p: x')).toBe('2027-12-10T06:55:46.000Z');
    expect(at('Dec 10 2027 06:55:46 h p: x')).toBe('2027-12-10T06:55:46.000Z');
  });

  it('reads ISO stamps as rsyslog forwards them', () => {
    const c = parseSyslog('<30>2024-03-10T11:59:58.123+01:00 host1 nginx: GET /', opts);
    expect(c.timestamp).toBe('2024-03-10T10:59:58.123Z');
    expect(c.syslog).toMatchObject({ hostname: 'host1', appname: 'nginx' });
    expect(c.message).toBe('GET /');
    expect(parseSyslog('<30>2024-03-10T11:59:58 h a: x', { now, timezone: '+02:00' }).timestamp).toBe(
      '2024-03-10T09:59:58.000Z',
    );
  });

  it('honours a configured zone and handles a missing host (no PRI, as in files)', () => {
    const p = parseSyslog('Jun  4 15:16:01 sshd[12]: hello', { now, timezone: 'Europe/Paris' });
    expect(p).toMatchObject({
      format: '3164',
      timestamp: '2026-06-04T13:16:01.000Z',
      syslog: { appname: 'sshd', procid: '12' },
      message: 'hello',
    });
    expect(p.syslog.priority).toBeUndefined();
    expect(p.syslog.hostname).toBeUndefined();
  });

  it('accepts a pid of up to 128 characters', () => {
    const pid = 'p'.repeat(128);
    expect(parseSyslog(`<13>Mar  9 08:00:01 h app[${pid}]: x`, opts).syslog.procid).toBe(pid);
    expect(parseSyslog(`<13>Mar  9 08:00:01 h app[${pid}x]: x`, opts).syslog.procid).toBeUndefined();
  });

  it('a message with PRI and no stamp is all message', () => {
    expect(parseSyslog('<13>hello world', opts)).toEqual({
      format: '3164',
      message: 'hello world',
      syslog: { priority: 13, facility: { code: 1, name: 'user' }, severity: { code: 5, name: 'notice' } },
    });
    expect(parseSyslog('<13>Mar  9 08:00:01 lonely', opts)).toMatchObject({ message: 'lonely', syslog: {} });
  });
});

describe('parseSyslog: malformed', () => {
  it('keeps malformed messages whole with a reason', () => {
    expect(parseSyslog('no pri here', { ...opts, requirePri: true })).toMatchObject({
      message: 'no pri here',
      malformed: /PRI/,
    });
    expect(parseSyslog('no pri here', opts)).toMatchObject({ message: 'no pri here', malformed: /time stamp/ });
    expect(parseSyslog('<999>x', opts).malformed).toMatch(/range/);
    expect(parseSyslog('<192>Mar  9 08:00:01 h a: x', opts).malformed).toMatch(/range/);
    expect(parseSyslog('<13>1 notatime h a p m - x', opts).malformed).toMatch(/RFC 3339/);
    expect(parseSyslog('<13>1 - h a p m [unterminated x', opts)).toMatchObject({
      message: '<13>1 - h a p m [unterminated x',
      malformed: /SD/,
    });
    expect(parseSyslog('<13>1 - h a p m -x', opts).malformed).toMatch(/followed by a space/);
  });

  it('structured data parser rejects junk', () => {
    expect(typeof parseStructuredData('[a b=c]', 0)).toBe('string');
    expect(typeof parseStructuredData('[ a="b"]', 0)).toBe('string');
    expect(typeof parseStructuredData('x', 0)).toBe('string');
    expect(parseStructuredData('-', 0)).toEqual({ data: {}, end: 1 });
  });

  it('never throws on arbitrary text (fuzz)', () => {
    const pri = fc.integer({ min: 0, max: 250 }).map((n) => `<${n}>`);
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(pri, fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
      fc.tuple(pri, fc.constantFrom('1 ', '1 - - - - - ', '1 - h a p m ['), fc.string()).map((p) => p.join('')),
      fc.tuple(fc.constantFrom('', '<13>'), fc.constantFrom('Feb 29 ', 'Dec 31 '), fc.string()).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const p = parseSyslog(t, opts);
        expect(typeof p.message).toBe('string');
        if (p.timestamp !== undefined) expect(Number.isNaN(Date.parse(p.timestamp))).toBe(false);
        if (p.malformed !== undefined) expect(p.message).toBe(t);
      }),
      { numRuns: 3000 },
    );
  });
});
