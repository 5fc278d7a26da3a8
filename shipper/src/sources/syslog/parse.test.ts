import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStructuredData, parseSyslog } from './parse.ts';

const NOW = new Date('2024-03-10T12:00:00.000Z');
const opts = { now: NOW, timezone: 'UTC' as const };

describe('parseSyslog', () => {
  it('parses RFC 5424 with structured data, escapes and a BOM', () => {
    const p = parseSyslog(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\"ic\\]ation"][origin ip="1.2.3.4" ip="5.6.7.8"] \uFEFFAn application event',
      opts,
    );
    expect(p.malformed).toBeUndefined();
    expect(p.timestamp).toBe('2003-10-11T22:14:15.003Z');
    expect(p.message).toBe('An application event');
    expect(p.syslog).toMatchObject({
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
    });
  });

  it('parses RFC 5424 with nil fields and offsets', () => {
    const p = parseSyslog('<34>1 2003-08-24T05:14:15.000003-07:00 - - - - - hi', opts);
    expect(p.timestamp).toBe('2003-08-24T12:14:15.000Z');
    expect(p.message).toBe('hi');
    expect(p.syslog.hostname).toBeUndefined();
    expect(parseSyslog('<34>1 - host app - - -', opts)).toMatchObject({ message: '', syslog: { appname: 'app' } });
  });

  it('parses RFC 3164 with and without hostname, pid, year inference', () => {
    const a = parseSyslog("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed", opts);
    expect(a.timestamp).toBe('2023-10-11T22:14:15.000Z'); // October is after March: last year
    expect(a.syslog).toMatchObject({ hostname: 'mymachine', appname: 'su', procid: '230', priority: 34 });
    expect(a.message).toBe("'su root' failed");
    const b = parseSyslog('<13>Mar  9 08:00:01 cron: job done', opts);
    expect(b.timestamp).toBe('2024-03-09T08:00:01.000Z');
    expect(b.syslog.hostname).toBeUndefined();
    expect(b.syslog.appname).toBe('cron');
    const c = parseSyslog('<30>2024-03-10T11:59:58.123+01:00 host1 nginx: GET /', opts);
    expect(c.timestamp).toBe('2024-03-10T10:59:58.123Z');
    expect(c.syslog).toMatchObject({ hostname: 'host1', appname: 'nginx' });
    expect(c.message).toBe('GET /');
  });

  it('keeps malformed messages whole with a reason', () => {
    expect(parseSyslog('no pri here', opts)).toMatchObject({ message: 'no pri here', malformed: /PRI/ });
    expect(parseSyslog('<999>x', opts).malformed).toMatch(/range/);
    expect(parseSyslog('<13>1 notatime h a p m - x', opts).malformed).toMatch(/RFC 3339/);
    expect(parseSyslog('<13>1 - h a p m [unterminated x', opts)).toMatchObject({
      message: '<13>1 - h a p m [unterminated x',
      malformed: /SD/,
    });
  });

  it('takes a message without PRI as user.notice, whole, and flags it (RFC 3164 §4.3.3)', () => {
    const p = parseSyslog('Oct 11 22:14:15 host app: no pri', opts);
    expect(p).toMatchObject({
      message: 'Oct 11 22:14:15 host app: no pri',
      syslog: { priority: 13, facility: { code: 1, name: 'user' }, severity: { code: 5, name: 'notice' } },
      malformed: /no <PRI>.*user\.notice/,
    });
    expect(p.timestamp).toBeUndefined();
  });

  it('structured data parser rejects junk', () => {
    expect(typeof parseStructuredData('[a b=c]', 0)).toBe('string');
    expect(parseStructuredData('-', 0)).toEqual({ data: {}, end: 1 });
  });

  it('never throws on arbitrary text (fuzz)', () => {
    const pri = fc.integer({ min: 0, max: 250 }).map((n) => `<${n}>`);
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(pri, fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
      fc.tuple(pri, fc.constantFrom('1 ', '1 - - - - - ', '1 - h a p m ['), fc.string()).map((p) => p.join('')),
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
