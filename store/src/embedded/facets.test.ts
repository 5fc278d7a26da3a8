import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { AggregationResult, HistogramBucket, TermsBucket } from '../contract.ts';
import { fillHistogram } from '../histogram.ts';
import { columnFor, TIMESTAMP_COLUMN } from './columns.ts';
import { type FacetSpec, facetResults, facetSql } from './facets.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;

interface Doc {
  ts: number;
  level: string | null;
  host: string | null;
  code: number | null;
}

/** Deterministic documents with skewed values and some missing ones. */
function docs(n: number): Doc[] {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() ** 2 * xs.length)] as T;
  return Array.from({ length: n }, (_, i) => ({
    ts: T0 + Math.floor((i / n) * 6 * HOUR),
    level: pick(['info', 'warn', 'error', 'debug', null]),
    host: pick(['a', 'b', 'c', 'd', 'e', 'f', 'g', null, null]),
    code: pick([200, 404, 500, 301, null]),
  }));
}

/** Terms the obvious way: count desc then key asc, missing values not counted. */
function terms(values: Array<string | number | null>, size: number): { buckets: TermsBucket[]; other: number } {
  const counts = new Map<string | number, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const buckets = sorted.slice(0, size).map(([key, count]) => ({ key, count }));
  const total = [...counts.values()].reduce((s, c) => s + c, 0);
  return { buckets, other: total - buckets.reduce((s, b) => s + b.count, 0) };
}

function histogram(rows: Doc[], interval: number, split?: { size: number }): AggregationResult {
  const byKey = new Map<number, Doc[]>();
  for (const r of rows) {
    const key = Math.floor(r.ts / interval) * interval;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  const buckets: HistogramBucket[] = [...byKey].map(([key, list]) => ({
    key,
    count: list.length,
    ...(split
      ? {
          split: terms(
            list.map((r) => r.level),
            split.size,
          ),
        }
      : {}),
  }));
  return { type: 'date_histogram', intervalMs: interval, buckets: fillHistogram(buckets, T0, T0 + 6 * HOUR, interval) };
}

describe('facet query', () => {
  it('gives the answers of one query per aggregation, with shared and derived grouping sets', async () => {
    const data = docs(5000);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run(
      `CREATE TABLE t ("${TIMESTAMP_COLUMN}" BIGINT, "log.level" VARCHAR, "host.name" VARCHAR, "code" BIGINT)`,
    );
    const lit = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? v : `'${v}'`);
    await conn.run(
      `INSERT INTO t VALUES ${data.map((d) => `(${d.ts}, ${lit(d.level)}, ${lit(d.host)}, ${lit(d.code)})`).join(', ')}`,
    );
    const level = columnFor('log.level', 'keyword', false);
    const host = columnFor('host.name', 'keyword', false);
    const code = columnFor('code', 'long', false);
    const range = { from: T0, to: T0 + 6 * HOUR };
    const specs: FacetSpec[] = [
      { name: 'hist', kind: 'histogram', ...range, interval: HOUR / 2, split: { col: level, size: 2 } },
      { name: 'plain', kind: 'histogram', ...range, interval: HOUR },
      { name: 'sameInterval', kind: 'histogram', ...range, interval: HOUR / 2 },
      { name: 'level3', kind: 'terms', col: level, size: 3 },
      { name: 'level1', kind: 'terms', col: level, size: 1 },
      { name: 'host', kind: 'terms', col: host, size: 4 },
      { name: 'code', kind: 'terms', col: code, size: 2 },
      { name: 'count', kind: 'count' },
    ];
    const check = async (where: string, rows: Doc[]) => {
      const reader = await conn.runAndReadAll(facetSql(specs, 't', where));
      const got = facetResults(specs, reader.getRowObjectsJS());
      expect(got).toEqual({
        hist: histogram(rows, HOUR / 2, { size: 2 }),
        plain: histogram(rows, HOUR),
        sameInterval: histogram(rows, HOUR / 2),
        level3: {
          type: 'terms',
          ...terms(
            rows.map((r) => r.level),
            3,
          ),
        },
        level1: {
          type: 'terms',
          ...terms(
            rows.map((r) => r.level),
            1,
          ),
        },
        host: {
          type: 'terms',
          ...terms(
            rows.map((r) => r.host),
            4,
          ),
        },
        code: {
          type: 'terms',
          ...terms(
            rows.map((r) => r.code),
            2,
          ),
        },
        count: { type: 'count', value: rows.length },
      });
    };
    await check('TRUE', data);
    await check(
      `"host.name" = 'b'`,
      data.filter((d) => d.host === 'b'),
    );
    await check('FALSE', []);
    // the count alone, and the count beside one terms aggregation
    const alone = await conn.runAndReadAll(facetSql([{ name: 'n', kind: 'count' }], 't', `code = 500`));
    expect(facetResults([{ name: 'n', kind: 'count' }], alone.getRowObjectsJS())).toEqual({
      n: { type: 'count', value: data.filter((d) => d.code === 500).length },
    });
    const pair: FacetSpec[] = [
      { name: 'n', kind: 'count' },
      { name: 'h', kind: 'terms', col: host, size: 2 },
    ];
    const both = await conn.runAndReadAll(facetSql(pair, 't', 'TRUE'));
    expect(facetResults(pair, both.getRowObjectsJS())).toEqual({
      n: { type: 'count', value: data.length },
      h: {
        type: 'terms',
        ...terms(
          data.map((d) => d.host),
          2,
        ),
      },
    });
    conn.closeSync();
    instance.closeSync();
  });
});
