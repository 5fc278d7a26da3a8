/**
 * The aggregations a request answers outside the facet query (metrics, percentiles, terms of list
 * fields) read the matching rows once more each: with an expensive filter (free text, wildcards)
 * that is the filter evaluated again and again. So when there are such aggregations, the matching
 * rows' needed columns are copied to a temp table first, on the aggregations' connection, and every
 * query of the request (the facet query too) reads the copy. The plain path (filter-copy off)
 * queries `events WHERE <filter>` directly.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregateRequest } from '../contract.ts';
import { TIMESTAMP_COLUMN } from './columns.ts';
import type { StoreContext } from './context.ts';
import { type Compiled, quoteIdent, type SqlParam } from './sql.ts';

/** Where aggregations read from: the events table with a filter, or a temp table of matches. */
export interface AggSource {
  table: string;
  where: string;
  params: SqlParam[];
}

/** Temp tables are per connection; a counter keeps their names apart. */
let copies = 0;

/**
 * Runs `fn` on a copy of the rows matching `w` (the columns the request's aggregations need),
 * dropped afterwards.
 */
export async function withFilterCopy<T>(
  ctx: StoreContext,
  conn: DuckDBConnection,
  request: AggregateRequest,
  w: Compiled,
  fn: (source: AggSource) => Promise<T>,
): Promise<T> {
  const temp = `_agg_${++copies}`;
  const needed = new Set<string>([TIMESTAMP_COLUMN]);
  for (const spec of Object.values(request.aggs)) {
    const fields = [
      'field' in spec ? spec.field : undefined,
      spec.type === 'date_histogram' ? spec.split?.field : undefined,
    ];
    for (const f of fields) {
      const col = f === undefined ? undefined : ctx.column(f);
      if (col) needed.add(col.column);
    }
  }
  const list = [...needed].map(quoteIdent).join(', ');
  try {
    await ctx.exec(`CREATE TEMP TABLE ${temp} AS SELECT ${list} FROM events WHERE ${w.sql}`, w.params, conn);
    return await fn({ table: temp, where: 'TRUE', params: [] });
  } finally {
    await ctx.exec(`DROP TABLE IF EXISTS ${temp}`, [], conn);
  }
}
