/**
 * A fast path for the commonest panels: a date histogram or a terms aggregation (of a plain
 * column) with metrics per bucket (count, min, max, avg, sum, cardinality, median, percentiles of
 * plain columns). One GROUP BY over the matching rows answers every bucket's metrics, where the plain path (nested-aggs.ts) asks one request per
 * bucket. Taken with the `facets` fast path on; the oracle compares it with the plain path.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregationResult, AggregationSpec, HistogramBucket, TermsBucket } from '../contract.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { num, type StoreContext } from './context.ts';
import { termKey } from './facets.ts';
import type { AggSource } from './filter-copy.ts';
import { quoteIdent } from './sql.ts';

type Metric = Extract<
  AggregationSpec,
  { type: 'count' | 'min' | 'max' | 'avg' | 'sum' | 'cardinality' | 'median' | 'percentiles' }
>;

const METRICS: ReadonlySet<string> = new Set([
  'count',
  'min',
  'max',
  'avg',
  'sum',
  'cardinality',
  'median',
  'percentiles',
]);

/** The metrics, when every one of them can be grouped by bucket (no list column, no nesting). */
export function groupableMetrics(
  aggs: Record<string, AggregationSpec>,
  column: (field: string) => ColumnInfo | undefined,
): Array<[string, Metric, ColumnInfo | undefined]> | undefined {
  const out: Array<[string, Metric, ColumnInfo | undefined]> = [];
  for (const [name, spec] of Object.entries(aggs)) {
    if (!METRICS.has(spec.type)) return undefined;
    const metric = spec as Metric;
    const col = 'field' in metric ? column(metric.field) : undefined;
    if (col?.list) return undefined;
    out.push([name, metric, col]);
  }
  return out;
}

const fractions = (percents: number[]) => percents.map((p) => Math.min(Math.max(p / 100, 0), 1));

function expression(metric: Metric, col: ColumnInfo | undefined): string | undefined {
  if (metric.type === 'count' || !col) return undefined;
  const v = quoteIdent(col.column);
  switch (metric.type) {
    case 'cardinality':
      return `count(DISTINCT ${v})`;
    case 'sum':
      // a double, as OpenSearch and Elasticsearch answer it (and never DuckDB's int64 overflow)
      return `sum(CAST(${v} AS DOUBLE))`;
    case 'median':
      return `quantile_cont(${v}, [0.5])`;
    case 'percentiles':
      return metric.percents.length === 0
        ? undefined
        : `quantile_cont(${v}, [${fractions(metric.percents).join(', ')}])`;
    default:
      return `${metric.type}(${v})`;
  }
}

/** A metric's answer from its grouped value (undefined: no value in the bucket, or no column). */
function result(metric: Metric, x: unknown, count: number): AggregationResult {
  switch (metric.type) {
    case 'count':
      return { type: 'count', value: count };
    case 'sum':
    case 'cardinality':
      return { type: metric.type, value: x === null || x === undefined ? 0 : num(x) };
    case 'median': {
      const q = (x as Array<number | null> | null | undefined)?.[0];
      return { type: 'median', value: q === null || q === undefined ? null : num(q) };
    }
    case 'percentiles': {
      const values: Record<string, number | null> = {};
      const q = (x as Array<number | null> | null | undefined) ?? [];
      metric.percents.forEach((p, i) => {
        const v = q[i];
        values[String(p)] = v === null || v === undefined ? null : num(v);
      });
      return { type: 'percentiles', values };
    }
    default:
      return { type: metric.type, value: x === null || x === undefined ? null : num(x) };
  }
}

/** Every bucket's metrics (the buckets zero-filled already), by one GROUP BY of the bucket start. */
export function bucketMetrics(
  ctx: StoreContext,
  metrics: Array<[string, Metric, ColumnInfo | undefined]>,
  buckets: HistogramBucket[],
  interval: number,
  source: AggSource,
  conn: DuckDBConnection,
): Promise<void> {
  const group = `(${quoteIdent(TIMESTAMP_COLUMN)} // ${interval}) * ${interval}`;
  return groupedMetrics(ctx, metrics, buckets, group, 'TRUE', num, source, conn);
}

/** Every terms bucket's metrics, by one GROUP BY of the (plain, not list) terms column. */
export function termsMetrics(
  ctx: StoreContext,
  metrics: Array<[string, Metric, ColumnInfo | undefined]>,
  buckets: TermsBucket[],
  col: ColumnInfo,
  source: AggSource,
  conn: DuckDBConnection,
): Promise<void> {
  const id = quoteIdent(col.column);
  return groupedMetrics(ctx, metrics, buckets, id, `${id} IS NOT NULL`, (v) => termKey(v, col.type), source, conn);
}

async function groupedMetrics(
  ctx: StoreContext,
  metrics: Array<[string, Metric, ColumnInfo | undefined]>,
  buckets: Array<{ key: string | number; count: number; aggs?: Record<string, AggregationResult> }>,
  group: string,
  present: string,
  keyOf: (v: unknown) => string | number,
  source: AggSource,
  conn: DuckDBConnection,
): Promise<void> {
  const exprs = metrics.map(([, m, col]) => expression(m, col));
  const rows =
    exprs.every((e) => e === undefined) || buckets.every((b) => b.count === 0)
      ? []
      : await ctx.rows(
          `SELECT ${group} AS k${exprs
            .map((e, i) => (e === undefined ? '' : `, ${e} AS m${i}`))
            .join('')} FROM ${source.table} WHERE ${source.where} AND ${present} GROUP BY 1`,
          source.params,
          conn,
        );
  const byKey = new Map(rows.map((r) => [keyOf(r.k), r]));
  for (const b of buckets) {
    const row = byKey.get(b.key);
    const aggs: Record<string, AggregationResult> = {};
    metrics.forEach(([name, m], i) => {
      aggs[name] = result(m, row?.[`m${i}`], b.count);
    });
    b.aggs = aggs;
  }
}
