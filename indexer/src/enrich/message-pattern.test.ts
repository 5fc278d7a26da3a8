import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PATTERN, messagePattern } from './message-pattern.ts';

describe('messagePattern', () => {
  it('masks numbers, ids, hex, addresses and quoted strings', () => {
    expect(messagePattern('order 4711 failed: payment provider timeout after 3.5 s')).toBe(
      'order <num> failed: payment provider timeout after <num> s',
    );
    expect(messagePattern('user 9b2f3c1e-8a4d-4f6e-9c0a-1b2c3d4e5f60 logged in from 10.0.0.7:51234')).toBe(
      'user <uuid> logged in from <ip>',
    );
    expect(messagePattern('segfault at 0x7ffd2a1c in libc, commit deadbeef42')).toBe(
      'segfault at <hex> in libc, commit <hex>',
    );
    expect(messagePattern('connect to 2001:db8::7 failed')).toBe('connect to <ip> failed');
    expect(messagePattern('open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file)')).toBe(
      'open() <str> failed (<num>: No such file)',
    );
    expect(messagePattern("key 'abc' isn't 'x'")).toBe("key <str> isn't <str>");
    expect(messagePattern('sensor-07 read timeout on I2C bus 1 at 12:30:45')).toBe(
      'sensor-<num> read timeout on I2C bus <num> at <num>',
    );
    expect(messagePattern('user42 took 15ms, 99%')).toBe('user<num> took <num>ms, <num>%');
    expect(messagePattern('no numbers here')).toBe('no numbers here');
    expect(messagePattern(`token ${'A'.repeat(100)} rejected`)).toBe('token <blob> rejected');
  });

  it('is bounded: long messages give a pattern of at most MAX_PATTERN characters', () => {
    const p = messagePattern('word 12 '.repeat(5000));
    expect(p.length).toBeLessThanOrEqual(MAX_PATTERN);
    expect(p.endsWith('…')).toBe(true);
    expect(messagePattern(p)).toBe(p);
  });

  it('runs in linear time on hostile input (quotes never closed, long runs, many separators)', () => {
    for (const hostile of [
      '"\'a'.repeat(100_000),
      `'${"x'".repeat(100_000)}`,
      '1.'.repeat(200_000),
      '<'.repeat(300_000),
    ]) {
      const t = performance.now();
      messagePattern(hostile);
      expect(performance.now() - t, hostile.slice(0, 8)).toBeLessThan(200);
    }
  });

  it('is idempotent: a pattern is its own pattern (property)', () => {
    const alphabet = fc.constantFrom(...'ab fxZ09:.-_<>"\'/,=()%\u00e9'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 80 }), (s) => {
        const p = messagePattern(s);
        expect(messagePattern(p)).toBe(p);
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const p = messagePattern(s);
        expect(messagePattern(p)).toBe(p);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same pattern to messages that differ only in numbers, ids, addresses and quoted values (property)', () => {
    const hex = fc.constantFrom(...'0123456789abcdef'.split(''));
    const slot = fc.oneof(
      fc.nat().map(String),
      fc.double({ min: 0, max: 1e6, noNaN: true }).map((n) => n.toFixed(3)),
      fc.uuid(),
      fc.ipV4(),
      fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => `${ip}:${port}`),
      fc.string({ unit: hex, minLength: 1, maxLength: 12 }).map((h) => `0x${h}`),
      fc.string({ unit: fc.constantFrom(...'abcdefghijklm 0123'.split('')), maxLength: 20 }).map((s) => `"${s}"`),
    );
    const kinds = (v: string) =>
      v.startsWith('"') ? 's' : v.startsWith('0x') ? 'h' : v.includes('-') ? 'u' : v.split('.').length >= 4 ? 'i' : 'n';
    const words = fc.array(fc.constantFrom('order', 'failed', 'for', 'user', 'at', 'timeout:', '(code', '),', 'on'), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(words, fc.array(fc.tuple(slot, slot), { minLength: 1, maxLength: 6 }), (ws, pairs) => {
        const usable = pairs.filter(([a, b]) => kinds(a) === kinds(b));
        let left = '';
        let right = '';
        usable.forEach(([a, b], i) => {
          const w = ws[i % ws.length];
          left += `${w} ${a} `;
          right += `${w} ${b} `;
        });
        expect(messagePattern(left)).toBe(messagePattern(right));
      }),
      { numRuns: 3000 },
    );
  });
});
