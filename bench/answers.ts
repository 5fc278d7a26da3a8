/**
 * Benchmarks check their answers before they report a time: the answers of one store are
 * compared with a reference's on the same events (the embedded store with OpenSearch), and what a
 * store says must add up (a histogram's bars to the hit count). A difference throws `WrongAnswer`
 * with a readable diff, and the benchmark exits non-zero without writing any figure.
 *
 * Compared exactly: counts, ids, documents, keys, buckets. Percentiles are t-digest estimates on
 * OpenSearch/Elasticsearch: equal within PERCENTILE_TOLERANCE (store/src/README.md, "equal within
 * 1%"). Other non-integers (averages, sums of doubles) are compared at 10 significant digits, as
 * the store contract test does: the engines add in different orders.
 */
import type { AggregateRequest, AggregationResult, LogStore, SearchRequest } from '../store/src/contract.ts';

export const PERCENTILE_TOLERANCE = 0.01;
/** Differences shown per answer part (histogram, each field's top values, …); the rest are counted. */
const SHOWN_PER_PART = 3;

export class WrongAnswer extends Error {
  override name = 'WrongAnswer';
}

/** The requests of one query's Discover set (search + aggregations), as the benchmark times them. */
export interface RequestSet {
  search: SearchRequest;
  aggregate: AggregateRequest;
}

export interface Answer {
  total: number;
  hits: Array<{ id: string; doc: unknown }>;
  aggs: Record<string, AggregationResult>;
}

export async function answerOf(store: LogStore, set: RequestSet): Promise<Answer> {
  const [page, aggs] = await Promise.all([store.search(set.search), store.aggregate(set.aggregate)]);
  return { total: page.total, hits: page.hits.map((h) => ({ id: h.id, doc: h.doc })), aggs };
}

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? 'absent' : text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The differences between `got` and `want`, one line each: "path: got X, want Y". */
export function diff(got: unknown, want: unknown, path = '', out: string[] = []): string[] {
  if (isObject(got) && isObject(want) && got.type === 'percentiles' && want.type === 'percentiles') {
    const g = (got.values ?? {}) as Record<string, number | null>;
    const w = (want.values ?? {}) as Record<string, number | null>;
    for (const p of new Set([...Object.keys(g), ...Object.keys(w)])) {
      const a = g[p];
      const b = w[p];
      const close =
        a === b ||
        (typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= Math.abs(b) * PERCENTILE_TOLERANCE);
      if (!close)
        out.push(`${path}.values[${p}]: got ${show(a)}, want ${show(b)} (within ${PERCENTILE_TOLERANCE * 100}%)`);
    }
    return out;
  }
  if (Array.isArray(got) && Array.isArray(want)) {
    if (got.length !== want.length) out.push(`${path}: ${got.length} items, want ${want.length}`);
    for (let i = 0; i < Math.min(got.length, want.length); i++) diff(got[i], want[i], `${path}[${i}]`, out);
    return out;
  }
  if (isObject(got) && isObject(want)) {
    for (const k of new Set([...Object.keys(got), ...Object.keys(want)])) {
      diff(got[k], want[k], path === '' ? k : `${path}.${k}`, out);
    }
    return out;
  }
  if (typeof got === 'number' && typeof want === 'number' && !(Number.isInteger(got) && Number.isInteger(want))) {
    if (Number(got.toPrecision(10)) !== Number(want.toPrecision(10))) out.push(`${path}: got ${got}, want ${want}`);
    return out;
  }
  if (got !== want) out.push(`${path}: got ${show(got)}, want ${show(want)}`);
  return out;
}

/** Throws WrongAnswer unless `got` (store `name`) equals `want` (store `reference`) query by query. */
export function expectSameAnswers(
  name: string,
  got: Record<string, Answer>,
  reference: string,
  want: Record<string, Answer>,
): void {
  const lines: string[] = [];
  for (const query of new Set([...Object.keys(want), ...Object.keys(got)])) {
    const d = diff(got[query], want[query]);
    if (d.length === 0) continue;
    lines.push(`query ${JSON.stringify(query)}: ${d.length} difference(s)`);
    // grouped by the part of the answer they are in (`aggs.hist.buckets`, `hits`, …)
    for (const [part, list] of Map.groupBy(d, (l) => l.split(/[[:]/)[0] ?? '')) {
      for (const l of list.slice(0, SHOWN_PER_PART)) lines.push(`  ${l}`);
      if (list.length > SHOWN_PER_PART) lines.push(`  … and ${list.length - SHOWN_PER_PART} more in ${part}`);
    }
  }
  if (lines.length > 0) {
    throw new WrongAnswer(
      `${name} and ${reference} answer differently on the same events (got = ${name}, want = ${reference}):\n${lines.join('\n')}`,
    );
  }
}

/** Throws WrongAnswer unless every date histogram's bars add up to the query's hit count. */
export function expectBarsAddUp(name: string, answers: Record<string, Answer>): void {
  const lines: string[] = [];
  for (const [query, a] of Object.entries(answers)) {
    for (const [agg, r] of Object.entries(a.aggs)) {
      if (r.type !== 'date_histogram') continue;
      const bars = r.buckets.reduce((s, b) => s + b.count, 0);
      if (bars !== a.total) lines.push(`  ${JSON.stringify(query)}: ${agg}'s bars add up to ${bars}, hits ${a.total}`);
    }
  }
  if (lines.length > 0) throw new WrongAnswer(`${name}: histogram bars and hit counts differ:\n${lines.join('\n')}`);
}
