/**
 * Saved searches: the part of a view that is saved (query, filters, columns, sort, interval and
 * time range) as a saved object's attributes, and back. Attributes from the store are validated.
 */
import { DEFAULT_STATE, type DiscoverState, decodeFilter, encodeFilter, type SortSpec } from './state.ts';

export const SAVED_SEARCH_TYPE = 'search';

export interface SavedSearchAttributes {
  query: string;
  filters: string[];
  columns: string[];
  sort: string[];
  interval: string;
  from: string;
  to: string;
}

export interface SavedSearchSummary {
  id: string;
  title: string;
  updatedAt?: string;
}

export function toSavedAttributes(state: DiscoverState): SavedSearchAttributes {
  return {
    query: state.query,
    filters: state.filters.map(encodeFilter),
    columns: [...state.columns],
    sort: state.sort.map((s) => `${s.field}:${s.order}`),
    interval: state.interval,
    from: state.from,
    to: state.to,
  };
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

/** A view from saved attributes (anything missing or malformed falls back to the default). */
export function fromSavedAttributes(attributes: Record<string, unknown>, id?: string): DiscoverState {
  const sort = strings(attributes.sort)
    .map((s): SortSpec | undefined => {
      const i = s.lastIndexOf(':');
      const order = s.slice(i + 1);
      return i > 0 && (order === 'asc' || order === 'desc') ? { field: s.slice(0, i), order } : undefined;
    })
    .filter((s): s is SortSpec => s !== undefined);
  const columns = strings(attributes.columns).filter((c) => c !== '');
  const state: DiscoverState = {
    ...DEFAULT_STATE,
    query: typeof attributes.query === 'string' ? attributes.query : '',
    filters: strings(attributes.filters)
      .map(decodeFilter)
      .filter((f) => f !== undefined),
    columns: columns.length > 0 ? columns : [...DEFAULT_STATE.columns],
    sort: sort.length > 0 ? sort : [...DEFAULT_STATE.sort],
    interval: str(attributes.interval, 'auto'),
    from: str(attributes.from, DEFAULT_STATE.from),
    to: str(attributes.to, DEFAULT_STATE.to),
  };
  if (id) state.savedId = id;
  return state;
}

/** A saved object id from a title: `slug-xxxxxx`. */
export function savedSearchId(title: string, random: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'search'}-${random}`;
}
