/** Changes to a dashboard being edited on its page: a panel's own settings, removing a panel. */
import type { Dashboard, DashboardPanel } from '@driftwood/core';

export interface PanelEdit {
  title: string;
  /** KQL ANDed with the dashboard's; empty or absent removes it. */
  query?: string;
  /** The panel's own time range; absent: the dashboard's. */
  time?: { from: string; to: string };
}

/** The panel with an edit applied (an empty query and no time remove those keys). */
export function applyPanelEdit(panel: DashboardPanel, edit: PanelEdit): DashboardPanel {
  const { query: _q, time: _t, ...rest } = panel;
  const query = edit.query?.trim();
  return {
    ...rest,
    title: edit.title.trim() || panel.title,
    ...(query ? { query } : {}),
    ...(edit.time ? { time: edit.time } : {}),
  } as DashboardPanel;
}

export function replacePanel(d: Dashboard, id: string, update: (p: DashboardPanel) => DashboardPanel): Dashboard {
  return { ...d, panels: d.panels.map((p) => (p.id === id ? update(p) : p)) };
}

export function removePanel(d: Dashboard, id: string): Dashboard {
  return { ...d, panels: d.panels.filter((p) => p.id !== id) };
}
