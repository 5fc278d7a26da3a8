/**
 * What the dashboard and Visualize pages, their API routes and the panel views agree on (issue #17).
 *
 * A panel runs as one POST to `/api/panels/query` (policy `read`: it reads events through the
 * caller's read filter). The body carries the panel itself, so an unsaved panel (the editor's live
 * preview, a dashboard being edited) runs exactly as a saved one. The server turns it into the one
 * store request `panelRequest` (store/src/dashboards/panel-request.ts) builds and answers with the
 * store's aggregation results, untouched: every number on screen is that answer.
 *
 * DOM contract (the Chromium tests and `bench/dashboard.bench.ts` rely on it):
 * - every panel on a dashboard or in the editor's preview is an element with
 *   `data-testid="panel"`, `data-panel-id="<panel id>"` and `data-state` one of
 *   `idle` (not yet scrolled into view), `loading`, `ready`, `error`;
 * - a panel's error text is in `data-testid="panel-error"` inside it;
 * - a metric panel's big number is in `data-testid="metric-value"`; a table panel's cells carry
 *   `data-testid="table-cell"`, its rows `data-testid="table-row"`.
 */
import type { DashboardFilter, DashboardTimeRange, Visualization } from '@driftwood/core';
import type { AggregationResult, LastSeenRow } from '@driftwood/store';

export const PANEL_QUERY_PATH = '/api/panels/query';

/** A panel as the query route takes it: a visualization (a dashboard panel without `grid` and `section`). */
export type PanelSpec = Visualization;

export interface PanelQueryBody {
  panel: PanelSpec;
  /** The dashboard's query bar and filter bar (absent in the editor). */
  dashboard?: { query?: string; filters?: DashboardFilter[] };
  /** KQL ANDed into the panel: the controls' choices and clicked filters. */
  extra?: string[];
  /** The time picker's range; the panel's own `time` overrides it. */
  time: DashboardTimeRange;
}

export interface PanelAnswer {
  /** The resolved window (epoch ms) and the KQL the store ran. */
  request: { from?: number; to?: number; query?: string };
  /** The store's aggregation results, keyed as panelRequest keys them (`b0`… and the metric ids). */
  aggs: Record<string, AggregationResult>;
  /** For a metric panel with `compare: previous_period`: the same request over the window before. */
  previous?: Record<string, AggregationResult>;
  /** For a `last_seen` panel: its rows (lastSeenRows), computed at `now`. */
  lastSeen?: LastSeenRow[];
  /** Epoch ms the relative times were resolved at. */
  now: number;
  took: number;
}

/** Panels of one dashboard that run at the same time, at most. */
export const PANEL_CONCURRENCY = 4;
