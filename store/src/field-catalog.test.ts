import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFLICT_TAG } from './contract.ts';
import { canonicalEpochMs, FieldCatalog, isIp, toEpochMs } from './field-catalog.ts';

describe('FieldCatalog.prepare', () => {
  it('types new fields from their first value and keeps ECS types', () => {
    const catalog = new FieldCatalog();
    const declared = new Map();
    const p = catalog.prepare({ '@timestamp': '2026-01-01T00:00:00Z', a: { b: 'x', n: 3 }, ok: true }, declared);
    expect(catalog.get('a.b')).toBe('keyword');
    expect(catalog.get('a.n')).toBe('double');
    expect(catalog.get('ok')).toBe('boolean');
    expect(catalog.get('a')).toBe('object');
    expect(catalog.get('source.ip')).toBe('ip');
    expect(p.doc['@timestamp']).toBe('2026-01-01T00:00:00.000Z');
    expect([...declared.keys()].sort()).toEqual(['a', 'a.b', 'a.n', 'ok']);
  });

  it('moves a value that does not fit its field and tags the event', () => {
    const catalog = new FieldCatalog();
    catalog.prepare({ n: 1 }, new Map());
    const p = catalog.prepare({ '@timestamp': '2026-01-01T00:00:00Z', n: 'many', tags: ['x'] }, new Map());
    expect(p.conflicts).toEqual([{ field: 'n', reason: '"many" is not a valid double' }]);
    expect(p.doc).toMatchObject({ driftwood: { conflicts: { n: '"many"' } }, tags: ['x', CONFLICT_TAG] });
    expect(p.doc.n).toBeUndefined();
  });

  it('declares kept values a document already carries (re-imported) as keywords', () => {
    const catalog = new FieldCatalog();
    const declared = new Map();
    const p = catalog.prepare(
      { '@timestamp': '2026-01-01T00:00:00Z', driftwood: { conflicts: { n: '"many"', deep: { x: 1 } } } },
      declared,
    );
    expect(catalog.get('driftwood.conflicts.n')).toBe('keyword');
    expect(catalog.get('driftwood.conflicts.deep.x')).toBe('keyword');
    expect(declared.get('driftwood.conflicts.n')).toBe('keyword');
    expect(p.values.get('driftwood.conflicts.n')).toEqual(['"many"']);
    expect(p.values.get('driftwood.conflicts.deep.x')).toEqual(['1']);
    // a path under one of them cannot be a field: kept in the document, not indexed
    const q = catalog.prepare(
      { '@timestamp': '2026-01-01T00:00:00Z', driftwood: { conflicts: { n: { y: 'z' } } } },
      new Map(),
    );
    expect(q.values.has('driftwood.conflicts.n.y')).toBe(false);
    expect(q.doc).toMatchObject({ driftwood: { conflicts: { n: { y: 'z' } } } });
  });

  it('moves a whole object that sits where a scalar field is', () => {
    const catalog = new FieldCatalog();
    catalog.prepare({ temperature: 20.5 }, new Map());
    const p = catalog.prepare({ '@timestamp': '2026-01-01T00:00:00Z', temperature: { nested: true, x: 1 } }, new Map());
    expect(p.conflicts.map((c) => c.field)).toEqual(['temperature']);
    expect(p.doc.temperature).toBeUndefined();
    expect(p.doc).toMatchObject({ driftwood: { conflicts: { temperature: '{"nested":true,"x":1}' } } });
  });

  it('moves a scalar where ECS has an object', () => {
    const p = new FieldCatalog().prepare({ '@timestamp': '2026-01-01T00:00:00Z', host: 'plain' }, new Map());
    expect(p.conflicts.map((c) => c.field)).toEqual(['host']);
    expect(p.doc.host).toBeUndefined();
  });

  it('keeps a bad @timestamp aside and uses the arrival time', () => {
    const p = new FieldCatalog().prepare({ '@timestamp': 'yesterday', message: 'x' }, new Map(), Date.UTC(2026, 0, 2));
    expect(p.doc['@timestamp']).toBe('2026-01-02T00:00:00.000Z');
    expect(p.doc).toMatchObject({ driftwood: { conflicts: { '@timestamp': '"yesterday"' } } });
  });
});

describe('value checks', () => {
  it('reads dates strictly, like strict_date_optional_time', () => {
    expect(toEpochMs('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(toEpochMs('2026-03-01T10:00:00')).toBe(Date.UTC(2026, 2, 1, 10));
    expect(toEpochMs('2026-03-01T10:00:00.123+02:00')).toBe(Date.UTC(2026, 2, 1, 8, 0, 0, 123));
    expect(toEpochMs('2026-03-01 10:00:00')).toBeUndefined();
    expect(toEpochMs('2026-02-30')).toBeUndefined();
    expect(toEpochMs(1700000000000)).toBe(1700000000000);
  });

  it('reads canonical timestamps like Date.parse, from one call to the next (the minute is kept)', () => {
    const ms = fc.integer({ min: Date.UTC(100, 0, 1), max: Date.UTC(9999, 11, 31) });
    // runs of timestamps close together, as in a batch, and far apart
    const runs = fc.array(fc.tuple(ms, fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 5 })));
    fc.assert(
      fc.property(runs, (list) => {
        for (const [start, steps] of list) {
          for (const t of [start, ...steps.map((s) => start + s)]) {
            const iso = new Date(t).toISOString();
            if (iso.length !== 24) continue;
            expect(canonicalEpochMs(iso)).toBe(t);
          }
        }
      }),
    );
    for (const bad of [
      '2026-03-01Tx0:00:00.000Z',
      '2026-03-01T10:x0:00.000Z',
      '2026-03-01T10:00:x0.000Z',
      '2026-03-01T10:00:60.000Z',
    ]) {
      expect(canonicalEpochMs('2026-03-01T10:00:00.000Z')).toBe(Date.UTC(2026, 2, 1, 10)); // the minute is cached
      expect(canonicalEpochMs(bad)).toBeUndefined();
      expect(toEpochMs(bad)).toBeUndefined();
    }
  });

  it('recognises IPv4 and IPv6 addresses', () => {
    for (const ip of ['10.0.0.1', '::1', '2001:db8::7', 'fe80::1:2:3:4', '::ffff:10.0.0.1'])
      expect(isIp(ip), ip).toBe(true);
    for (const ip of ['10.0.0.256', '1.2.3', 'abc', '2001:db8:::1', '']) expect(isIp(ip), ip).toBe(false);
  });
});

describe('toEpochMs on toISOString-shaped dates', () => {
  it('agrees with Date for valid dates and rejects impossible ones', () => {
    for (const t of [
      0,
      951_782_400_000,
      1_709_251_199_999,
      Date.UTC(2024, 1, 29, 23, 59, 59, 1),
      Date.UTC(9999, 11, 31),
    ]) {
      expect(toEpochMs(new Date(t).toISOString())).toBe(t);
    }
    expect(toEpochMs('2026-02-29T00:00:00.000Z')).toBeUndefined();
    expect(toEpochMs('2100-02-29T00:00:00.000Z')).toBeUndefined();
    expect(toEpochMs('2026-04-31T00:00:00.000Z')).toBeUndefined();
    expect(toEpochMs('2026-01-01T24:00:00.000Z')).toBeUndefined();
    expect(toEpochMs('2026-01-01T10:60:00.000Z')).toBeUndefined();
    expect(toEpochMs('2026-01-01T10:00:00.0a0Z')).toBeUndefined();
    expect(toEpochMs('0050-01-01T00:00:00.000Z')).toBe(toEpochMs('0050-01-01T00:00:00.000+00:00'));
  });
});
