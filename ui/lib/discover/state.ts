/**
 * Discover's whole view state and its URL encoding: a link reproduces the view.
 *
 * Parameters (defaults are omitted from the URL):
 * `q` query (KQL) · `from` / `to` time expressions (`now-15m`, ISO 8601, epoch ms) ·
 * `f` filter (repeated, see `encodeFilter`) · `col` column (repeated, in order) ·
 * `sort` `field:asc|desc` (repeated) · `i` histogram interval (`auto`, `5m`, …) ·
 * `refresh` auto-refresh interval (`10s`, …) · `tail` live tail on (`1`) · `saved` saved search id.
 */
import { formatInterval, parseInterval } from '@driftwood/core';

export interface Filter {
  field: string;
  /** `is`: field equals value (phrase); `exists`: field has a value. */
  op: 'is' | 'exists';
  /** For `is`. */
  value?: string;
  /** Filter out instead of for. */
  negate: boolean;
}

export interface SortSpec {
  field: string;
  order: 'asc' | 'desc';
}

export interface DiscoverState {
  query: string;
  from: string;
  to: string;
  filters: Filter[];
  columns: string[];
  sort: SortSpec[];
  /** `auto` or a fixed interval like `5m`. */
  interval: string;
  /** Auto-refresh period in ms; 0 = off. */
  refreshMs: number;
  tail: boolean;
  savedId?: string;
}

export const DEFAULT_COLUMNS: readonly string[] = Object.freeze(['message']);
export const DEFAULT_SORT: readonly SortSpec[] = Object.freeze([{ field: '@timestamp', order: 'desc' as const }]);

export const DEFAULT_STATE: Readonly<DiscoverState> = Object.freeze({
  query: '',
  from: 'now-15m',
  to: 'now',
  filters: [],
  columns: [...DEFAULT_COLUMNS],
  sort: [...DEFAULT_SORT],
  interval: 'auto',
  refreshMs: 0,
  tail: false,
});

/** `is:<field>:<value>`, `not:<field>:<value>`, `exists:<field>`, `!exists:<field>`; the field is URI-encoded. */
export function encodeFilter(filter: Filter): string {
  const field = encodeURIComponent(filter.field);
  if (filter.op === 'exists') return `${filter.negate ? '!' : ''}exists:${field}`;
  return `${filter.negate ? 'not' : 'is'}:${field}:${filter.value ?? ''}`;
}

export function decodeFilter(text: string): Filter | undefined {
  const m = /^(is|not|exists|!exists):([^:]*)(?::([\s\S]*))?$/.exec(text);
  if (!m) return undefined;
  let field: string;
  try {
    field = decodeURIComponent(m[2] ?? '');
  } catch {
    return undefined;
  }
  if (field === '') return undefined;
  const op = m[1];
  if (op === 'exists' || op === '!exists') return { field, op: 'exists', negate: op === '!exists' };
  if (m[3] === undefined) return undefined;
  return { field, op: 'is', value: m[3], negate: op === 'not' };
}

function decodeSort(text: string): SortSpec | undefined {
  const i = text.lastIndexOf(':');
  if (i <= 0) return undefined;
  const order = text.slice(i + 1);
  if (order !== 'asc' && order !== 'desc') return undefined;
  return { field: text.slice(0, i), order };
}

function decodeRefresh(text: string | null): number {
  if (!text || text === 'off') return 0;
  try {
    return parseInterval(text);
  } catch {
    return 0;
  }
}

function decodeInterval(text: string | null): string {
  if (!text || text === 'auto') return 'auto';
  try {
    parseInterval(text);
    return text;
  } catch {
    return 'auto';
  }
}

type ParamsLike = Pick<URLSearchParams, 'get' | 'getAll'>;

export function decodeState(params: ParamsLike): DiscoverState {
  const filters = params
    .getAll('f')
    .map(decodeFilter)
    .filter((f): f is Filter => f !== undefined);
  const columns = params.getAll('col').filter((c) => c !== '');
  const sort = params
    .getAll('sort')
    .map(decodeSort)
    .filter((s): s is SortSpec => s !== undefined);
  const state: DiscoverState = {
    query: params.get('q') ?? '',
    from: params.get('from') || DEFAULT_STATE.from,
    to: params.get('to') || DEFAULT_STATE.to,
    filters,
    columns: columns.length > 0 ? [...new Set(columns)] : [...DEFAULT_COLUMNS],
    sort: sort.length > 0 ? sort : [...DEFAULT_SORT],
    interval: decodeInterval(params.get('i')),
    refreshMs: decodeRefresh(params.get('refresh')),
    tail: params.get('tail') === '1',
  };
  const saved = params.get('saved');
  if (saved) state.savedId = saved;
  return state;
}

const sameList = <T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean =>
  a.length === b.length && a.every((x, i) => eq(x, b[i] as T));

export function encodeState(state: DiscoverState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.query !== '') p.set('q', state.query);
  if (state.from !== DEFAULT_STATE.from || state.to !== DEFAULT_STATE.to) {
    p.set('from', state.from);
    p.set('to', state.to);
  }
  for (const f of state.filters) p.append('f', encodeFilter(f));
  if (!sameList(state.columns, DEFAULT_COLUMNS, (a, b) => a === b)) for (const c of state.columns) p.append('col', c);
  if (!sameList(state.sort, DEFAULT_SORT, (a, b) => a.field === b.field && a.order === b.order)) {
    for (const s of state.sort) p.append('sort', `${s.field}:${s.order}`);
  }
  if (state.interval !== 'auto') p.set('i', state.interval);
  if (state.refreshMs > 0) p.set('refresh', formatInterval(state.refreshMs));
  if (state.tail) p.set('tail', '1');
  if (state.savedId) p.set('saved', state.savedId);
  return p;
}

/** The query string for a view (`?…`, or empty). */
export function stateToSearch(state: DiscoverState): string {
  const s = encodeState(state).toString();
  return s === '' ? '' : `?${s}`;
}

/** Adds or removes a column (never leaves the table without one: falls back to `message`). */
export function toggleColumn(columns: readonly string[], field: string): string[] {
  const next = columns.includes(field) ? columns.filter((c) => c !== field) : [...columns, field];
  return next.length === 0 ? [...DEFAULT_COLUMNS] : next;
}

/** Moves a column one place left (-1) or right (+1). */
export function moveColumn(columns: readonly string[], field: string, delta: -1 | 1): string[] {
  const i = columns.indexOf(field);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= columns.length) return [...columns];
  const next = [...columns];
  next[i] = columns[j] as string;
  next[j] = field;
  return next;
}

/** Clicking a column header: first click sorts descending, then toggles; other sorts are replaced. */
export function toggleSort(sort: readonly SortSpec[], field: string): SortSpec[] {
  const current = sort[0]?.field === field ? sort[0] : undefined;
  return [{ field, order: current?.order === 'desc' ? 'asc' : 'desc' }];
}
