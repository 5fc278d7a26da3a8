/**
 * Aggregations: AggregationSpec → engine `aggs`, and the engine's answer → AggregationResult.
 * Pure: the store resolves field types and time bounds first and passes them in.
 */
import { DriftwoodError, type FieldType, getField, type JsonValue, type LogDocument } from '@driftwood/core';
import type { AggregationResult, AggregationSpec, HistogramBucket, LastValue, TermsBucket } from '../contract.ts';
import { isAggregatable } from '../field-catalog.ts';
import { fillHistogram, histogramInterval } from '../histogram.ts';
import type { Dsl } from './dsl.ts';
import { ID_FIELD } from './indices.ts';

export const CARDINALITY_PRECISION = 40_000;
export const TDIGEST_COMPRESSION = 1000;
/** Terms collected per shard (each daily index is a shard): enough for exact counts. */
export function shardSize(size: number): number {
  return Math.max(size * 10, 10_000);
}

export interface AggContext {
  /** Field type from the catalogue, undefined when unknown. */
  typeOf(field: string): FieldType | undefined;
  /** The histogram range (the request's, or the data's when the request has none). */
  from?: number;
  to?: number;
  engine: 'opensearch' | 'elasticsearch';
}

/** One aggregation, compiled: what to ask the engine and how to read its answer. */
export interface CompiledAgg {
  request: Record<string, Dsl>;
  read(aggregations: Record<string, unknown>, total: number): AggregationResult;
  /** Cardinality: the field whose distinct values to count exactly when the estimate is small enough. */
  exactCardinality?: string;
}

/** Cardinalities estimated below this are counted exactly (composite paging); HLL is approximate. */
export const EXACT_CARDINALITY_LIMIT = 44_000;
export const COMPOSITE_PAGE = 10_000;

/** One page of distinct values of a field (composite aggregation). */
export function compositeRequest(field: string, after?: Record<string, unknown>): Dsl {
  const composite: Record<string, unknown> = { size: COMPOSITE_PAGE, sources: [{ v: { terms: { field } } }] };
  if (after !== undefined) composite.after = after;
  return { distinct: { composite } };
}

interface RawTermsBucket {
  key: string | number;
  key_as_string?: string;
  doc_count: number;
  [sub: string]: unknown;
}

interface RawTerms {
  buckets?: RawTermsBucket[];
  sum_other_doc_count?: number;
}

const NUMERIC: ReadonlySet<FieldType> = new Set(['long', 'double', 'date', 'boolean']);

function checkField(spec: { type: string; field: string }, type: FieldType | undefined, numeric = false): void {
  if (type === undefined) return;
  if (!isAggregatable(type)) {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `Cannot run a ${spec.type} aggregation on ${spec.field}: it is a ${type} field, which cannot be aggregated`,
      { details: { field: spec.field, type } },
    );
  }
  if (numeric && !NUMERIC.has(type)) {
    throw new DriftwoodError(
      'INPUT_INVALID',
      `Cannot run a ${spec.type} aggregation on ${spec.field}: it is a ${type} field, not a number or date`,
      { details: { field: spec.field, type } },
    );
  }
}

function termsRequest(field: string, size: number): Dsl {
  const n = Math.max(1, Math.floor(size));
  return {
    terms: {
      field,
      size: n,
      shard_size: shardSize(n),
      order: [{ _count: 'desc' }, { _key: 'asc' }],
    },
  };
}

/** Bucket keys as the contract has them: numbers for numeric fields, `true`/`false` for booleans. */
function termsKey(bucket: RawTermsBucket, type: FieldType | undefined): string | number {
  if (type === 'boolean') return bucket.key_as_string ?? String(bucket.key === 1 || bucket.key === 'true');
  return bucket.key;
}

export function readTerms(
  raw: RawTerms | undefined,
  size: number,
  type: FieldType | undefined,
): { buckets: TermsBucket[]; other: number } {
  const all = (raw?.buckets ?? []).map((b) => ({ key: termsKey(b, type), count: b.doc_count }));
  const n = Math.max(1, Math.floor(size));
  const buckets = all.slice(0, n);
  const cut = all.slice(n).reduce((sum, b) => sum + b.count, 0);
  return { buckets, other: (raw?.sum_other_doc_count ?? 0) + cut };
}

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The key a percent has in results: as given (`50`, `95`, `99.9`). */
export function percentKey(p: number): string {
  return String(p);
}

/** A `_source` value as `last_value` reports it: typed by the catalogue (dates as epoch ms). */
function lastValueOf(v: JsonValue | undefined, type: FieldType | undefined): LastValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) {
    const all = v
      .map((x) => lastValueOf(x, type))
      .filter((x): x is string | number | boolean => x !== null && !Array.isArray(x));
    return all.length === 0 ? null : all.length === 1 ? (all[0] as string | number | boolean) : all;
  }
  if (typeof v === 'object') return null;
  switch (type) {
    case 'long':
    case 'double':
      return Number(v);
    case 'date':
      return typeof v === 'number' ? v : Date.parse(String(v));
    case 'boolean':
      return v === true || v === 'true';
    default:
      return String(v);
  }
}

export function compileAgg(name: string, spec: AggregationSpec, ctx: AggContext): CompiledAgg {
  switch (spec.type) {
    case 'count':
      return { request: {}, read: (_aggs, total) => ({ type: 'count', value: total }) };

    case 'terms': {
      const type = ctx.typeOf(spec.field);
      checkField(spec, type);
      const metrics = bucketMetrics(spec.aggs, ctx);
      const request = termsRequest(spec.field, spec.size);
      if (metrics) request.aggs = metrics.request;
      return {
        request: { [name]: request },
        read: (aggs) => {
          const raw = aggs[name] as RawTerms | undefined;
          const result = readTerms(raw, spec.size, type);
          // metrics per bucket (asked by nested-aggs.ts), read from the same engine buckets
          if (metrics) {
            result.buckets.forEach((b, i) => {
              const bucket = raw?.buckets?.[i];
              b.aggs = metrics.read(bucket ?? {}, bucket?.doc_count ?? 0);
            });
          }
          return { type: 'terms', ...result };
        },
      };
    }

    case 'min':
    case 'max':
    case 'avg':
    case 'sum': {
      checkField(spec, ctx.typeOf(spec.field), true);
      const countName = `${name}_n`;
      return {
        request: {
          [name]: { [spec.type]: { field: spec.field } },
          [countName]: { value_count: { field: spec.field } },
        },
        read: (aggs) => {
          const n = (aggs[countName] as { value?: number } | undefined)?.value ?? 0;
          const value = finite((aggs[name] as { value?: unknown } | undefined)?.value);
          // No values: sum is 0 (as SQL's, once coalesced), the others have no answer.
          if (spec.type === 'sum') return { type: 'sum', value: n === 0 ? 0 : (value ?? 0) };
          return { type: spec.type, value: n === 0 ? null : value };
        },
      };
    }

    case 'cardinality': {
      checkField(spec, ctx.typeOf(spec.field));
      return {
        exactCardinality: spec.field,
        request: { [name]: { cardinality: { field: spec.field, precision_threshold: CARDINALITY_PRECISION } } },
        read: (aggs) => ({
          type: 'cardinality',
          value: finite((aggs[name] as { value?: unknown } | undefined)?.value) ?? 0,
        }),
      };
    }

    case 'percentiles': {
      checkField(spec, ctx.typeOf(spec.field), true);
      const tdigest: Record<string, unknown> = { compression: TDIGEST_COMPRESSION };
      if (ctx.engine === 'elasticsearch') tdigest.execution_hint = 'high_accuracy';
      const percents = spec.percents;
      return {
        request:
          percents.length === 0
            ? {}
            : { [name]: { percentiles: { field: spec.field, percents, keyed: false, tdigest } } },
        read: (aggs) => {
          const raw = (aggs[name] as { values?: Array<{ key: number; value: unknown }> } | undefined)?.values ?? [];
          const values: Record<string, number | null> = {};
          percents.forEach((p, i) => {
            const hit = raw.find((v) => v.key === p) ?? raw[i];
            values[percentKey(p)] = finite(hit?.value);
          });
          return { type: 'percentiles', values };
        },
      };
    }

    case 'last_value': {
      const type = ctx.typeOf(spec.field);
      checkField(spec, type);
      return {
        request: {
          [name]: {
            filter: { exists: { field: spec.field } },
            aggs: {
              top: {
                top_hits: {
                  size: 1,
                  sort: [{ '@timestamp': { order: 'desc' } }, { [ID_FIELD]: { order: 'asc' } }],
                  _source: { includes: [spec.field] },
                },
              },
            },
          },
        },
        read: (aggs) => {
          const raw = aggs[name] as { top?: { hits?: { hits?: Array<{ _source?: LogDocument }> } } } | undefined;
          const source = raw?.top?.hits?.hits?.[0]?._source;
          return {
            type: 'last_value',
            value: source === undefined ? null : lastValueOf(getField(source, spec.field), type),
          };
        },
      };
    }

    case 'histogram': {
      const type = ctx.typeOf(spec.field);
      checkField(spec, type, true);
      if (type !== undefined && type !== 'long' && type !== 'double') {
        throw new DriftwoodError(
          'INPUT_INVALID',
          `Cannot run a histogram aggregation on ${spec.field}: it is a ${type} field, not a number`,
          { details: { field: spec.field, type } },
        );
      }
      if (!(Number.isFinite(spec.interval) && spec.interval > 0))
        throw new DriftwoodError('INPUT_INVALID', 'histogram interval must be a positive number');
      return {
        request: { [name]: { histogram: { field: spec.field, interval: spec.interval, min_doc_count: 1 } } },
        read: (aggs) => {
          const raw =
            (aggs[name] as { buckets?: Array<{ key: number; doc_count: number }> } | undefined)?.buckets ?? [];
          return {
            type: 'histogram',
            interval: spec.interval,
            buckets: raw.filter((b) => b.doc_count > 0).map((b) => ({ key: Number(b.key), count: b.doc_count })),
          };
        },
      };
    }

    case 'median':
    case 'filters':
      throw new DriftwoodError('INTERNAL', `${spec.type} reaches the engine only through nested-aggs.ts`);

    case 'date_histogram': {
      const split = spec.split;
      if (split !== undefined) checkField({ type: 'split', field: split.field }, ctx.typeOf(split.field));
      const splitType = split === undefined ? undefined : ctx.typeOf(split.field);
      const { from, to } = ctx;
      if (from === undefined || to === undefined || !(to > from)) {
        // No documents and no range: nothing to bucket.
        const intervalMs = spec.intervalMs ?? histogramInterval(0, 0);
        return { request: {}, read: () => ({ type: 'date_histogram', intervalMs, buckets: [] }) };
      }
      const intervalMs = histogramInterval(from, to, spec.intervalMs);
      const histogram: Dsl = {
        date_histogram: {
          field: '@timestamp',
          fixed_interval: `${intervalMs}ms`,
          min_doc_count: 0,
          extended_bounds: { min: from, max: to - 1 },
        },
      };
      if (split !== undefined) histogram.aggs = { split: termsRequest(split.field, split.size) };
      const metrics = bucketMetrics(spec.aggs, ctx);
      if (metrics) histogram.aggs = { ...(histogram.aggs as Record<string, Dsl> | undefined), ...metrics.request };
      return {
        request: { [name]: histogram },
        read: (aggs) => {
          const raw = (aggs[name] as { buckets?: RawTermsBucket[] } | undefined)?.buckets ?? [];
          const buckets: HistogramBucket[] = raw
            .map((b) => {
              const bucket: HistogramBucket = { key: Number(b.key), count: b.doc_count };
              if (split !== undefined && b.doc_count > 0) {
                bucket.split = readTerms(b.split as RawTerms | undefined, split.size, splitType);
              }
              if (metrics) bucket.aggs = metrics.read(b, b.doc_count);
              return bucket;
            })
            .filter((b) => b.key >= Math.floor(from / intervalMs) * intervalMs && b.key < to);
          // The engine returns the empty buckets too (min_doc_count 0): they get the empty split
          // fillHistogram gives them on the embedded store (when any bucket has a split).
          if (buckets.some((b) => b.split !== undefined))
            for (const b of buckets) b.split ??= { buckets: [], other: 0 };
          const filled = fillHistogram(buckets, from, to, intervalMs);
          if (metrics) for (const b of filled) b.aggs ??= metrics.read({}, 0);
          return { type: 'date_histogram', intervalMs, buckets: filled };
        },
      };
    }
  }
}

/** Metrics the engine answers per date histogram bucket as exactly as in a request of their own. */
const BUCKET_METRICS: ReadonlySet<string> = new Set(['count', 'min', 'max', 'avg', 'sum', 'median', 'percentiles']);

/**
 * A date histogram's or terms aggregation's metrics per bucket as sub-aggregations of the engine's
 * (one request), or undefined: none asked, or one (cardinality: exact only by paging) that the shared
 * layer (nested-aggs.ts) then asks bucket by bucket. Under terms, a value's metrics come from the
 * shards that returned the value, exact while shard_size covers every value (as its count is).
 */
function bucketMetrics(
  aggs: Record<string, AggregationSpec> | undefined,
  ctx: AggContext,
):
  | {
      request: Record<string, Dsl>;
      read: (raw: Record<string, unknown>, count: number) => Record<string, AggregationResult>;
    }
  | undefined {
  if (aggs === undefined || !Object.values(aggs).every((s) => BUCKET_METRICS.has(s.type))) return undefined;
  const request: Record<string, Dsl> = {};
  const compiled = Object.entries(aggs).map(([name, spec], i) => {
    const median = spec.type === 'median';
    const flat: AggregationSpec = median ? { type: 'percentiles', field: spec.field, percents: [50] } : spec;
    const agg = compileAgg(`m${i}`, flat, ctx);
    Object.assign(request, agg.request);
    return { name, agg, median };
  });
  return {
    request,
    read: (raw, count) => {
      const out: Record<string, AggregationResult> = {};
      for (const { name, agg, median } of compiled) {
        const r = agg.read(raw, count);
        out[name] = median && r.type === 'percentiles' ? { type: 'median', value: r.values['50'] ?? null } : r;
      }
      return out;
    },
  };
}

/** Whether the spec needs the data's time bounds (a histogram without a request range). */
export function needsBounds(specs: Record<string, AggregationSpec>, from?: number, to?: number): boolean {
  return (from === undefined || to === undefined) && Object.values(specs).some((s) => s.type === 'date_histogram');
}
