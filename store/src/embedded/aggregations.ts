/**
 * Aggregations. Counts, terms and date histograms (with a split) of one request join one facet
 * query (facets.ts) — read from the rollups when the query has no filter or only leaves events
 * out, `not E` (rollups.ts) — and the
 * others each get a query of their own (`aggregateOne`), over a copy of the matching rows when
 * there are any (filter-copy.ts). The facet query also counts the matches for a search of the same
 * filter in flight (shared-count.ts). With facets off, every aggregation is answered by
 * `aggregateOne`, the plain path.
 *
 * Issue #17's shapes (sub-aggregations, `median`, `filters`, terms `missing`, time shift) are
 * reduced to flat aggregations by nested-aggs.ts, shared with the other backends; what reaches
 * this file, and which path answers it:
 * - `median` arrives as `percentiles [50]`; a time shift as a moved `from`/`to`: both as above
 *   (facets and rollups included).
 * - A date histogram with one plain terms below arrives as a histogram with a `split`: the facet
 *   query or the rollups, as any split.
 * - A date histogram or a terms aggregation with only metrics below (count, min, max, avg, sum,
 *   cardinality, median, percentiles of plain columns): one GROUP BY (bucket-metrics.ts) with
 *   facets on, never the rollups nor a filter copy; the plain path asks bucket by bucket.
 * - Any other sub-aggregation (filters, numeric histogram, last_value, deeper buckets, list
 *   columns): a flat request per bucket, narrowed to the bucket, served like any other request.
 * - `histogram` (numeric) and `last_value`: a query of their own (value-aggs.ts), never the
 *   rollups nor a filter copy.
 */
import { DriftwoodError, type FieldType } from '@driftwood/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  AggregateRequest,
  AggregationResult,
  AggregationSpec,
  HistogramBucket,
  QueryInput,
  TermsBucket,
} from '../contract.ts';
import { fillHistogram, histogramInterval } from '../histogram.ts';
import { aggregateNested } from '../nested-aggs.ts';
import { bucketMetrics, groupableMetrics, termsMetrics } from './bucket-metrics.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { num, type StoreContext } from './context.ts';
import { exclusionOf } from './exclusion.ts';
import { type FacetSpec, facetable, facetResults, facetSql, MAX_FACETS_PER_QUERY, termKey } from './facets.ts';
import { type AggSource, withFilterCopy } from './filter-copy.ts';
import { rollupCovers, rollupFacetSql, rollupResults } from './rollups.ts';
import { timeOnly, where } from './search.ts';
import { type CountShares, MATCHES } from './shared-count.ts';
import { type Compiled, quoteIdent, type SqlParam } from './sql.ts';
import { lastValue, numericHistogram } from './value-aggs.ts';

export function aggregate(
  ctx: StoreContext,
  counts: CountShares,
  request: AggregateRequest,
): Promise<Record<string, AggregationResult>> {
  return aggregateNested(request, (flat) => aggregateFlat(ctx, counts, flat), {
    bucketCounts: ctx.fast('bucket-counts'),
  });
}

async function aggregateFlat(
  ctx: StoreContext,
  counts: CountShares,
  request: AggregateRequest,
): Promise<Record<string, AggregationResult>> {
  const w = where(ctx, request);
  const plain = timeOnly(ctx, request);
  // a search of the same filter may take its count from the facet query (see shared-count.ts)
  const offer = plain || !ctx.fast('shared-count') ? undefined : counts.offer(w);
  try {
    return await aggregateWith(ctx, request, w, plain, offer);
  } finally {
    offer?.(undefined);
  }
}

async function aggregateWith(
  ctx: StoreContext,
  request: AggregateRequest,
  w: Compiled,
  plain: boolean,
  offer: ((count: number | undefined) => void) | undefined,
): Promise<Record<string, AggregationResult>> {
  const done = new Map<string, AggregationResult>();
  const facets: FacetSpec[] = [];
  const others: Array<[string, AggregationSpec]> = [];
  for (const [name, spec] of Object.entries(request.aggs)) {
    // facets off: each aggregation by a query of its own
    const facet = ctx.fast('facets') ? await facetOf(ctx, name, spec, request) : undefined;
    if (facet === undefined) others.push([name, spec]);
    else if ('kind' in facet) facets.push(facet);
    else done.set(name, facet);
  }
  // the match count for a search in flight: a grouping set the facet query sums from another
  let counted = facets.find((f) => f.kind === 'count')?.name;
  if (offer && counted === undefined && facets.length > 0 && !Object.hasOwn(request.aggs, MATCHES)) {
    facets.push({ name: MATCHES, kind: 'count' });
    counted = MATCHES;
  }
  if (facets.length === 0) offer?.(undefined);
  // the rollups answer a query without a filter, and one that only leaves events out
  const { from, to } = request;
  const rolled =
    ctx.fast('rollups') &&
    ctx.rollupsReady &&
    facets.length > 0 &&
    from !== undefined &&
    to !== undefined &&
    rollupCovers(facets, (c) => ctx.rolled(c));
  const exclusion = rolled && !plain ? exclusionOf(ctx, request) : undefined;
  await ctx.pool.use(async (conn) => {
    const answer = async (source: AggSource) => {
      if (rolled && (plain || exclusion) && from !== undefined && to !== undefined) {
        const q = rollupFacetSql(facets, from, to, exclusion);
        const rows = await ctx.rows(q.sql, q.params, conn);
        for (const [name, result] of Object.entries(rollupResults(facets, rows))) done.set(name, result);
      } else if (facets.length > 0) {
        for (let i = 0; i < facets.length; i += MAX_FACETS_PER_QUERY) {
          const some = facets.slice(i, i + MAX_FACETS_PER_QUERY);
          const rows = await ctx.rows(facetSql(some, source.table, source.where), source.params, conn);
          for (const [name, result] of Object.entries(facetResults(some, rows))) done.set(name, result);
        }
      }
      if (facets.length > 0) {
        const count = counted === undefined ? undefined : done.get(counted);
        offer?.(count?.type === 'count' ? (count.value as number) : undefined);
      }
      for (const [name, spec] of others) done.set(name, await aggregateOne(ctx, spec, source, request, conn));
    };
    // Evaluate an expensive filter once: copy the matching rows' needed columns, then aggregate those.
    // (last_value reads the id column and histogram counts documents by id: the copy has neither)
    const copyable =
      others.length > 0 && others.every(([, s]) => s.type !== 'last_value' && s.type !== 'histogram' && !('aggs' in s));
    if (ctx.fast('filter-copy') && !plain && copyable) await withFilterCopy(ctx, conn, request, w, answer);
    else await answer({ table: 'events', where: w.sql, params: w.params });
  });
  const out: Record<string, AggregationResult> = {};
  for (const name of Object.keys(request.aggs)) out[name] = done.get(name) as AggregationResult;
  return out;
}

/**
 * How an aggregation joins the one-scan facet query: its facet spec, its result when no query is
 * needed, or undefined when it needs a query of its own.
 */
async function facetOf(
  ctx: StoreContext,
  name: string,
  spec: AggregationSpec,
  input: QueryInput,
): Promise<FacetSpec | AggregationResult | undefined> {
  switch (spec.type) {
    case 'count':
      return { name, kind: 'count' };
    case 'terms': {
      const col = valueColumn(ctx, spec.field);
      if (!col) return { type: 'terms', buckets: [], other: 0 };
      // metrics per bucket: asked by nested-aggs.ts, answered in aggregateOne (bucket-metrics.ts)
      if (spec.aggs !== undefined) return undefined;
      return facetable(col) ? { name, kind: 'terms', col, size: Math.max(1, Math.floor(spec.size)) } : undefined;
    }
    case 'date_histogram': {
      // metrics per bucket: asked by nested-aggs.ts, answered in aggregateOne (bucket-metrics.ts)
      if (spec.aggs !== undefined) return undefined;
      const range = await histogramRange(ctx, input, spec.intervalMs);
      if ('empty' in range) return range.empty;
      const { from, to, interval } = range;
      if (!spec.split) return { name, kind: 'histogram', from, to, interval };
      const col = valueColumn(ctx, spec.split.field);
      if (!col || !facetable(col)) return undefined;
      const size = Math.max(1, Math.floor(spec.split.size));
      return { name, kind: 'histogram', from, to, interval, split: { col, size } };
    }
    default:
      return undefined;
  }
}

/** The column of a field to aggregate (none: the field has no values); a text field is refused. */
function valueColumn(ctx: StoreContext, field: string): ColumnInfo | undefined {
  if (ctx.catalog.get(field) === 'text') {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `${field} is a text field and cannot be aggregated; use a keyword field`,
      {
        details: { field },
      },
    );
  }
  return ctx.column(field);
}

/** Rows of (value) for a field, one per value (lists unnested), matching the query. */
function valuesFrom(col: ColumnInfo, source: AggSource): string {
  const id = quoteIdent(col.column);
  const from = `FROM ${source.table} WHERE ${source.where} AND ${id} IS NOT NULL`;
  return col.list
    ? `(SELECT unnest(${id}) AS v, ${quoteIdent(TIMESTAMP_COLUMN)} AS ts ${from})`
    : `(SELECT ${id} AS v, ${quoteIdent(TIMESTAMP_COLUMN)} AS ts ${from})`;
}

/** One aggregation by a query of its own (the plain path of the facet query). */
async function aggregateOne(
  ctx: StoreContext,
  spec: AggregationSpec,
  source: AggSource,
  input: QueryInput,
  conn: DuckDBConnection,
): Promise<AggregationResult> {
  switch (spec.type) {
    case 'count': {
      const [row] = await ctx.rows(
        `SELECT count(*) AS c FROM ${source.table} WHERE ${source.where}`,
        source.params,
        conn,
      );
      return { type: 'count', value: num(row?.c ?? 0) };
    }
    case 'terms': {
      const col = valueColumn(ctx, spec.field);
      if (!col) return { type: 'terms', buckets: [], other: 0 };
      const result = await terms(ctx, valuesFrom(col, source), source.params, spec.size, col.type, conn);
      // the metrics of every bucket in one scan (facets on); else nested-aggs.ts asks per bucket
      if (spec.aggs !== undefined && ctx.fast('facets') && !col.list && result.buckets.length > 0) {
        const metrics = groupableMetrics(spec.aggs, (f) => valueColumn(ctx, f));
        if (metrics) await termsMetrics(ctx, metrics, result.buckets, col, source, conn);
      }
      return { type: 'terms', ...result };
    }
    case 'min':
    case 'max':
    case 'avg':
    case 'sum':
    case 'cardinality': {
      const col = valueColumn(ctx, spec.field);
      if (!col) return { type: spec.type, value: spec.type === 'cardinality' || spec.type === 'sum' ? 0 : null };
      // a sum is a double, as OpenSearch and Elasticsearch answer it (and never DuckDB's int64 overflow)
      const fn =
        spec.type === 'cardinality'
          ? 'count(DISTINCT v)'
          : spec.type === 'sum'
            ? 'sum(CAST(v AS DOUBLE))'
            : `${spec.type}(v)`;
      const [row] = await ctx.rows(`SELECT ${fn} AS x FROM ${valuesFrom(col, source)}`, source.params, conn);
      const x = row?.x;
      const value = x === null || x === undefined ? (spec.type === 'sum' ? 0 : null) : num(x);
      return { type: spec.type, value };
    }
    case 'percentiles': {
      const col = valueColumn(ctx, spec.field);
      const values: Record<string, number | null> = {};
      if (!col) {
        for (const p of spec.percents) values[String(p)] = null;
        return { type: 'percentiles', values };
      }
      const list = spec.percents.map((p) => Math.min(Math.max(p / 100, 0), 1));
      const [row] = await ctx.rows(
        `SELECT quantile_cont(v, [${list.join(', ')}]) AS q FROM ${valuesFrom(col, source)}`,
        source.params,
        conn,
      );
      const q = (row?.q as Array<number | null> | null) ?? [];
      spec.percents.forEach((p, i) => {
        const v = q[i];
        values[String(p)] = v === null || v === undefined ? null : num(v);
      });
      return { type: 'percentiles', values };
    }
    case 'last_value':
      return { type: 'last_value', value: await lastValue(ctx, valueColumn(ctx, spec.field), source, conn) };
    case 'histogram':
      return numericHistogram(ctx, valueColumn(ctx, spec.field), spec.interval, source, conn);
    case 'median':
    case 'filters':
      throw new DriftwoodError('INTERNAL', `${spec.type} reaches the embedded store only through nested-aggs.ts`);
    case 'date_histogram': {
      const range = await histogramRange(ctx, input, spec.intervalMs);
      if ('empty' in range) return range.empty;
      const { from, to, interval } = range;
      const ts = quoteIdent(TIMESTAMP_COLUMN);
      const counts = await ctx.rows(
        `SELECT (${ts} // ${interval}) * ${interval} AS k, count(*) AS c FROM ${source.table} WHERE ${source.where} GROUP BY 1`,
        source.params,
        conn,
      );
      const buckets = new Map<number, HistogramBucket>();
      for (const r of counts) buckets.set(num(r.k), { key: num(r.k), count: num(r.c) });
      if (spec.split) {
        const col = valueColumn(ctx, spec.split.field);
        for (const b of buckets.values()) b.split = { buckets: [], other: 0 };
        if (col) {
          const size = Math.max(1, Math.floor(spec.split.size));
          const rows = await ctx.rows(
            `WITH g AS (SELECT (ts // ${interval}) * ${interval} AS k, v, count(*) AS c FROM ${valuesFrom(col, source)} GROUP BY k, v),
                    r AS (SELECT k, v, c, row_number() OVER (PARTITION BY k ORDER BY c DESC, v ASC) AS rn FROM g)
               SELECT k, v, c, rn FROM r WHERE rn <= ${size}
               UNION ALL SELECT k, NULL, sum(c), ${size + 1} FROM r WHERE rn > ${size} GROUP BY k
               ORDER BY k, rn`,
            source.params,
            conn,
          );
          for (const r of rows) {
            const b = buckets.get(num(r.k));
            if (!b?.split) continue;
            if (num(r.rn) > size) b.split.other = num(r.c);
            else b.split.buckets.push({ key: termKey(r.v, col.type), count: num(r.c) });
          }
        }
      }
      const filled = fillHistogram([...buckets.values()], from, to, interval);
      // the metrics of every bucket in one scan (facets on); else nested-aggs.ts asks per bucket
      if (spec.aggs !== undefined && ctx.fast('facets') && filled.length > 0) {
        const metrics = groupableMetrics(spec.aggs, (f) => valueColumn(ctx, f));
        if (metrics) await bucketMetrics(ctx, metrics, filled, interval, source, conn);
      }
      return { type: 'date_histogram', intervalMs: interval, buckets: filled };
    }
  }
}

async function terms(
  ctx: StoreContext,
  source: string,
  params: SqlParam[],
  size: number,
  type: FieldType,
  conn: DuckDBConnection,
): Promise<{ buckets: TermsBucket[]; other: number }> {
  const n = Math.max(1, Math.floor(size));
  const rows = await ctx.rows(
    `WITH g AS (SELECT v, count(*) AS c FROM ${source} GROUP BY v)
       SELECT v, c, (SELECT sum(c) FROM g) AS total FROM g ORDER BY c DESC, v ASC LIMIT ${n}`,
    params,
    conn,
  );
  const buckets = rows.map((r) => ({ key: termKey(r.v, type), count: num(r.c) }));
  const total = rows.length > 0 ? num(rows[0]?.total) : 0;
  return { buckets, other: total - buckets.reduce((s, b) => s + b.count, 0) };
}

/**
 * A date histogram's range (the query's, else the data's) and interval, or its answer when the
 * range is empty.
 */
async function histogramRange(
  ctx: StoreContext,
  input: QueryInput,
  intervalMs: number | undefined,
): Promise<{ from: number; to: number; interval: number } | { empty: AggregationResult }> {
  const from = input.from ?? (await timeBound(ctx, 'min'));
  const to = input.to ?? (await timeBound(ctx, 'max')) + 1;
  const interval = histogramInterval(from, to, intervalMs);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
    return { empty: { type: 'date_histogram', intervalMs: interval, buckets: [] } };
  return { from, to, interval };
}

async function timeBound(ctx: StoreContext, which: 'min' | 'max'): Promise<number> {
  const [row] = await ctx.rows(`SELECT ${which}(${quoteIdent(TIMESTAMP_COLUMN)}) AS t FROM events`);
  return row?.t === null || row?.t === undefined ? Number.NaN : num(row.t);
}
