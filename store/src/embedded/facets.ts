/**
 * Counts, terms and date histograms (optionally split by a field) of one request answered by a
 * single scan: `GROUP BY GROUPING SETS`, one set per aggregation, then a window ranks each set's
 * groups so only the top N per set (per bucket, for splits) come back. The filter is evaluated
 * once and the table read once, instead of once per aggregation.
 *
 * Same answers as one query per aggregation: terms ordered by count desc then key asc, missing
 * values not counted, `other` = occurrences outside the top N.
 */
import { DriftwoodError, type FieldType } from '@driftwood/core';
import type { AggregationResult, HistogramBucket, TermsBucket } from '../contract.ts';
import { fillHistogram } from '../histogram.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { quoteIdent } from './sql.ts';

/** Expressions one facet query can group by (see plan). */
const MAX_GROUPING_EXPRS = 52;
/** Facets answered by one query: each groups by at most two expressions (bucket and value). */
export const MAX_FACETS_PER_QUERY = MAX_GROUPING_EXPRS / 2;

export type FacetSpec =
  | { name: string; kind: 'count' }
  | { name: string; kind: 'terms'; col: ColumnInfo; size: number }
  | {
      name: string;
      kind: 'histogram';
      from: number;
      to: number;
      interval: number;
      split?: { col: ColumnInfo; size: number };
    };

/** A column a facet can group by: one value per row (lists need unnesting, see the store). */
export function facetable(col: ColumnInfo): boolean {
  return !col.list && col.type !== 'text';
}

type Row = Record<string, unknown>;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

export function termKey(v: unknown, type: FieldType): string | number {
  if (typeof v === 'bigint') return Number(v);
  if (type === 'boolean') return v ? 'true' : 'false';
  if (type === 'date') return Number(v);
  return v as string | number;
}

interface PlannedSet {
  /** Group-by aliases of the set. */
  aliases: string[];
  /** Its GROUPING() id. */
  gid: number;
  /** The alias ranked within the set (terms value, split value), and the bucket alias it is ranked per. */
  value?: string;
  bucket?: string;
  /** Groups kept per partition (the largest size asked for this set). */
  top?: number;
  /** Computed from the rows of this larger set (its gid) instead of from the table. */
  from?: number;
}

interface Plan {
  /** Group-by expressions by alias, in GROUPING() argument order; one alias per distinct expression. */
  exprs: Array<[string, string]>;
  sets: PlannedSet[];
  bySpec: Array<{ gid: number; splitGid?: number; bucket?: string; value?: string }>;
}

function plan(specs: readonly FacetSpec[]): Plan {
  const exprs: Array<[string, string]> = [];
  /** The alias of an expression; aggregations grouping by the same expression share it. */
  const alias = (prefix: string, expr: string) => {
    const found = exprs.find(([, e]) => e === expr);
    if (found) return found[0];
    const a = `${prefix}${exprs.length}`;
    exprs.push([a, expr]);
    return a;
  };
  /** Sets by their aliases: aggregations asking for the same grouping share one set. */
  const pending = new Map<string, Omit<PlannedSet, 'gid' | 'from'>>();
  const set = (aliases: string[], value?: string, bucket?: string, top?: number): string => {
    const key = aliases.join(',');
    const known = pending.get(key);
    if (!known) pending.set(key, { aliases, value, bucket, top });
    else if (top !== undefined) known.top = Math.max(known.top ?? 0, top);
    return key;
  };
  const specSets = specs.map((spec) => {
    if (spec.kind === 'count') return { main: set([]) };
    if (spec.kind === 'terms') {
      const v = alias('v', quoteIdent(spec.col.column));
      return { main: set([v], v, undefined, spec.size), value: v };
    }
    // the bucket number; its start (× interval) is computed in JS: grouping by the plain
    // quotient is markedly cheaper than by the product (measured ~30% of this query)
    const k = alias('k', `${quoteIdent(TIMESTAMP_COLUMN)} // ${spec.interval}`);
    const main = set([k]);
    if (!spec.split) return { main, bucket: k };
    const s = alias('s', quoteIdent(spec.split.col.column));
    return { main, split: set([k, s], s, k, spec.split.size), bucket: k, value: s };
  });
  const n = exprs.length;
  // GROUPING(...) is a bitmask over the expressions: exact in a double only up to 53 of them (a
  // JS `1 << i` would wrap past 31). The caller splits larger requests (MAX_FACETS_PER_QUERY).
  if (n > MAX_GROUPING_EXPRS)
    throw new DriftwoodError('INTERNAL', `a facet query of ${n} grouping expressions (at most ${MAX_GROUPING_EXPRS})`);
  const gidOf = (aliases: string[]) => exprs.reduce((g, [a], i) => (aliases.includes(a) ? g : g + 2 ** (n - 1 - i)), 0);
  const sets: PlannedSet[] = [...pending.values()].map((p) => ({ ...p, gid: gidOf(p.aliases) }));
  // A set whose aliases all belong to a larger set is summed from that set's groups (a few
  // hundred rows) rather than grouped from every matching row: the histogram's buckets from its
  // split, the terms of the split field from the split, the count from anything.
  for (const s of sets) {
    const within = sets.filter(
      (b) => b !== s && b.aliases.length > s.aliases.length && s.aliases.every((a) => b.aliases.includes(a)),
    );
    const base = within.find((b) => !within.some((o) => o !== b && b.aliases.every((a) => o.aliases.includes(a))));
    if (base) s.from = base.gid;
  }
  const gidByKey = new Map([...pending.keys()].map((key, i) => [key, (sets[i] as PlannedSet).gid]));
  const bySpec = specSets.map((s) => ({
    gid: gidByKey.get(s.main) as number,
    splitGid: s.split === undefined ? undefined : gidByKey.get(s.split),
    bucket: s.bucket,
    value: s.value,
  }));
  return { exprs, sets, bySpec };
}

/** The one query for all the specs, over `table` rows matching `where`. */
export function facetSql(specs: readonly FacetSpec[], table: string, where: string): string {
  const { exprs, sets } = plan(specs);
  const aliases = exprs.map(([a]) => a);
  const buckets = aliases.filter((a) => a.startsWith('k'));
  const values = aliases.filter((a) => !a.startsWith('k'));
  const select = exprs.map(([alias, expr]) => `${expr} AS ${alias}`).join(', ');
  const grouped = sets.filter((s) => s.from === undefined);
  const groupingSets = grouped.map((s) => `(${s.aliases.join(', ')})`).join(', ');
  const grouping = aliases.length > 0 ? `GROUPING(${aliases.join(', ')})` : '0';
  const cols = aliases.length > 0 ? `, ${aliases.join(', ')}` : '';
  // derived sets: the base set's groups summed (the base rows still hold missing values here)
  const derived = sets
    .filter((s) => s.from !== undefined)
    .map((s) => {
      const picked = aliases.map((a) => (s.aliases.includes(a) ? `, ${a}` : `, NULL AS ${a}`)).join('');
      const groupBy = s.aliases.length > 0 ? ` GROUP BY ${s.aliases.join(', ')}` : '';
      return `\nUNION ALL SELECT ${s.gid} AS gid${picked}, coalesce(sum(c), 0)::BIGINT AS c FROM g0 WHERE gid = ${s.from}${groupBy}`;
    })
    .join('');
  const nulls = sets.filter((s) => s.value).map((s) => `(gid <> ${s.gid} OR ${s.value} IS NOT NULL)`);
  const ranked = sets.filter((s) => s.top !== undefined);
  const keep =
    ranked.length > 0
      ? `CASE gid ${ranked.map((s) => `WHEN ${s.gid} THEN rn <= ${s.top}`).join(' ')} ELSE TRUE END`
      : 'TRUE';
  const partition = ['gid', ...buckets].join(', ');
  const order = ['c DESC', ...values.map((v) => `${v} ASC`)].join(', ');
  return `WITH src AS (SELECT ${select || 'NULL AS _none'} FROM ${table} WHERE ${where}),
g0 AS MATERIALIZED (SELECT ${grouping} AS gid${cols}, count(*) AS c FROM src GROUP BY GROUPING SETS (${groupingSets})),
g AS (SELECT * FROM g0${derived}),
f AS (SELECT * FROM g WHERE ${nulls.length > 0 ? nulls.join(' AND ') : 'TRUE'}),
r AS (SELECT *, row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) AS rn, sum(c) OVER (PARTITION BY ${partition}) AS total FROM f)
SELECT * FROM r WHERE ${keep}`;
}

/** The aggregation results from the rows of `facetSql`. */
export function facetResults(specs: readonly FacetSpec[], rows: readonly Row[]): Record<string, AggregationResult> {
  const { bySpec } = plan(specs);
  const byGid = Map.groupBy(rows, (r) => num(r.gid));
  const out: Record<string, AggregationResult> = {};
  specs.forEach((spec, i) => {
    const at = bySpec[i] as Plan['bySpec'][number];
    const mine = byGid.get(at.gid) ?? [];
    if (spec.kind === 'count') {
      out[spec.name] = { type: 'count', value: mine.length > 0 ? num(mine[0]?.c) : 0 };
    } else if (spec.kind === 'terms') {
      // the set may be shared with a larger terms aggregation of the same field
      const top = [...mine].filter((r) => num(r.rn) <= spec.size).sort((a, b) => num(a.rn) - num(b.rn));
      const buckets: TermsBucket[] = top.map((r) => ({
        key: termKey(r[at.value as string], spec.col.type),
        count: num(r.c),
      }));
      const total = top.length > 0 ? num(top[0]?.total) : 0;
      out[spec.name] = { type: 'terms', buckets, other: total - buckets.reduce((s, b) => s + b.count, 0) };
    } else {
      const key = at.bucket as string;
      const buckets = new Map<number, HistogramBucket>();
      const start = (r: Row) => num(r[key]) * spec.interval;
      for (const r of mine) buckets.set(start(r), { key: start(r), count: num(r.c) });
      if (spec.split) {
        for (const b of buckets.values()) b.split = { buckets: [], other: 0 };
        const size = spec.split.size;
        const splitRows = [...(byGid.get(at.splitGid as number) ?? [])]
          .filter((r) => num(r.rn) <= size)
          .sort((a, b) => num(a.rn) - num(b.rn));
        const shown = new Map<number, number>();
        for (const r of splitRows) {
          const b = buckets.get(start(r));
          if (!b?.split) continue;
          b.split.buckets.push({ key: termKey(r[at.value as string], spec.split.col.type), count: num(r.c) });
          shown.set(b.key, (shown.get(b.key) ?? 0) + num(r.c));
          b.split.other = num(r.total) - (shown.get(b.key) as number);
        }
      }
      out[spec.name] = {
        type: 'date_histogram',
        intervalMs: spec.interval,
        buckets: fillHistogram([...buckets.values()], spec.from, spec.to, spec.interval),
      };
    }
  });
  return out;
}
