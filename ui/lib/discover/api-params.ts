/**
 * The query string the page sends to its server routes: the view state (same names as the page
 * URL) with the time range already resolved to epoch ms, so every request of one refresh agrees
 * on "now". The server reads it back with `readApiQuery`.
 */
import { type DiscoverState, decodeState, encodeState, type Filter, type SortSpec } from './state.ts';
import { type ResolvedRange, resolveRange } from './time.ts';

export function apiParams(
  state: DiscoverState,
  range: ResolvedRange | undefined,
  extra: Record<string, string | number | undefined> = {},
): URLSearchParams {
  const p = encodeState({ ...state, tail: false, refreshMs: 0, savedId: undefined });
  p.delete('from');
  p.delete('to');
  if (range) {
    p.set('from', String(range.from));
    p.set('to', String(range.to));
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) p.set(k, String(v));
  return p;
}

export interface ApiQuery {
  query: string;
  filters: Filter[];
  columns: string[];
  sort: SortSpec[];
  interval: string;
  /** Absent when the request has no time range (whole store). */
  from?: number;
  to?: number;
}

export type ApiQueryResult = { ok: true; value: ApiQuery } | { ok: false; message: string };

const MS = /^-?\d+$/;

/** Reads the route parameters; `from`/`to` given as epoch ms are taken as is (`to` exclusive). */
export function readApiQuery(params: URLSearchParams, now = new Date()): ApiQueryResult {
  const state = decodeState(params);
  const value: ApiQuery = {
    query: state.query,
    filters: state.filters,
    columns: state.columns,
    sort: state.sort,
    interval: state.interval,
  };
  const from = params.get('from');
  const to = params.get('to');
  if (from === null && to === null) return { ok: true, value };
  if (from !== null && to !== null && MS.test(from) && MS.test(to)) {
    return { ok: true, value: { ...value, from: Number(from), to: Number(to) } };
  }
  const r = resolveRange(from ?? 'now-15m', to ?? 'now', now);
  if (!r.ok) return { ok: false, message: r.message };
  return { ok: true, value: { ...value, from: r.range.from, to: r.range.to } };
}
