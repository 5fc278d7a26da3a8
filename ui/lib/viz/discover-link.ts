/**
 * "Open in Discover" for a panel (issue #17): the Discover URL that shows the events a panel
 * counts — its query ANDed with the dashboard's query, enabled filters and extra KQL (controls,
 * clicked filters), over the panel's own time when it overrides the dashboard's. Discover's URL
 * format is its own (lib/discover/state.ts); this only fills a DiscoverState and uses its encoder.
 * Dashboard filters are KQL, which Discover's field pills cannot hold, so they join the query.
 */
import type { DashboardFilter, DashboardTimeRange } from '@driftwood/core';
import { DEFAULT_STATE, type DiscoverState, stateToSearch } from '../discover/state.ts';

export const DISCOVER_PATH = '/discover';

export interface DiscoverLinkInput {
  /** KQL, or several KQL parts to AND (empty ones are dropped). */
  query?: string | readonly string[];
  /** A dashboard's filter bar: the enabled ones are ANDed, a negated one as `not (…)`. */
  filters?: readonly DashboardFilter[];
  from: string;
  to: string;
}

/** The KQL parts as one query: one part as is, several each in parentheses joined by `and`. */
export function andKql(parts: readonly string[]): string {
  const kept = parts.map((p) => p.trim()).filter((p) => p !== '');
  return kept.length === 1 ? (kept[0] as string) : kept.map((p) => `(${p})`).join(' and ');
}

/** The KQL of a filter bar's enabled filters, one part each. */
export function filterParts(filters: readonly DashboardFilter[] = []): string[] {
  return filters.filter((f) => !f.disabled).map((f) => (f.negate ? `not (${f.query})` : f.query));
}

/** The Discover URL (`/discover?q=…&from=…&to=…`) for this query and time. */
export function discoverUrl({ query, filters, from, to }: DiscoverLinkInput): string {
  const parts = typeof query === 'string' ? [query] : [...(query ?? [])];
  const state: DiscoverState = {
    ...DEFAULT_STATE,
    filters: [],
    columns: [...DEFAULT_STATE.columns],
    sort: [...DEFAULT_STATE.sort],
    query: andKql([...parts, ...filterParts(filters)]),
    from,
    to,
  };
  return `${DISCOVER_PATH}${stateToSearch(state)}`;
}

/** A panel's "Open in Discover": its query with the dashboard's, over its own time if it has one. */
export function panelDiscoverUrl(
  panel: { query?: string; time?: DashboardTimeRange },
  dashboard: { query?: string; filters?: readonly DashboardFilter[]; extra?: readonly string[] },
  time: DashboardTimeRange,
): string {
  const range = panel.time ?? time;
  return discoverUrl({
    query: [dashboard.query ?? '', ...(dashboard.extra ?? []), panel.query ?? ''],
    filters: dashboard.filters,
    from: range.from,
    to: range.to,
  });
}
