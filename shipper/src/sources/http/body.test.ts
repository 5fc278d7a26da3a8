import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBody } from './body.ts';
import { itemToDoc } from './document.ts';

describe('parseBody', () => {
  const ok = (body: string, type?: string) => {
    const r = parseBody(Buffer.from(body), type);
    if (!r.ok) throw new Error(r.message);
    return r.items.map((i) => i.value);
  };

  it('accepts NDJSON, a JSON array, a single object and text lines', () => {
    expect(ok('{"a":1}\n\n{"b":2}\r\n"text"\n', 'application/x-ndjson')).toEqual([{ a: 1 }, { b: 2 }, 'text']);
    expect(ok('[{"a":1},{"b":2}]', 'application/json')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(ok(' {"a":1} ', 'application/json; charset=utf-8')).toEqual([{ a: 1 }]);
    expect(ok('{"a":1}\n{"b":2}', 'application/json')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(ok('{"a":1}\n{"b":2}')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(ok('one\r\ntwo\n\nthree', 'text/plain')).toEqual(['one', 'two', 'three']);
  });

  it('answers a clear 400 or 415 for bad bodies', () => {
    const bad = (body: Buffer | string, type?: string) => {
      const r = parseBody(typeof body === 'string' ? Buffer.from(body) : body, type, 5);
      if (r.ok) throw new Error('expected an error');
      return `${r.status} ${r.message}`;
    };
    expect(bad('{"a":1}\n{oops}\n', 'application/x-ndjson')).toMatch(/^400 line 2: invalid JSON/);
    expect(bad('[1]', 'application/json')).toMatch(/^400 item 0: expected a JSON object or string, got number/);
    expect(bad(Buffer.from([0x7b, 0xff, 0x7d]), 'application/json')).toBe('400 the body is not valid UTF-8');
    expect(bad('{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}', 'application/json')).toMatch(
      /^400 body: JSON nests deeper than 5/,
    );
    expect(bad('[[[[[[[]]]]]]]', 'application/json')).toMatch(/^400 JSON nests deeper/);
    expect(bad('', 'application/json')).toBe('400 the body is empty');
    expect(bad('x', 'image/png')).toMatch(/^415/);
    expect(bad('[', 'application/json')).toMatch(/^400 invalid JSON/);
  });

  it('never throws on random bytes: always events or a clear error (fuzz)', () => {
    const types = fc.constantFrom(
      undefined,
      'application/json',
      'application/x-ndjson',
      'text/plain',
      'application/xml',
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.json().map((j) => Buffer.from(j)),
      fc.array(fc.json(), { maxLength: 5 }).map((a) => Buffer.from(a.join('\n'))),
      fc.string({ unit: 'binary' }).map((s) => Buffer.from(s)),
    );
    fc.assert(
      fc.property(body, types, (b, t) => {
        const r = parseBody(b, t);
        if (r.ok) {
          expect(r.items.length).toBeGreaterThan(0);
          for (const item of r.items) {
            const doc = itemToDoc(item, new Date(0));
            expect(typeof doc.message).toBe('string');
            expect(Number.isNaN(Date.parse(doc['@timestamp'] as string))).toBe(false);
          }
        } else {
          expect([400, 415]).toContain(r.status);
          expect(r.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('survives very deep JSON without a stack overflow', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = parseBody(Buffer.from(deep), 'application/json');
    expect(r.ok).toBe(false);
  });
});
