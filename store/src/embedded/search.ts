/**
 * Counts and pages of hits: the KQL plan compiled to a filter on the events table (sql.ts), hits
 * sorted with `searchAfter` for deep paging, documents from `_source` or rebuilt from their shape
 * and columns (shapes.ts). The first page by time is found slice by slice (newest-first.ts), and
 * the total may come from an aggregation of the same filter in flight (shared-count.ts).
 */
import { DriftwoodError, type LogDocument } from '@driftwood/core';
import type { QueryInput, SearchHit, SearchRequest, SearchResponse } from '../contract.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../contract.ts';
import { planQuery } from '../query-plan.ts';
import { TIMESTAMP_COLUMN } from './columns.ts';
import { num, type Row, type StoreContext } from './context.ts';
import { exclusionCount, exclusionOf } from './exclusion.ts';
import { newestFirst } from './newest-first.ts';
import type { Exclusion } from './rollups.ts';
import { rebuildDocument } from './shapes.ts';
import type { CountShares } from './shared-count.ts';
import { type Compiled, compilePlan, quoteIdent, type SqlParam } from './sql.ts';

/** The filter of a query and its time range. */
export function where(ctx: StoreContext, input: QueryInput): Compiled {
  const plan = planQuery(input.query, ctx.catalog);
  const compiled = compilePlan(plan, (f) => ctx.column(f));
  const parts = [compiled.sql];
  const params = compiled.params;
  if (input.from !== undefined) {
    params.push(input.from);
    parts.push(`${quoteIdent(TIMESTAMP_COLUMN)} >= $${params.length}`);
  }
  if (input.to !== undefined) {
    params.push(input.to);
    parts.push(`${quoteIdent(TIMESTAMP_COLUMN)} < $${params.length}`);
  }
  return { sql: parts.join(' AND '), params };
}

/** The query has no condition but the time range. */
export function timeOnly(ctx: StoreContext, input: QueryInput): boolean {
  return compilePlan(planQuery(input.query, ctx.catalog), (f) => ctx.column(f)).sql === 'TRUE';
}

/**
 * The number of events matching a query: one count of the events table, or for a query that only
 * leaves events out, the range's count less the excluded ones (exclusion.ts).
 */
export async function count(
  ctx: StoreContext,
  input: QueryInput,
  exclusion: Exclusion | undefined = exclusionOf(ctx, input),
): Promise<number> {
  let q: Compiled;
  if (exclusion) {
    q = exclusionCount(exclusion, where(ctx, { from: input.from, to: input.to }));
  } else {
    const w = where(ctx, input);
    q = { sql: `SELECT count(*) AS c FROM events WHERE ${w.sql}`, params: w.params };
  }
  const [row] = await ctx.rows(q.sql, q.params);
  return num(row?.c ?? 0);
}

export async function search(ctx: StoreContext, counts: CountShares, request: SearchRequest): Promise<SearchResponse> {
  const size = Math.min(Math.max(request.size ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  const w = where(ctx, request);
  const sort = (
    request.sort && request.sort.length > 0 ? request.sort : [{ field: '@timestamp', order: 'desc' as const }]
  ).map((s) => {
    const col = s.field === '@timestamp' ? TIMESTAMP_COLUMN : ctx.column(s.field)?.column;
    const usable =
      col !== undefined &&
      (s.field === '@timestamp' || (!ctx.column(s.field)?.list && ctx.column(s.field)?.type !== 'text'));
    return usable ? { column: col as string, order: s.order } : undefined;
  });
  const keys = [
    ...sort.filter((s): s is { column: string; order: 'asc' | 'desc' } => s !== undefined),
    { column: 'id', order: 'asc' as const },
  ];
  const params = [...w.params];
  let after = '';
  if (request.searchAfter && request.searchAfter.length === keys.length) {
    const ors: string[] = [];
    for (let i = 0; i < keys.length; i++) {
      const ands: string[] = [];
      for (let j = 0; j < i; j++) {
        params.push(request.searchAfter[j] as SqlParam);
        ands.push(`${quoteIdent((keys[j] as { column: string }).column)} = $${params.length}`);
      }
      const key = keys[i] as { column: string; order: 'asc' | 'desc' };
      params.push(request.searchAfter[i] as SqlParam);
      ands.push(`${quoteIdent(key.column)} ${key.order === 'asc' ? '>' : '<'} $${params.length}`);
      ors.push(`(${ands.join(' AND ')})`);
    }
    after = ` AND (${ors.join(' OR ')})`;
  }
  const order = keys.map((k) => `${quoteIdent(k.column)} ${k.order.toUpperCase()} NULLS LAST`).join(', ');
  const select = keys.map((k, i) => `${quoteIdent(k.column)} AS s${i}`).join(', ');
  const hitsSql = (extra: string, limit = size) =>
    `SELECT events.*, ${select} FROM events WHERE ${w.sql}${after}${extra} ORDER BY ${order} LIMIT ${limit}`;
  const firstKey = keys[0] as { column: string; order: 'asc' | 'desc' };
  const hitsFound =
    size === 0
      ? Promise.resolve([] as Row[])
      : ctx.fast('newest-first') &&
          firstKey.column === TIMESTAMP_COLUMN &&
          request.from !== undefined &&
          request.to !== undefined
        ? newestFirst((sql, p) => ctx.rows(sql, p), hitsSql, params, size, request.from, request.to, firstKey.order)
        : ctx.rows(hitsSql(''), params);
  const exclusion = exclusionOf(ctx, request);
  const total =
    !ctx.fast('shared-count') || timeOnly(ctx, request) || exclusion
      ? count(ctx, request, exclusion) // cheap: not worth waiting for an aggregation's count
      : counts.count(w, hitsFound, () => count(ctx, request, exclusion));
  // both settled before answering: a failed part must not leave the other running after the answer
  const [counted, found] = await Promise.allSettled([total, hitsFound]);
  if (counted.status === 'rejected') throw counted.reason;
  if (found.status === 'rejected') throw found.reason;
  const n = counted.value;
  const hitsRows = found.value;
  const hits: SearchHit[] = hitsRows.map((r) => ({
    id: String(r.id),
    doc: document(ctx, r),
    sort: keys.map((_, i) => {
      const v = r[`s${i}`];
      return typeof v === 'bigint' ? Number(v) : (v as string | number);
    }),
  }));
  return { total: n, hits };
}

/** A hit's document: its `_source`, or rebuilt from its shape and columns. */
function document(ctx: StoreContext, row: Row): LogDocument {
  if (row._source !== null && row._source !== undefined) return JSON.parse(String(row._source)) as LogDocument;
  const shape = ctx.shapes.get(num(row._shape));
  if (!shape) throw new DriftwoodError('INTERNAL', `event ${String(row.id)} names an unknown document shape`);
  return rebuildDocument(shape, row, (f) => ctx.columns.get(f));
}
