import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGrok } from './grok.ts';
import { getPipeline, listPipelines } from './pipelines/index.ts';
import { parseSyslogInto } from './syslog.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const pipelines = listPipelines().map((p) => getPipeline(p.name));

function checkAll(line: string): void {
  for (const p of pipelines) {
    const doc = p.parse(line, { receivedAt });
    expect(typeof doc.message).toBe('string');
    expect(typeof doc['@timestamp']).toBe('string');
    expect(Number.isNaN(Date.parse(doc['@timestamp'] as string))).toBe(false);
    JSON.stringify(doc);
  }
}

describe('fuzz: every pipeline always returns a document', () => {
  it('random unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), checkAll), { numRuns: 300 });
  });

  it('random bytes decoded as UTF-8 (invalid sequences included)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => checkAll(Buffer.from(bytes).toString('utf8'))),
      { numRuns: 300 },
    );
  });

  it('syslog-like lines', () => {
    const line = fc
      .tuple(
        fc.option(fc.integer({ min: 0, max: 999 })),
        fc.constantFrom('Jan', 'Feb', 'Jun', 'Dec', 'Foo'),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 99 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 80 }),
      )
      .map(
        ([pri, mon, day, h, host, tag, msg]) =>
          `${pri === null ? '' : `<${pri}>`}${mon} ${day} ${h}:05:09 ${host} ${tag}: ${msg}`,
      );
    fc.assert(
      fc.property(line, (l) => {
        parseSyslogInto(l, {}, { now: receivedAt.getTime(), timezone: 'UTC' });
        checkAll(l);
      }),
      { numRuns: 300 },
    );
    const rfc5424 = fc
      .tuple(
        fc.integer({ min: 0, max: 300 }),
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
      )
      .map(([pri, ts, sd, msg]) => `<${pri}>1 ${ts} host app 1 id ${sd} ${msg}`);
    fc.assert(
      fc.property(rfc5424, (l) => checkAll(l)),
      { numRuns: 300 },
    );
  });

  it('grok inputs never throw at match time', () => {
    const patterns = [
      '%{COMBINEDAPACHELOG}',
      '%{SYSLOGLINE}',
      '%{HTTPD_ERRORLOG}',
      '%{IP:ip} %{NUMBER:n:float} %{GREEDYDATA:rest}',
      '%{URI:u}',
    ].map((p) => compileGrok(p));
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        for (const g of patterns) g.match(s);
      }),
      { numRuns: 300 },
    );
  });

  it('100 KB lines finish and still produce documents', () => {
    const big = [
      'x'.repeat(100_000),
      `{"a":"${'y'.repeat(100_000)}"}`,
      `1.2.3.4 - - [25/Nov/2026:10:00:00 +0000] "${'G'.repeat(100_000)}`,
      `Jun 14 15:16:01 ${'h '.repeat(50_000)}`,
      `2026-11-25 10:00:00 INFO ${'[a] '.repeat(25_000)}`,
      'a=1 '.repeat(25_000),
      '['.repeat(100_000),
      `<13>1 2026-11-25T10:00:00Z h a p m ${'[x a="b"]'.repeat(10_000)}`,
    ];
    const start = performance.now();
    for (const line of big) checkAll(line);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
