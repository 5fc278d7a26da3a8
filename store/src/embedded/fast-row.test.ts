import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JsonValue, LogDocument } from '@driftwood/core';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isIp } from '../field-catalog.ts';
import { strictIpv4 } from './load.ts';
import { createEmbeddedStore } from './store.ts';

const T0 = Date.UTC(2026, 2, 1);

/** Values of every kind the fast path takes or turns down, per field. */
const value = fc.oneof(
  fc.constantFrom<JsonValue>('GET', 'ok', '', 'a\x1fb', 'line\nbreak', 'x'.repeat(9000), 'ünï 😀', '__proto__'),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom<JsonValue>('10.0.0.1', '010.0.0.1', '::1', '256.1.1.1'),
  fc.constantFrom<JsonValue>('2026-03-01T10:00:00.000Z', '2026-03-01T10:00:00Z', '2026-02-30T10:00:00.000Z'),
  fc.array(fc.constantFrom<JsonValue>('a', 'b', 1, true), { maxLength: 3 }),
  fc.constant({}),
);
const key = fc.constantFrom('text', 'level', 'n', 'flag', 'ip', 'when', 'tags', 'x.y', 'a', '__proto__');

/** Documents with nested and dotted keys in any order, often repeating the same shape. */
const docArb: fc.Arbitrary<LogDocument> = fc
  .tuple(
    fc.integer({ min: 0, max: 86_400_000 }),
    fc.dictionary(key, value, { maxKeys: 5 }),
    fc.option(fc.dictionary(key, value, { maxKeys: 3 }), { nil: undefined }),
    fc.boolean(),
  )
  .map(([t, top, nested, timestampFirst]) => {
    const ts = new Date(T0 + t).toISOString();
    // spread, not assignment: a `__proto__` key stays a key, as JSON.parse makes it
    return {
      ...(timestampFirst ? { '@timestamp': ts } : {}),
      ...top,
      ...(nested ? { obj: nested } : {}),
      ...(timestampFirst ? {} : { '@timestamp': ts }),
    } as LogDocument;
  });

/** Documents whose values fit their fields, the common case the fast path takes. */
const plainValue: Record<string, fc.Arbitrary<JsonValue>> = {
  message: fc.constantFrom('GET /api 200', 'Zürich 王伟 🚀', '', 'tab\tand\x1fsep', 'lone \ud800 surrogate'),
  'log.level': fc.constantFrom('info', 'error', 'bad\udc00'),
  'http.response.status_code': fc.integer({ min: 100, max: 599 }),
  'source.ip': fc.constantFrom('10.0.0.1', '192.168.255.254', '0.0.0.0'),
  'event.created': fc.integer({ min: 0, max: 1e12 }).map((t) => new Date(T0 + t).toISOString()),
  'event.duration': fc.integer({ min: 0, max: 1e9 }),
  p_flag: fc.boolean(),
  p_double: fc.double({ noNaN: true, noDefaultInfinity: true }),
  p_list: fc.oneof(fc.constant('one'), fc.array(fc.constantFrom('a', 'b'), { minLength: 1, maxLength: 3 })),
};
const plainDoc: fc.Arbitrary<LogDocument> = fc
  .tuple(
    fc.integer({ min: 0, max: 86_400_000 }),
    fc.shuffledSubarray(Object.keys(plainValue)),
    fc.record(plainValue),
    fc.boolean(),
  )
  .map(([t, keys, values, nest]) => {
    const doc: Record<string, JsonValue> = { '@timestamp': new Date(T0 + t).toISOString() };
    const inner: Record<string, JsonValue> = {};
    // ECS fields dotted or nested, the others at the top or under `obj`
    for (const k of keys) {
      const v = values[k] as JsonValue;
      if (!nest || k === 'message') doc[k] = v;
      else if (k.includes('.')) {
        const [head, ...rest] = k.split('.');
        doc[head as string] ??= {};
        (doc[head as string] as Record<string, JsonValue>)[rest.join('.')] = v;
      } else inner[k] = v;
    }
    if (Object.keys(inner).length > 0) doc.obj = inner;
    return doc as LogDocument;
  });
const anyDoc = fc.oneof({ arbitrary: plainDoc, weight: 4 }, { arbitrary: docArb, weight: 1 });

describe('strictIpv4', () => {
  it('takes exactly the IPv4 addresses isIp takes', () => {
    const quad = fc
      .array(fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '', 'x')), {
        minLength: 3,
        maxLength: 5,
      })
      .map((parts) => parts.join('.'));
    fc.assert(
      fc.property(quad, (ip) => {
        expect(strictIpv4(ip) >= 0).toBe(isIp(ip) && !ip.includes(':'));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('fast path and synthetic source', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-fast-row-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns every stored document exactly as it was written, key order included', { timeout: 180_000 }, async () => {
    let run = 0;
    let rebuilt = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyDoc, { minLength: 10, maxLength: 40 }),
        fc.integer({ min: 2, max: 3 }),
        async (docs, rounds) => {
          const store = await createEmbeddedStore({ path: path.join(dir, `p${run++}.duckdb`) });
          try {
            const expected = new Map<string, string>();
            // several writes: the first declares fields, the later ones take the fast path
            for (let r = 0; r < rounds; r++) {
              const events = docs.map((doc, i) => ({ id: `r${r}-${i}`, doc }));
              const outcomes = await store.write(events);
              outcomes.forEach((o, i) => {
                if (o.status === 'stored') expected.set(o.id, JSON.stringify(events[i]?.doc));
              });
            }
            const { hits } = await store.search({ query: '', size: 1000 });
            for (const hit of hits) {
              const want = expected.get(hit.id);
              if (want !== undefined) expect(JSON.stringify(hit.doc)).toBe(want);
            }
            expect(hits.length).toBe(docs.length * rounds);
            const { ctx } = store as unknown as { ctx: { rows(sql: string): Promise<Array<{ c: bigint }>> } };
            const [row] = await ctx.rows('SELECT count(*) AS c FROM events WHERE _source IS NULL');
            rebuilt += Number(row?.c ?? 0);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(rebuilt).toBeGreaterThan(200); // the fast path and rebuilt documents were exercised
  });

  it('opens a file made before synthetic source and rebuilds documents after it', async () => {
    const file = path.join(dir, 'old.duckdb');
    const instance = await DuckDBInstance.create(file);
    const conn = await instance.connect();
    await conn.run(
      'CREATE TABLE events (id VARCHAR NOT NULL, "@timestamp" BIGINT NOT NULL, _source VARCHAR NOT NULL, "message#tok" VARCHAR)',
    );
    await conn.run(
      'CREATE TABLE _fields (name VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, list BOOLEAN NOT NULL, has_column BOOLEAN NOT NULL)',
    );
    await conn.run("INSERT INTO _fields VALUES ('message', 'text', false, true)");
    const old = { '@timestamp': new Date(T0).toISOString(), message: 'stored long ago' };
    await conn.run(`INSERT INTO events VALUES ('old', ${T0}, '${JSON.stringify(old)}', ' stored long ago ')`);
    conn.closeSync();
    instance.closeSync();

    const store = await createEmbeddedStore({ path: file });
    const fresh = { '@timestamp': new Date(T0 + 1000).toISOString(), message: 'Written Now' };
    await store.write([{ id: 'new', doc: fresh }]);
    const { hits } = await store.search({ query: 'written' });
    expect(hits.map((h) => h.doc)).toEqual([fresh]);
    expect((await store.search({ query: '' })).hits.map((h) => h.doc)).toEqual([fresh, old]);
    await store.close();
  });
});
