import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { PreparedEvent } from '../field-catalog.ts';
import { ipv4Number } from '../query-plan.ts';
import type { ColumnInfo } from './columns.ts';
import { CsvEncoder, csvField, ipv4Text, type PreparedRow, RowBuffer, tokenString } from './load.ts';

const TRICKY = [
  'plain',
  ' leading and trailing ',
  '',
  'a\x1fb',
  'q\x1eq\x1e',
  'line\nbreak',
  'cr\r\nlf\r',
  'nul\x00byte',
  'ünïcödé 😀',
  '"quoted", with commas',
  "it's",
  '[1,2]',
  'x'.repeat(3_000_000),
];

describe('csvField', () => {
  it('leaves ordinary values alone and quotes the rest', () => {
    expect(csvField('GET /api')).toBe('GET /api');
    expect(csvField('')).toBe('\x1e\x1e');
    expect(csvField('a\nb')).toBe('\x1ea\nb\x1e');
    expect(csvField('a\x1eb')).toBe('\x1ea\x1e\x1eb\x1e');
  });
});

describe('RowBuffer field by field', () => {
  const text = fc.oneof(
    fc.constantFrom(...TRICKY),
    fc.string({ unit: fc.constantFrom(..."aZ09_ .,;:'-/\x1e\x1f\n\r\tü😀\ud800".split('')), maxLength: 30 }),
  );
  /** The bytes of one line written by `write`. */
  const shared = new RowBuffer(); // one buffer for every run, as the store reuses its own
  const line = (units: number, write: (out: RowBuffer) => void, out = shared): string => {
    out.clear();
    const start = out.reserve(units, 4);
    write(out);
    out.endLine(start);
    return out.bytes().toString('utf8');
  };

  it('writes the same bytes as the string encoders', { timeout: 180_000 }, () => {
    fc.assert(
      fc.property(text, fc.oneof(fc.maxSafeInteger(), fc.integer(), fc.constant(-0)), text, (a, n, t) => {
        const got = line(2 * a.length + 2 * t.length + 2, (out) => {
          out.field(a);
          out.separator();
          out.integer(n);
          out.separator();
          out.tokens(t);
          out.separator();
          out.raw(JSON.stringify([a]));
        });
        // compared as UTF-8 bytes (a lone surrogate is written as U+FFFD by both)
        expect(got).toBe(
          Buffer.from(
            `${[csvField(a), String(n), csvField(tokenString([t])), JSON.stringify([a])].join('\x1f')}\n`,
          ).toString('utf8'),
        );
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a line longer than the room reserved for it', () => {
    // a fresh buffer: the check is against the buffer's end, and the shared one may have grown
    expect(() => line(4, (out) => out.field('x'.repeat(10_000_000)), new RowBuffer())).toThrow(/reserved/);
  });
});

describe('CsvEncoder', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  const file = path.join(tmpdir(), `driftwood-load-test-${process.pid}.csv`);
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
    rmSync(file, { force: true });
  });

  it('loads every value exactly as it was, through read_csv', async () => {
    const columns: Record<string, ColumnInfo> = {
      k: { field: 'k', type: 'keyword', column: 'k', list: false },
      n: { field: 'n', type: 'double', column: 'n', list: false },
      l: { field: 'l', type: 'long', column: 'l', list: false },
      b: { field: 'b', type: 'boolean', column: 'b', list: false },
      tags: { field: 'tags', type: 'keyword', column: 'tags', list: true },
      ip: { field: 'ip', type: 'ip', column: 'ip', list: false, ip4Column: 'ip#ip4' },
      msg: { field: 'msg', type: 'text', column: 'msg#tok', list: false },
    };
    await conn.run(
      'CREATE TABLE events (id VARCHAR, "@timestamp" BIGINT, _source VARCHAR, k VARCHAR, n DOUBLE, l BIGINT, b BOOLEAN, tags VARCHAR[], ip VARCHAR, "ip#ip4" BIGINT, "msg#tok" VARCHAR)',
    );
    const tableColumns = (
      await conn.runAndReadAll(
        "SELECT column_name AS name, data_type AS sqlType FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
      )
    ).getRowObjectsJS() as Array<{ name: string; sqlType: string }>;
    const encoder = new CsvEncoder(tableColumns, (f) => columns[f]);
    const prepared = (values: Array<[string, Array<string | number | boolean>]>, doc = {}): PreparedEvent => ({
      doc,
      values: new Map(values),
      timestamp: -5,
      conflicts: [],
    });
    const rows: PreparedRow[] = TRICKY.map((k, i) => ({
      id: `id-${i}${k.slice(0, 20)}`,
      prepared: prepared(
        [
          ['k', [k]],
          ['tags', [k, 'second', '']],
        ],
        { k, nested: { v: [k] } },
      ),
    }));
    rows.push({
      id: 'numbers',
      prepared: prepared([
        ['n', [1e21]],
        ['l', [-9007199254740991]],
        ['b', [false]],
        ['ip', ['10.1.2.3']],
        ['msg', ['Connection REFUSED by peer']],
      ]),
    });
    rows.push({
      id: 'v6',
      prepared: prepared([
        ['ip', ['FE80::1']],
        ['n', [5e-324]],
      ]),
    });
    rows.push({ id: 'empty', prepared: prepared([]) });
    const { text, longestLine } = encoder.encode(rows, 0, rows.length);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, text);
    await conn.run(encoder.insertSql(file, longestLine));
    const back = (await conn.runAndReadAll('SELECT * FROM events')).getRowObjectsJS();
    expect(back.length).toBe(rows.length);
    TRICKY.forEach((k, i) => {
      const r = back[i] as Record<string, unknown>;
      expect(r.id).toBe(`id-${i}${k.slice(0, 20)}`);
      expect(r.k).toBe(k);
      expect(r.tags).toEqual([k, 'second', '']);
      expect(JSON.parse(String(r._source))).toEqual({ k, nested: { v: [k] } });
      expect(r['@timestamp']).toBe(-5n);
      expect(r.n).toBeNull();
      expect(r.b).toBeNull();
    });
    const numbers = back.find((r) => r.id === 'numbers') as Record<string, unknown>;
    expect(numbers).toMatchObject({
      n: 1e21,
      l: -9007199254740991n,
      b: false,
      ip: '10.1.2.3',
      'ip#ip4': 167838211n,
      'msg#tok': ' connection refused by peer ',
    });
    expect(back.find((r) => r.id === 'v6')).toMatchObject({ ip: 'fe80::1', 'ip#ip4': null, n: 5e-324 });
    expect(back.find((r) => r.id === 'empty')).toMatchObject({ k: null, tags: null, _source: '{}' });
  });
});

describe('ipv4Text', () => {
  it('agrees with ipv4Number', () => {
    for (const ip of [
      '0.0.0.0',
      '10.1.2.3',
      '255.255.255.255',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '.1.2.3',
      '1.2.3.',
      '0001.2.3.4',
      '999.1.1.1',
      'fe80::1',
      '::ffff:1.2.3.4',
      '',
      'a.b.c.d',
    ]) {
      const n = ipv4Number(ip);
      expect(ipv4Text(ip), ip).toBe(n === undefined ? '' : String(n));
    }
  });
});
