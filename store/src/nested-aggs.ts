/**
 * The aggregation layer every backend shares (issue #17): time shift, nesting depth, `median`,
 * `filters`, terms `missing`, the numeric histogram's filled range, and sub-aggregations per
 * bucket. It reduces a request to flat aggregations (no `aggs`, no `missing`, no `median`, no
 * `filters`) that the backend answers natively, then answers each bucket's sub-aggregations by the
 * same request narrowed to the bucket (its KQL ANDed as an AST, or its time range). Every backend
 * runs this same code over its own flat answers, so nested answers agree wherever flat ones do.
 */
import { DriftwoodError, type KqlNode, parseKql } from '@driftwood/core';
import {
  type AggregateRequest,
  type AggregationResult,
  type AggregationSpec,
  type KeyedBucket,
  MAX_BUCKET_DEPTH,
  type QueryInput,
} from './contract.ts';
import { MAX_BUCKETS } from './histogram.ts';
import { restrictQuery } from './restricted.ts';

/** A backend's answer to flat aggregations. */
export type FlatAggregate = (request: AggregateRequest) => Promise<Record<string, AggregationResult>>;

/** Buckets whose sub-aggregations are asked at the same time. */
const CONCURRENCY = 4;

const SHIFT_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `1h`, `30m`, `1d`, `2w` → ms; INPUT_INVALID otherwise. */
export function parseTimeShift(shift: string): number {
  const m = /^(\d{1,6})([smhdw])$/.exec(shift.trim());
  if (!m) {
    throw new DriftwoodError('INPUT_INVALID', `timeShift "${shift}" is not a duration like 1h, 1d or 1w`, {
      details: { timeShift: shift },
    });
  }
  return Number(m[1]) * (SHIFT_UNITS[m[2] as string] as number);
}

/** Metrics a backend may answer per date histogram bucket by itself. */
const GROUPABLE: ReadonlySet<string> = new Set([
  'count',
  'min',
  'max',
  'avg',
  'sum',
  'cardinality',
  'median',
  'percentiles',
]);

const BUCKET_TYPES: ReadonlySet<string> = new Set(['date_histogram', 'terms', 'filters', 'histogram']);

function subAggs(spec: AggregationSpec): Record<string, AggregationSpec> | undefined {
  return 'aggs' in spec ? spec.aggs : undefined;
}

/** Refuses bucket aggregations nested deeper than MAX_BUCKET_DEPTH and malformed specs. */
export function checkAggs(aggs: Record<string, AggregationSpec>, depth = 0): void {
  if (aggs === null || typeof aggs !== 'object') throw invalid('aggs must be an object of named aggregations');
  for (const [name, spec] of Object.entries(aggs)) {
    if (spec === null || typeof spec !== 'object') throw invalid(`aggregation ${name} is not an object`);
    const bucket = BUCKET_TYPES.has(spec.type);
    if (bucket && depth + 1 > MAX_BUCKET_DEPTH) {
      throw invalid(`aggregation ${name} nests buckets ${depth + 1} deep; at most ${MAX_BUCKET_DEPTH} levels`);
    }
    if (spec.type === 'histogram' && !(Number.isFinite(spec.interval) && spec.interval > 0)) {
      throw invalid(`histogram ${name}: interval must be a positive number`);
    }
    if (spec.type === 'filters' && (!Array.isArray(spec.filters) || spec.filters.length === 0)) {
      throw invalid(`filters ${name}: give at least one { key, query }`);
    }
    const sub = subAggs(spec);
    if (sub !== undefined) {
      if (!bucket) throw invalid(`aggregation ${name} (${spec.type}) takes no sub-aggregations`);
      checkAggs(sub, depth + 1);
    }
  }
}

function invalid(message: string): DriftwoodError {
  return new DriftwoodError('INPUT_INVALID', message);
}

/** The answer to a request: time shift applied, then the aggregations. */
export interface NestedOptions {
  /**
   * Answer a `count` below a bucket with the bucket's own count (default true; see
   * withoutBucketCounts). The embedded store's plain path turns it off, and its oracle compares.
   */
  bucketCounts?: boolean;
}

export async function aggregateNested(
  request: AggregateRequest,
  flat: FlatAggregate,
  options: NestedOptions = {},
): Promise<Record<string, AggregationResult>> {
  checkAggs(request.aggs);
  let { from, to } = request;
  if (request.timeShift !== undefined) {
    const shift = parseTimeShift(request.timeShift);
    if (from !== undefined) from -= shift;
    if (to !== undefined) to -= shift;
  }
  const input: QueryInput = { query: request.query, from, to };
  const aggs = options.bucketCounts === false ? request.aggs : withoutBucketCounts(request.aggs);
  // a request the backend answers as it is: no layer at all (keeps existing callers' answers)
  const answer = Object.values(aggs).every(isFlat) ? await flat({ ...input, aggs }) : await run(input, aggs, flat);
  return aggs === request.aggs ? answer : withBucketCounts(request.aggs, answer);
}

/**
 * The request without the `count` metrics below its buckets: a bucket's documents are exactly
 * what its own count counts, so they need no query. What is left is often flat (a top-values or
 * date histogram with counts per bucket, the commonest panel: one request, and the embedded
 * store's rollups, instead of a request per bucket); withBucketCounts puts them back.
 */
function withoutBucketCounts(aggs: Record<string, AggregationSpec>): Record<string, AggregationSpec> {
  const out: Record<string, AggregationSpec> = {};
  for (const [name, spec] of Object.entries(aggs)) {
    const sub = subAggs(spec);
    if (sub === undefined) {
      out[name] = spec;
      continue;
    }
    const rest = withoutBucketCounts(Object.fromEntries(Object.entries(sub).filter(([, s]) => s.type !== 'count')));
    const { aggs: _all, ...bare } = spec as AggregationSpec & { aggs?: unknown };
    out[name] = (Object.keys(rest).length > 0 ? { ...bare, aggs: rest } : bare) as AggregationSpec;
  }
  return out;
}

/** The answers with every bucket's `count` metrics put back, in the request's order (see withoutBucketCounts). */
function withBucketCounts(
  aggs: Record<string, AggregationSpec>,
  answers: Record<string, AggregationResult>,
): Record<string, AggregationResult> {
  const out: Record<string, AggregationResult> = {};
  for (const [name, answer] of Object.entries(answers)) {
    const spec = aggs[name];
    const sub = spec === undefined ? undefined : subAggs(spec);
    out[name] = sub === undefined ? answer : countsInBuckets(sub, answer);
  }
  return out;
}

function countsInBuckets(sub: Record<string, AggregationSpec>, answer: AggregationResult): AggregationResult {
  const fill = <B extends { count: number; aggs?: Record<string, AggregationResult> }>(bucket: B): B => {
    const below = withBucketCounts(sub, bucket.aggs ?? {});
    const aggs: Record<string, AggregationResult> = {};
    for (const [name, spec] of Object.entries(sub))
      aggs[name] = spec.type === 'count' ? { type: 'count', value: bucket.count } : (below[name] as AggregationResult);
    return { ...bucket, aggs };
  };
  switch (answer.type) {
    case 'terms':
      return {
        ...answer,
        buckets: answer.buckets.map(fill),
        ...(answer.missing ? { missing: fill(answer.missing) } : {}),
      };
    case 'date_histogram':
      return { ...answer, buckets: answer.buckets.map(fill) };
    case 'filters':
      return { ...answer, buckets: answer.buckets.map(fill) };
    case 'histogram':
      return { ...answer, buckets: answer.buckets.map(fill) };
    default:
      return answer;
  }
}

function isFlat(spec: AggregationSpec): boolean {
  if (spec.type === 'median' || spec.type === 'filters' || spec.type === 'histogram') return false;
  if (spec.type === 'terms' && spec.missing) return false;
  return subAggs(spec) === undefined;
}

/** The flat spec a backend answers for a spec (undefined: none, the layer answers it alone). */
function flatSpec(spec: AggregationSpec): AggregationSpec | undefined {
  switch (spec.type) {
    case 'median':
      return { type: 'percentiles', field: spec.field, percents: [50] };
    case 'filters':
      return undefined;
    case 'terms': {
      const out: AggregationSpec = { type: 'terms', field: spec.field, size: spec.size };
      // metrics only below: a backend may answer them per bucket itself (as for date histograms)
      if (spec.aggs !== undefined && Object.values(spec.aggs).every((s) => GROUPABLE.has(s.type))) out.aggs = spec.aggs;
      return out;
    }
    case 'date_histogram': {
      const out: AggregationSpec = { type: 'date_histogram' };
      if (spec.intervalMs !== undefined) out.intervalMs = spec.intervalMs;
      if (spec.split !== undefined) out.split = spec.split;
      // top values per bucket and nothing else: the histogram's split, which every backend
      // answers in one request (the same ranking, ties and `other` as terms)
      const one = splitTerms(spec);
      if (one !== undefined) out.split = { field: one[1].field, size: one[1].size };
      // metrics only below: a backend may answer them per bucket itself (the embedded store's
      // bucket-metrics.ts); when it does not, they are asked bucket by bucket
      if (spec.aggs !== undefined && Object.values(spec.aggs).every((s) => GROUPABLE.has(s.type))) out.aggs = spec.aggs;
      return out;
    }
    case 'histogram':
      return { type: 'histogram', field: spec.field, interval: spec.interval };
    default:
      return spec;
  }
}

/** The one plain terms aggregation under a date histogram without a split, if that is all it has. */
function splitTerms(
  spec: Extract<AggregationSpec, { type: 'date_histogram' }>,
): [string, Extract<AggregationSpec, { type: 'terms' }>] | undefined {
  if (spec.split !== undefined || spec.aggs === undefined) return undefined;
  const entries = Object.entries(spec.aggs);
  const [only] = entries;
  if (entries.length !== 1 || only === undefined) return undefined;
  const [name, sub] = only;
  if (sub.type !== 'terms' || sub.missing || sub.aggs !== undefined) return undefined;
  return [name, sub];
}

/** A name for an extra aggregation that no caller's name takes. */
function freeName(aggs: Record<string, unknown>, base: string): string {
  let name = base;
  while (Object.hasOwn(aggs, name)) name += '_';
  return name;
}

async function run(
  input: QueryInput,
  aggs: Record<string, AggregationSpec>,
  flat: FlatAggregate,
): Promise<Record<string, AggregationResult>> {
  // filters' queries parsed first: a bad one is KQL_SYNTAX before anything runs
  const filterNodes = new Map<string, KqlNode[]>();
  for (const [name, spec] of Object.entries(aggs)) {
    if (spec.type === 'filters')
      filterNodes.set(
        name,
        spec.filters.map((f) => parseKql(f.query)),
      );
  }
  const flatAggs: Record<string, AggregationSpec> = {};
  for (const [name, spec] of Object.entries(aggs)) {
    const f = flatSpec(spec);
    if (f !== undefined) flatAggs[name] = f;
  }
  const answers = Object.keys(flatAggs).length > 0 ? await flat({ ...input, aggs: flatAggs }) : {};
  const out: Record<string, AggregationResult> = {};
  for (const [name, spec] of Object.entries(aggs)) {
    const answer = answers[name];
    switch (spec.type) {
      case 'median': {
        const v = answer?.type === 'percentiles' ? answer.values['50'] : null;
        out[name] = { type: 'median', value: v ?? null };
        break;
      }
      case 'filters': {
        const nodes = filterNodes.get(name) as KqlNode[];
        const buckets = await inBuckets(
          spec.filters.map((f, i) => ({ key: f.key, input: narrow(input, nodes[i] as KqlNode) })),
          spec.aggs ?? {},
          flat,
          true,
        );
        out[name] = { type: 'filters', buckets };
        break;
      }
      case 'histogram':
        out[name] = await histogram(input, spec, answer, flat);
        break;
      case 'terms': {
        if (answer?.type !== 'terms') throw internal(name);
        const result: Extract<AggregationResult, { type: 'terms' }> = { ...answer };
        if (spec.aggs !== undefined && !answer.buckets.every((b) => b.aggs !== undefined)) {
          const sub = spec.aggs;
          const done = await inBuckets(
            answer.buckets.map((b) => ({ key: b.key, input: narrow(input, termNode(spec.field, b.key)) })),
            sub,
            flat,
            false,
          );
          result.buckets = answer.buckets.map((b, i) => ({ ...b, aggs: done[i]?.aggs ?? {} }));
        }
        if (spec.missing) {
          const none: KqlNode = { type: 'not', child: { type: 'exists', field: spec.field } };
          const [m] = await inBuckets([{ key: '', input: narrow(input, none) }], spec.aggs ?? {}, flat, true);
          result.missing = spec.aggs === undefined ? { count: m?.count ?? 0 } : { count: m?.count ?? 0, aggs: m?.aggs };
        }
        out[name] = result;
        break;
      }
      case 'date_histogram': {
        if (answer?.type !== 'date_histogram') throw internal(name);
        const one = splitTerms(spec);
        if (one !== undefined) {
          const buckets = answer.buckets.map(({ split, ...b }) => ({
            ...b,
            aggs: {
              [one[0]]: { type: 'terms', buckets: split?.buckets ?? [], other: split?.other ?? 0 } as AggregationResult,
            },
          }));
          out[name] = { ...answer, buckets };
          break;
        }
        if (spec.aggs === undefined || answer.buckets.every((b) => b.aggs !== undefined)) {
          out[name] = answer;
          break;
        }
        const interval = answer.intervalMs;
        const done = await timeBuckets(
          answer.buckets.map((b) => ({
            key: b.key,
            count: b.count,
            input: {
              query: input.query,
              from: Math.max(input.from ?? b.key, b.key),
              to: Math.min(input.to ?? b.key + interval, b.key + interval),
            },
          })),
          spec.aggs,
          flat,
        );
        out[name] = { ...answer, buckets: answer.buckets.map((b, i) => ({ ...b, aggs: done[i]?.aggs ?? {} })) };
        break;
      }
      default:
        if (answer === undefined) throw internal(name);
        out[name] = answer;
    }
  }
  return out;
}

function internal(name: string): DriftwoodError {
  return new DriftwoodError('INTERNAL', `the store gave no answer for aggregation ${name}`);
}

/** The input narrowed by a KQL node (ANDed to its query as ASTs, never as strings). */
function narrow(input: QueryInput, node: KqlNode): QueryInput {
  return { ...input, query: restrictQuery(node, input.query) };
}

/** `field: key` for a terms bucket's key (a whole-value match, no wildcard). */
function termNode(field: string, key: string | number): KqlNode {
  // an empty value has no unquoted form
  if (key === '') return { type: 'match', field, value: { kind: 'phrase', text: '' } };
  return { type: 'match', field, value: { kind: 'term', text: String(key), wildcard: false } };
}

/**
 * Sub-aggregations for each bucket (a few at a time); with `counted` each bucket's count is asked
 * too (filters, missing), else the count is left 0 for the caller, who has it.
 */
async function inBuckets<K>(
  buckets: Array<{ key: K; input: QueryInput }>,
  aggs: Record<string, AggregationSpec>,
  flat: FlatAggregate,
  counted: boolean,
): Promise<Array<KeyedBucket<K>>> {
  const countName = freeName(aggs, '_count');
  const withCount: Record<string, AggregationSpec> = counted ? { ...aggs, [countName]: { type: 'count' } } : aggs;
  const out: Array<KeyedBucket<K>> = new Array(buckets.length);
  let next = 0;
  const worker = async () => {
    while (next < buckets.length) {
      const i = next++;
      const b = buckets[i] as { key: K; input: QueryInput };
      const answer = Object.keys(withCount).length === 0 ? {} : await run(b.input, withCount, flat);
      const count = counted ? ((answer[countName] as { value: number } | undefined)?.value ?? 0) : 0;
      const sub: Record<string, AggregationResult> = {};
      for (const name of Object.keys(aggs)) sub[name] = answer[name] as AggregationResult;
      out[i] = Object.keys(aggs).length === 0 ? { key: b.key, count } : { key: b.key, count, aggs: sub };
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, buckets.length) }, worker));
  return out;
}

/** Whether any aggregation, at any depth, is a date histogram (its answer depends on its range). */
function hasDateHistogram(aggs: Record<string, AggregationSpec>): boolean {
  return Object.values(aggs).some((s) => s.type === 'date_histogram' || hasDateHistogram(subAggs(s) ?? {}));
}

/**
 * Sub-aggregations per date histogram bucket. Empty buckets (count 0: no document in the
 * bucket's range, which is exactly what the sub-request is narrowed to) all get the same answer
 * unless a date histogram below depends on the range: it is asked once, for the first of them, and
 * copied to the others (a sparse histogram of 2000 buckets is not 2000 requests).
 */
async function timeBuckets(
  buckets: Array<{ key: number; count: number; input: QueryInput }>,
  aggs: Record<string, AggregationSpec>,
  flat: FlatAggregate,
): Promise<Array<KeyedBucket<number>>> {
  if (hasDateHistogram(aggs)) return inBuckets(buckets, aggs, flat, false);
  const firstEmpty = buckets.findIndex((b) => b.count === 0);
  const asked = buckets.filter((b, i) => b.count > 0 || i === firstEmpty);
  const answers = await inBuckets(asked, aggs, flat, false);
  const byKey = new Map(answers.map((a) => [a.key, a]));
  const empty = firstEmpty < 0 ? undefined : byKey.get((buckets[firstEmpty] as { key: number }).key);
  return buckets.map((b) => byKey.get(b.key) ?? { ...(structuredClone(empty) as KeyedBucket<number>), key: b.key });
}

/**
 * The numeric histogram: the backend's non-empty buckets, the interval doubled while the range
 * would take more than MAX_BUCKETS, every bucket between the first and the last filled in.
 */
async function histogram(
  input: QueryInput,
  spec: Extract<AggregationSpec, { type: 'histogram' }>,
  first: AggregationResult | undefined,
  flat: FlatAggregate,
): Promise<AggregationResult> {
  let answer = first;
  let interval = spec.interval;
  for (;;) {
    if (answer?.type !== 'histogram') throw internal(spec.field);
    const keys = answer.buckets.map((b) => Math.round(b.key / interval));
    if (keys.length === 0) return { type: 'histogram', interval, buckets: [] };
    const lo = Math.min(...keys);
    const hi = Math.max(...keys);
    if (hi - lo + 1 <= MAX_BUCKETS) {
      const counts = new Map(answer.buckets.map((b) => [Math.round(b.key / interval), b.count]));
      const filled: Array<KeyedBucket<number>> = [];
      // Bucket numbers past 2^53 cannot be counted through (n + 1 === n: the fill never ended and
      // ran the heap out, 1.5e300 at interval 1000): there the backend's buckets stand as they are.
      const numbers =
        Number.isSafeInteger(lo) && Number.isSafeInteger(hi)
          ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
          : [...new Set(keys)].sort((a, b) => a - b);
      for (const n of numbers) filled.push({ key: n * interval, count: counts.get(n) ?? 0 });
      if (spec.aggs !== undefined) {
        const step = interval;
        const done = await inBuckets(
          filled.map((b) => ({ key: b.key, input: narrow(input, rangeNode(spec.field, b.key, b.key + step)) })),
          spec.aggs,
          flat,
          false,
        );
        filled.forEach((b, i) => {
          b.aggs = done[i]?.aggs ?? {};
        });
      }
      return { type: 'histogram', interval, buckets: filled };
    }
    interval *= 2;
    const again = await flat({ ...input, aggs: { h: { type: 'histogram', field: spec.field, interval } } });
    answer = again.h;
  }
}

/** `field >= lo and field < hi`. */
function rangeNode(field: string, lo: number, hi: number): KqlNode {
  return {
    type: 'and',
    children: [
      { type: 'range', field, op: 'gte', value: String(lo) },
      { type: 'range', field, op: 'lt', value: String(hi) },
    ],
  };
}
