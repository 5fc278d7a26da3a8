/**
 * Per-minute value counts, so that the facets of a query without a filter (Discover's first page,
 * dashboard panels over a time range) read a few thousand counts instead of every event.
 *
 * `_rollup (minute, field, value, count)` holds, for each minute and each rolled field, how many
 * events had each value, and under field '' how many events there were. Counts are added in the
 * transaction that loads the events (the rows the load added are found by rowid), so they always
 * match the table; retention removes the minutes it deletes and recounts the minute it cuts.
 * Rolled fields: one-valued keyword, long and boolean columns whose values per minute stay few
 * (a field that goes past MAX_VALUES_PER_MINUTE in a load is dropped from the rollups for good,
 * see `_rollup_skip`).
 *
 * A query reads whole minutes from the rollups and the partial minutes at the range's edges from
 * the events; the answers are the same as the one-scan facet query's (rollups.test.ts).
 *
 * A query that only leaves events out — `not E`, or `not E1 and not E2` (the read filter of every
 * user who is not an admin is `not event.dataset:"driftwood.audit"`) — is read the same way, less
 * the counts of the excluded events in the whole minutes: each count is a sum, so the counts of
 * `not E` are those of all events minus those of E, and E and `not E` split the events exactly
 * (a missing value makes E false, as the compiled `not` takes it: sql.ts).
 */
import type { FieldType } from '@driftwood/core';
import type { AggregationResult, HistogramBucket, TermsBucket } from '../contract.ts';
import { fillHistogram } from '../histogram.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { type FacetSpec, facetable, termKey } from './facets.ts';
import { type Compiled, quoteIdent, type SqlParam } from './sql.ts';

export const MINUTE = 60_000;
/**
 * A field leaves the rollups when, in one load, a minute holds more than MAX_VALUES_PER_MINUTE of
 * its values, or a minute of at least DENSE_MINUTE events holds more than one value for every
 * MIN_GROUP events (counting it would cost about as much as the events themselves: durations,
 * byte counts, ids). Sparse minutes say nothing: at a few events a minute every field looks unique.
 */
export const MAX_VALUES_PER_MINUTE = 1000;
const DENSE_MINUTE = 200;
const MIN_GROUP = 4;

/** Fields of a batch of new rollup rows (a table like `_rollup`) that should leave the rollups. */
export function tooWideSql(table: string): string {
  return `SELECT DISTINCT field FROM (
      SELECT n.field, count(*) AS vals, any_value(t.count) AS events
      FROM ${table} n JOIN ${table} t ON t.minute = n.minute AND t.field = ''
      WHERE n.field <> '' GROUP BY n.field, n.minute
    ) WHERE vals > ${MAX_VALUES_PER_MINUTE} OR (events >= ${DENSE_MINUTE} AND vals * ${MIN_GROUP} > events)`;
}

const ROLLED_TYPES = new Set<FieldType>(['keyword', 'long', 'boolean']);

export const ROLLUP_TABLES = [
  'CREATE TABLE IF NOT EXISTS _rollup (minute BIGINT NOT NULL, field VARCHAR NOT NULL, value VARCHAR, count BIGINT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS _rollup_skip (field VARCHAR PRIMARY KEY)',
];

export function rollable(col: ColumnInfo): boolean {
  return facetable(col) && ROLLED_TYPES.has(col.type);
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ts = quoteIdent(TIMESTAMP_COLUMN);

/**
 * SELECT of the rollup rows (minute, field, value, count) of the events matching `where`, for
 * these columns: one scan, a grouping set per field, missing values left out.
 */
export function rollupSelect(cols: readonly ColumnInfo[], where: string): string {
  const minute = `${ts} // ${MINUTE}`;
  if (cols.length === 0)
    return `SELECT ${minute} AS minute, '' AS field, NULL::VARCHAR AS value, count(*) AS count FROM events WHERE ${where} GROUP BY 1`;
  const ids = cols.map((c) => quoteIdent(c.column));
  const vs = cols.map((_, i) => `v${i}`);
  const sets = [`(m)`, ...vs.map((v) => `(m, ${v})`)].join(', ');
  // Each set (m, v_i) groups exactly one value column, so GROUPING(v_i) = 0 names its field; the
  // set (m) groups none (the minute's event count). One GROUPING call per column, never a bitmask
  // over all of them: a JS bitmask wraps past 31 columns (the fault behind wrong match-all counts).
  const field = `CASE ${vs.map((v, i) => `WHEN GROUPING(${v}) = 0 THEN ${sqlString((cols[i] as ColumnInfo).field)}`).join(' ')} ELSE '' END`;
  // values are grouped as they are and turned into text once per group
  const value = `COALESCE(${vs.map((v) => `CAST(${v} AS VARCHAR)`).join(', ')})`;
  return `SELECT m AS minute, field, value, c AS count FROM (
    SELECT m, ${field} AS field, ${value} AS value, count(*) AS c
    FROM (SELECT ${minute} AS m, ${ids.map((id, i) => `${id} AS v${i}`).join(', ')} FROM events WHERE ${where})
    GROUP BY GROUPING SETS (${sets})
  ) WHERE field = '' OR value IS NOT NULL`;
}

/** Whether the rollups can answer these facets (no filter but time; checked by the caller). */
export function rollupCovers(specs: readonly FacetSpec[], rolled: (col: ColumnInfo) => boolean): boolean {
  return specs.every((spec) => {
    if (spec.kind === 'count') return true;
    if (spec.kind === 'terms') return rolled(spec.col);
    return spec.interval % MINUTE === 0 && spec.from >= 0 && (!spec.split || rolled(spec.split.col));
  });
}

/**
 * A query that only leaves events out, compiled with its parameters numbered after `firstParam`
 * others: `kept`, the query's condition (what the events at the range's edges must satisfy), and
 * `excluded`, the events it leaves out (E of `not E`).
 */
export interface Exclusion {
  kept: (firstParam: number) => Compiled;
  excluded: (firstParam: number) => Compiled;
}

/**
 * The facets' query over the rollups (whole minutes of [from, to)) and the events (its edges);
 * with an exclusion, less the excluded events' counts in the whole minutes.
 */
export function rollupFacetSql(
  specs: readonly FacetSpec[],
  from: number,
  to: number,
  exclusion?: Exclusion,
): { sql: string; params: SqlParam[] } {
  const first = Math.ceil(from / MINUTE);
  const last = Math.floor(to / MINUTE);
  const fields = new Map<string, ColumnInfo>();
  for (const spec of specs) {
    if (spec.kind === 'terms') fields.set(spec.col.field, spec.col);
    if (spec.kind === 'histogram' && spec.split) fields.set(spec.split.col.field, spec.split.col);
  }
  const params: SqlParam[] = [];
  const cols = [...fields.values()];
  /** ` AND <the query's condition>` for the events read at the edges (none without an exclusion). */
  const kept = (): string => {
    if (!exclusion) return '';
    const c = exclusion.kept(params.length);
    params.push(...c.params);
    return ` AND ${c.sql}`;
  };
  // the rows of one field: whole minutes from the rollups, the edges from the events (`e`), less
  // the excluded events of the whole minutes (`x`, counts negated)
  let edges: string;
  let minus: string | undefined;
  let whole: (field: string) => string;
  if (first < last) {
    params.push(first, last, from, first * MINUTE, last * MINUTE, to);
    edges = rollupSelect(cols, `((${ts} >= $3 AND ${ts} < $4) OR (${ts} >= $5 AND ${ts} < $6))${kept()}`);
    if (exclusion) {
      const out = exclusion.excluded(params.length);
      params.push(...out.params);
      minus = `SELECT minute, field, value, -count AS count FROM (${rollupSelect(cols, `${ts} >= $4 AND ${ts} < $5 AND ${out.sql}`)})`;
    }
    whole = (field) =>
      `SELECT minute, value, count FROM _rollup WHERE minute >= $1 AND minute < $2 AND field = ${sqlString(field)} UNION ALL `;
  } else {
    params.push(from, to);
    edges = rollupSelect(cols, `${ts} >= $1 AND ${ts} < $2${kept()}`);
    whole = () => '';
  }
  const rowsOf = (field: string) =>
    `(${whole(field)}SELECT minute, value, count FROM e WHERE field = ${sqlString(field)}${
      minus ? ` UNION ALL SELECT minute, value, count FROM x WHERE field = ${sqlString(field)}` : ''
    })`;
  const queries: string[] = [];
  specs.forEach((spec, i) => {
    if (spec.kind === 'count') {
      queries.push(
        `SELECT ${i} AS spec, NULL::BIGINT AS k, NULL::VARCHAR AS v, sum(count)::BIGINT AS c, 1 AS rn, NULL::BIGINT AS total FROM ${rowsOf('')}`,
      );
      return;
    }
    if (spec.kind === 'terms') {
      queries.push(ranked(i, spec.col, 'NULL::BIGINT', spec.size, rowsOf(spec.col.field)));
      return;
    }
    const bucket = `(minute * ${MINUTE} // ${spec.interval})`;
    queries.push(
      `SELECT ${i} AS spec, ${bucket} AS k, NULL::VARCHAR AS v, sum(count)::BIGINT AS c, 0 AS rn, NULL::BIGINT AS total FROM ${rowsOf('')} GROUP BY k`,
    );
    if (spec.split) queries.push(ranked(i, spec.split.col, bucket, spec.split.size, rowsOf(spec.split.col.field)));
  });
  const sql = `WITH e AS MATERIALIZED (${edges})${minus ? `, x AS MATERIALIZED (${minus})` : ''}
    ${queries.map((q) => `(${q})`).join(' UNION ALL ')}`;
  return { sql, params };
}

/**
 * The top `size` values of a field (per bucket when `bucket` is an expression), ranked as facets rank
 * them; a value whose excluded events took all its count is no value.
 */
function ranked(spec: number, col: ColumnInfo, bucket: string, size: number, rows: string): string {
  const type = col.type === 'long' ? 'BIGINT' : col.type === 'boolean' ? 'BOOLEAN' : 'VARCHAR';
  return `SELECT ${spec} AS spec, k, CAST(v AS VARCHAR) AS v, c, rn, total FROM (
      SELECT k, v, c, row_number() OVER (PARTITION BY k ORDER BY c DESC, v ASC) AS rn, sum(c) OVER (PARTITION BY k) AS total
      FROM (SELECT ${bucket} AS k, CAST(value AS ${type}) AS v, sum(count)::BIGINT AS c FROM ${rows} GROUP BY ALL HAVING sum(count) > 0)
    ) WHERE rn <= ${size}`;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));

function key(v: unknown, type: FieldType): string | number {
  if (type === 'long') return Number(v);
  return termKey(type === 'boolean' ? v === 'true' : v, type);
}

/** Results of rollupFacetSql's rows, shaped as facetResults shapes them. */
export function rollupResults(specs: readonly FacetSpec[], rows: readonly Row[]): Record<string, AggregationResult> {
  const bySpec = Map.groupBy(rows, (r) => num(r.spec));
  const out: Record<string, AggregationResult> = {};
  specs.forEach((spec, i) => {
    const mine = bySpec.get(i) ?? [];
    if (spec.kind === 'count') {
      out[spec.name] = { type: 'count', value: num(mine[0]?.c) };
    } else if (spec.kind === 'terms') {
      const top = [...mine].sort((a, b) => num(a.rn) - num(b.rn));
      const buckets: TermsBucket[] = top.map((r) => ({ key: key(r.v, spec.col.type), count: num(r.c) }));
      const total = top.length > 0 ? num(top[0]?.total) : 0;
      out[spec.name] = { type: 'terms', buckets, other: total - buckets.reduce((s, b) => s + b.count, 0) };
    } else {
      const buckets = new Map<number, HistogramBucket>();
      for (const r of mine)
        if (num(r.rn) === 0 && num(r.c) > 0)
          buckets.set(num(r.k) * spec.interval, { key: num(r.k) * spec.interval, count: num(r.c) });
      if (spec.split) {
        const size = spec.split.size;
        for (const b of buckets.values()) b.split = { buckets: [], other: 0 };
        const splitRows = mine.filter((r) => num(r.rn) > 0 && num(r.rn) <= size).sort((a, b) => num(a.rn) - num(b.rn));
        for (const r of splitRows) {
          const b = buckets.get(num(r.k) * spec.interval);
          if (!b?.split) continue;
          b.split.buckets.push({ key: key(r.v, spec.split.col.type), count: num(r.c) });
        }
        for (const r of splitRows) {
          const b = buckets.get(num(r.k) * spec.interval);
          if (b?.split) b.split.other = num(r.total) - b.split.buckets.reduce((s, x) => s + x.count, 0);
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
