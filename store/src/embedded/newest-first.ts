/**
 * The first page of hits sorted by @timestamp, looking first at the newest (or oldest) slices
 * of the time range: events are stored roughly in time order, so a slice reads a few row groups
 * (zone maps skip the rest) instead of sorting every match. Each slice leaves out the one before
 * it, and the rest of the range leaves out the last one: the rows found so far sort before every
 * row further out, so the page is exact — the rows found, then the first ones of the next slice —
 * and no row is filtered twice (a rare term, whose slices all fall short, costs one scan of the
 * range instead of 1.14). The plain path (newest-first off) is one query over the whole range.
 */
import { TIMESTAMP_COLUMN } from './columns.ts';
import type { Row } from './context.ts';
import { quoteIdent, type SqlParam } from './sql.ts';

/** Slices of the time range searched first for a page of hits. */
const HIT_PROBE_FRACTIONS = [1 / 1024, 1 / 64, 1 / 8];

/**
 * The first `size` rows of the hits query `sql` (its filter extended by `extra`, limited to
 * `limit` rows) over [from, to), run by `rows`.
 */
export async function newestFirst(
  rows: (sql: string, params: SqlParam[]) => Promise<Row[]>,
  sql: (extra: string, limit: number) => string,
  params: SqlParam[],
  size: number,
  from: number,
  to: number,
  order: 'asc' | 'desc',
): Promise<Row[]> {
  const ts = quoteIdent(TIMESTAMP_COLUMN);
  const span = to - from;
  const desc = order === 'desc';
  /** The bound between the `width` of the range searched first and the rest. */
  const edge = (width: number) => (desc ? to - width : from + width);
  const found: Row[] = [];
  /** Width of the range searched so far. */
  let searched = 0;
  /** Adds the first rows between `searched` and `width` (the end of the range when undefined). */
  const next = async (width?: number): Promise<void> => {
    const probe = [...params];
    let extra = '';
    if (width !== undefined) {
      probe.push(edge(width));
      extra += ` AND ${ts} ${desc ? '>=' : '<'} $${probe.length}`;
    }
    if (searched > 0) {
      probe.push(edge(searched));
      extra += ` AND ${ts} ${desc ? '<' : '>='} $${probe.length}`;
    }
    found.push(...(await rows(sql(extra, size - found.length), probe)));
  };
  for (const fraction of HIT_PROBE_FRACTIONS) {
    const width = Math.floor(span * fraction);
    if (width >= span) break;
    if (width <= searched) continue;
    await next(width);
    if (found.length >= size) return found;
    searched = width;
  }
  await next();
  return found;
}
