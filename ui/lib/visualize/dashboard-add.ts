/**
 * "Add to dashboard" (issue #17): a visualization becomes a dashboard panel — a copy with a fresh
 * panel id no other panel of the dashboard has, placed below the existing panels (w 12, h 8 on
 * the 24-column grid; full width on a 12-column one) — appended to an existing dashboard or put
 * on a new one. The result is validated with core's dashboard schema before it is sent.
 */
import { type Dashboard, type DashboardPanel, type Visualization, validateDashboard } from '@driftwood/core';
import { freshId } from './model.ts';

export const PANEL_W = 12;
export const PANEL_H = 8;

/** The first row below every panel (0 on an empty dashboard). */
export function bottomRow(panels: readonly DashboardPanel[]): number {
  return panels.reduce((y, p) => Math.max(y, p.grid.y + p.grid.h), 0);
}

/** A panel id from the visualization's id that no panel in `taken` has (`<id>`, `<id>-2`, …). */
export function uniquePanelId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.slice(0, 60);
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** The visualization as a panel of `dashboard` (not yet added). */
export function panelFor(viz: Visualization, dashboard: Pick<Dashboard, 'panels' | 'columns'>): DashboardPanel {
  const { description: _d, tags: _t, ...panel } = viz;
  const columns = dashboard.columns ?? 24;
  const id = uniquePanelId(viz.id, new Set(dashboard.panels.map((p) => p.id)));
  return {
    ...structuredClone(panel),
    id,
    grid: { x: 0, y: bottomRow(dashboard.panels), w: Math.min(PANEL_W, columns), h: PANEL_H },
  } as DashboardPanel;
}

export type AddResult = { ok: true; dashboard: Dashboard; panelId: string } | { ok: false; errors: string[] };

function checked(dashboard: Dashboard, panelId: string): AddResult {
  const v = validateDashboard(dashboard, 'dashboard');
  return v.ok ? { ok: true, dashboard: v.dashboard, panelId } : { ok: false, errors: v.errors };
}

/** The dashboard with the visualization appended as a panel. */
export function appendPanel(dashboard: Dashboard, viz: Visualization): AddResult {
  const panel = panelFor(viz, dashboard);
  return checked({ ...dashboard, panels: [...dashboard.panels, panel] }, panel.id);
}

/** A new dashboard titled `title` holding the visualization. */
export function newDashboardWith(title: string, viz: Visualization, id: string = freshId('dash')): AddResult {
  const t = title.trim();
  if (t === '') return { ok: false, errors: ['give the new dashboard a title'] };
  const empty: Dashboard = { id, title: t, panels: [] };
  return appendPanel(empty, viz);
}
