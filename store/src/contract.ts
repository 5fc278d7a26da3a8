/**
 * The LogStore contract: what every backend (embedded DuckDB, OpenSearch, Elasticsearch)
 * implements with the same answers. One contract test suite (contract.engine.test.ts) holds
 * every backend to it.
 *
 * Conventions shared by all backends:
 * - Times are epoch milliseconds (UTC). `from` is inclusive, `to` is exclusive.
 * - Default sort is `@timestamp` descending, then `_id` ascending as the tiebreaker; deep paging
 *   passes the last hit's `sort` values as `searchAfter`.
 * - Free text (KQL without a field) searches `message`, `error.message` and `error.stack_trace`
 *   (the text fields), tokenised like Elasticsearch's standard analyzer (see text.ts).
 * - Keyword fields match exactly (case-sensitive); text fields match words case-insensitively.
 * - A query on a field the store has never seen matches nothing (no error).
 */
import type { FieldType, KqlNode, LogDocument, LogEvent } from '@driftwood/core';

export type SortValues = Array<string | number>;

export interface QueryInput {
  /** KQL text or an already parsed AST. Empty / undefined matches everything. */
  query?: string | KqlNode;
  /** Inclusive start, epoch ms. */
  from?: number;
  /** Exclusive end, epoch ms. */
  to?: number;
}

export interface SearchRequest extends QueryInput {
  /** Defaults to [{ field: '@timestamp', order: 'desc' }]; `_id` asc is always appended as tiebreaker. */
  sort?: Array<{ field: string; order: 'asc' | 'desc' }>;
  /** Page size, default 100, at most 10,000. */
  size?: number;
  /** The `sort` of the last hit of the previous page. */
  searchAfter?: SortValues;
}

export interface SearchHit {
  id: string;
  /** The stored document, nested ECS shape, `@timestamp` as ISO 8601 with milliseconds (UTC). */
  doc: LogDocument;
  sort: SortValues;
}

export interface SearchResponse {
  /** Exact number of matching events. */
  total: number;
  hits: SearchHit[];
}

/**
 * Aggregations (issue #17), as Kibana Lens / OpenSearch users know them. Plain JSON.
 *
 * - Metrics (`count`, `cardinality`, `avg`, `sum`, `min`, `max`, `percentiles`, `median`,
 *   `last_value`) run over the whole range or, as `aggs` of a bucket aggregation, per bucket.
 * - Bucket aggregations (`date_histogram`, `terms`, `filters`, `histogram`) take `aggs`: named
 *   sub-aggregations answered for every bucket (a terms `other` count has none). Bucket
 *   aggregations nest up to MAX_BUCKET_DEPTH levels (a 4th is INPUT_INVALID).
 * - A sub-aggregation of a bucket runs over the bucket's documents: a date histogram bucket is the
 *   time range [key, key + interval) within the request's; a terms bucket is `field: key`; the
 *   missing bucket `not field:*`; a filters bucket its KQL; a histogram bucket
 *   `field >= key and field < key + interval`. A nested date histogram spans its bucket's range.
 */
export type AggregationSpec =
  | { type: 'count' }
  /** Buckets aligned to the UTC epoch; every bucket from `from` to `to` present (zero counts included). */
  | {
      type: 'date_histogram';
      /** Fixed interval in ms; when absent one is chosen from the range (autoInterval). */
      intervalMs?: number;
      /** Split each bucket by the top values of a field (e.g. log.level). */
      split?: { field: string; size: number };
      /** Metrics (or further buckets) per bucket, in every bucket (empty ones included). */
      aggs?: Record<string, AggregationSpec>;
    }
  /**
   * Top values by count (ties by key ascending), with the count of all other documents that have
   * the field. `missing: true` adds the count of documents without the field (`missing`).
   */
  | { type: 'terms'; field: string; size: number; missing?: boolean; aggs?: Record<string, AggregationSpec> }
  | { type: 'min' | 'max' | 'avg' | 'sum' | 'cardinality'; field: string }
  | { type: 'percentiles'; field: string; percents: number[] }
  /**
   * The 50th percentile, computed exactly as `percentiles` computes `50` on the same backend:
   * linear interpolation between the closest ranks on the embedded store; the engines' t-digest
   * (compression 1000) gives the same value while it holds every value as its own centroid (up to
   * about a thousand values in the bucket), a close estimate past that.
   */
  | { type: 'median'; field: string }
  /**
   * The value of `field` on the newest event that has the field (by `@timestamp`, ties by `_id`
   * ascending, as the default sort); null when none has it. Dates as epoch ms, booleans as
   * booleans, several values as an array.
   */
  | { type: 'last_value'; field: string }
  /** One bucket per named KQL query (in the order given), each with its count and `aggs`. */
  | { type: 'filters'; filters: Array<{ key: string; query: string }>; aggs?: Record<string, AggregationSpec> }
  /**
   * Numeric histogram: buckets of `interval` on a numeric field (key = floor(value / interval) *
   * interval), every bucket from the smallest value's to the largest value's present. An interval
   * that would make more than MAX_BUCKETS buckets is doubled until it does not (the result says
   * which interval was used).
   */
  | { type: 'histogram'; field: string; interval: number; aggs?: Record<string, AggregationSpec> };

/** Bucket aggregations nest this deep at most (terms within terms within a date histogram). */
export const MAX_BUCKET_DEPTH = 3;

export interface TermsBucket {
  key: string | number;
  count: number;
  /** The sub-aggregations' answers, when `aggs` was asked for. */
  aggs?: Record<string, AggregationResult>;
}

export interface HistogramBucket {
  /** Bucket start, epoch ms. */
  key: number;
  count: number;
  /** Present when `split` was asked for. */
  split?: { buckets: TermsBucket[]; other: number };
  /** The sub-aggregations' answers, when `aggs` was asked for. */
  aggs?: Record<string, AggregationResult>;
}

/** A bucket of a `filters` or numeric `histogram` aggregation, or a terms `missing` bucket. */
export interface KeyedBucket<K> {
  key: K;
  count: number;
  aggs?: Record<string, AggregationResult>;
}

export type AggregationResult =
  | { type: 'count'; value: number }
  | { type: 'date_histogram'; intervalMs: number; buckets: HistogramBucket[] }
  /** `missing` is present when it was asked for. */
  | {
      type: 'terms';
      buckets: TermsBucket[];
      other: number;
      missing?: { count: number; aggs?: Record<string, AggregationResult> };
    }
  | { type: 'min' | 'max' | 'avg' | 'sum' | 'cardinality'; value: number | null }
  | { type: 'percentiles'; values: Record<string, number | null> }
  | { type: 'median'; value: number | null }
  | { type: 'last_value'; value: LastValue }
  | { type: 'filters'; buckets: Array<KeyedBucket<string>> }
  | { type: 'histogram'; interval: number; buckets: Array<KeyedBucket<number>> };

/** A field's value as `last_value` reports it. */
export type LastValue = string | number | boolean | null | Array<string | number | boolean>;

export interface AggregateRequest extends QueryInput {
  aggs: Record<string, AggregationSpec>;
  /**
   * Runs the same request over an earlier window: `from` and `to` minus this (`30m`, `1h`, `1d`,
   * `1w`; units s, m, h, d, w). Results are keyed as the request's; date histogram keys are the
   * shifted window's times (a caller comparing with the unshifted answer adds the shift back).
   */
  timeShift?: string;
}

export interface FieldInfo {
  name: string;
  type: FieldType;
  /** Whether the field can be searched and aggregated (text fields cannot be aggregated). */
  aggregatable: boolean;
}

export type WriteOutcome =
  | { id: string; status: 'stored' }
  /** The id was already stored: a repeat, nothing changed. */
  | { id: string; status: 'duplicate' }
  /** Stored, but these fields conflicted with the mapping and were moved under `driftwood.conflicts.*`. */
  | { id: string; status: 'stored_with_conflicts'; conflicts: Array<{ field: string; reason: string }> }
  /** Not stored: the caller sends it to the dead-letter store with the reason. */
  | { id: string; status: 'rejected'; reason: string; retryable: boolean };

export interface SavedObject {
  id: string;
  /** search | dashboard | visualization | alert_rule | alert_state | … */
  type: string;
  title: string;
  attributes: Record<string, unknown>;
  /** ISO 8601, set by the store. */
  updatedAt?: string;
}

export interface TailOptions extends Omit<QueryInput, 'from' | 'to'> {
  /** Only events with @timestamp >= since (default: now). */
  since?: number;
  /** Poll interval, ms (default 1000). */
  intervalMs?: number;
  /**
   * How much older than the newest event yielded a late one may be and still be yielded (ms,
   * default 2000): events do not always become visible in timestamp order (store/src/tail.ts).
   */
  lookbackMs?: number;
  signal?: AbortSignal;
}

export interface LogStore {
  readonly kind: 'embedded' | 'opensearch' | 'elasticsearch';
  /** Creates tables / index templates as needed. Idempotent. */
  init(): Promise<void>;
  /** Idempotent by event id; one outcome per event, in order. Never throws for a bad event. */
  write(events: LogEvent[]): Promise<WriteOutcome[]>;
  /** Makes everything written so far visible to search (refresh). */
  flush(): Promise<void>;
  search(request: SearchRequest): Promise<SearchResponse>;
  count(request: QueryInput): Promise<number>;
  aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>>;
  fields(): Promise<FieldInfo[]>;
  /**
   * New matching events as they arrive, each once, oldest first in each poll; one that becomes
   * visible after newer ones is still yielded when no older than `lookbackMs` before the newest
   * yielded. Ends when the signal aborts.
   */
  tail(options: TailOptions): AsyncIterable<SearchHit>;
  /** Deletes events with @timestamp older than the cutoff; resolves to how many were deleted (when known). */
  deleteOlderThan(cutoffMs: number): Promise<number>;
  saveObject(object: SavedObject): Promise<SavedObject>;
  getObject(type: string, id: string): Promise<SavedObject | undefined>;
  listObjects(type: string): Promise<SavedObject[]>;
  deleteObject(type: string, id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** Fields searched by free text (KQL without a field). */
export const TEXT_FIELDS = ['message', 'error.message', 'error.stack_trace'] as const;
/** Prefix under which values that conflict with a field's mapping are kept (as strings). */
export const CONFLICT_PREFIX = 'driftwood.conflicts';
/** Tag added to an event stored with conflicts. */
export const CONFLICT_TAG = '_mapping_conflict';
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 10_000;
