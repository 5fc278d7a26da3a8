/**
 * What one dashboard panel asks the query route (contract.ts `PanelQueryBody`): the panel without
 * its place, the dashboard's query bar and filter pills, the controls' KQL as `extra`, and the
 * time picker's range (the panel's own `time` overrides it on the server). A panel's key changes
 * exactly when its answer may: the page reloads (and cancels) on a key change.
 */
import type { DashboardControl, DashboardPanel, DashboardTimeRange } from '@driftwood/core';
import type { PanelQueryBody, PanelSpec } from './contract.ts';
import { type ControlValue, controlsToKql } from './filters.ts';
import type { DashboardView } from './view-state.ts';

/** The panel as the query route takes it (no `grid`, no `section`). */
export function panelSpec(panel: DashboardPanel): PanelSpec {
  const { grid: _grid, section: _section, ...spec } = panel;
  return spec as PanelSpec;
}

export function panelBody(
  panel: DashboardPanel,
  view: Pick<DashboardView, 'from' | 'to' | 'query' | 'filters' | 'controls'>,
  controls: readonly DashboardControl[] = [],
): PanelQueryBody {
  const extra = controlsToKql(controls, view.controls as Record<string, ControlValue>);
  const dashboard: NonNullable<PanelQueryBody['dashboard']> = {};
  if (view.query.trim() !== '') dashboard.query = view.query;
  if (view.filters.length > 0) dashboard.filters = view.filters;
  return {
    panel: panelSpec(panel),
    dashboard,
    ...(extra.length > 0 ? { extra } : {}),
    time: { from: view.from, to: view.to },
  };
}

/** The time a panel shows: its own when it overrides the dashboard's. */
export function effectiveTime(panel: Pick<DashboardPanel, 'time'>, view: DashboardTimeRange): DashboardTimeRange {
  return panel.time ?? { from: view.from, to: view.to };
}

/** Whether the panel runs a query at all (a markdown panel draws its text alone). */
export const panelNeedsQuery = (panel: Pick<DashboardPanel, 'type'>): boolean => panel.type !== 'markdown';

/** The key of a panel's answer: its body and the refresh count. */
export function panelKey(body: PanelQueryBody, refresh: number): string {
  return `${refresh}:${JSON.stringify(body)}`;
}
