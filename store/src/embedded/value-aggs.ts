/**
 * The flat aggregations of issue #17 the embedded store answers by a query of their own (the plain
 * path, never the rollups): `last_value` and the numeric `histogram`'s non-empty buckets.
 */
import { DriftwoodError } from '@driftwood/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregationResult, LastValue } from '../contract.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { num, type StoreContext } from './context.ts';
import type { AggSource } from './filter-copy.ts';
import { quoteIdent } from './sql.ts';

/** A column value as `last_value` reports it: dates epoch ms, integers as numbers, lists as arrays. */
function reported(v: unknown): LastValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) {
    // one value is the value; several, an array (as the search engines' `_source` has them)
    const all = v.map(reported).filter((x): x is string | number | boolean => x !== null && !Array.isArray(x));
    return all.length === 0 ? null : all.length === 1 ? (all[0] as string | number | boolean) : all;
  }
  return v as string | number | boolean;
}

/** The field's value on the newest event that has it (ties by id ascending), null when none. */
export async function lastValue(
  ctx: StoreContext,
  col: ColumnInfo | undefined,
  source: AggSource,
  conn: DuckDBConnection,
): Promise<LastValue> {
  if (!col) return null;
  const id = quoteIdent(col.column);
  const present = col.list ? `${id} IS NOT NULL AND len(${id}) > 0` : `${id} IS NOT NULL`;
  const [row] = await ctx.rows(
    `SELECT ${id} AS v FROM ${source.table} WHERE ${source.where} AND ${present}
       ORDER BY ${quoteIdent(TIMESTAMP_COLUMN)} DESC, "id" ASC LIMIT 1`,
    source.params,
    conn,
  );
  return reported(row?.v);
}

/**
 * The non-empty buckets of a numeric histogram: documents counted once per bucket of
 * floor(value / interval) * interval (in doubles, as the search engines compute it).
 */
export async function numericHistogram(
  ctx: StoreContext,
  col: ColumnInfo | undefined,
  interval: number,
  source: AggSource,
  conn: DuckDBConnection,
): Promise<AggregationResult> {
  if (!(Number.isFinite(interval) && interval > 0))
    throw new DriftwoodError('INPUT_INVALID', 'histogram interval must be a positive number');
  if (!col) return { type: 'histogram', interval, buckets: [] };
  if (col.type !== 'long' && col.type !== 'double') {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `Cannot run a histogram aggregation on ${col.field}: it is a ${col.type} field, not a number`,
      { details: { field: col.field, type: col.type } },
    );
  }
  const id = quoteIdent(col.column);
  const i = `CAST('${String(interval)}' AS DOUBLE)`;
  const values = col.list
    ? `(SELECT DISTINCT "id", floor(CAST(x AS DOUBLE) / ${i}) * ${i} AS k FROM (SELECT "id", unnest(${id}) AS x FROM ${source.table} WHERE ${source.where} AND ${id} IS NOT NULL))`
    : `(SELECT floor(CAST(${id} AS DOUBLE) / ${i}) * ${i} AS k FROM ${source.table} WHERE ${source.where} AND ${id} IS NOT NULL)`;
  const rows = await ctx.rows(`SELECT k, count(*) AS c FROM ${values} GROUP BY k ORDER BY k`, source.params, conn);
  return { type: 'histogram', interval, buckets: rows.map((r) => ({ key: num(r.k), count: num(r.c) })) };
}
