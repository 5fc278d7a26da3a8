/**
 * The dashboard's panels ⇄ react-grid-layout's layout. The grid has the dashboard's `columns` and
 * rows of 30 px; each section (and the panels outside any, at the top) is drawn as a grid of its
 * own under its header. A panel's `grid.y` is its row on the whole dashboard (the ready files count
 * on from one section to the next), so each section's grid is shifted up by its first row
 * (`rowOffset`) on the way in and down by it on the way out: an untouched panel keeps its `y`.
 */
import type { Dashboard, DashboardPanel } from '@driftwood/core';
import type { Layout, LayoutItem } from 'react-grid-layout';

export const ROW_HEIGHT = 30;
export const DEFAULT_COLUMNS = 24;

export type DashboardSection = NonNullable<Dashboard['sections']>[number];

export interface PanelGroup {
  /** Undefined for the panels outside any section (drawn first, with no header). */
  section?: DashboardSection;
  panels: DashboardPanel[];
}

/** The panels outside sections, then each section in order with its panels (file order kept). */
export function groupPanels(d: Pick<Dashboard, 'panels' | 'sections'>): PanelGroup[] {
  const sections = d.sections ?? [];
  const known = new Set(sections.map((s) => s.id));
  const loose = d.panels.filter((p) => p.section === undefined || !known.has(p.section));
  const groups: PanelGroup[] = [];
  if (loose.length > 0 || sections.length === 0) groups.push({ panels: loose });
  for (const section of sections) groups.push({ section, panels: d.panels.filter((p) => p.section === section.id) });
  return groups;
}

/** The first row of some panels (0 for none): what their section's grid is shifted up by. */
export function rowOffset(panels: readonly DashboardPanel[]): number {
  return panels.length === 0 ? 0 : Math.min(...panels.map((p) => p.grid.y));
}

/** The grid layout of some panels, `offset` rows up; static (no drag, no resize) unless `editable`. */
export function toGridLayout(panels: readonly DashboardPanel[], editable: boolean, offset = 0): LayoutItem[] {
  return panels.map((p) => ({
    i: p.id,
    x: p.grid.x,
    y: p.grid.y - offset,
    w: p.grid.w,
    h: p.grid.h,
    minW: 2,
    minH: 2,
    ...(editable ? {} : { static: true }),
  }));
}

const sameGrid = (p: DashboardPanel, item: LayoutItem): boolean =>
  p.grid.x === item.x && p.grid.y === item.y && p.grid.w === item.w && p.grid.h === item.h;

/**
 * The panels with the places a layout (shifted `offset` rows up) gives them, in whole grid units
 * within `columns`; panels the layout does not name keep theirs. The same array when nothing moved.
 */
export function applyGridLayout(
  panels: readonly DashboardPanel[],
  layout: Layout,
  columns: number = DEFAULT_COLUMNS,
  offset = 0,
): DashboardPanel[] {
  const byId = new Map(layout.map((item) => [item.i, item]));
  let changed = false;
  const next = panels.map((p) => {
    const item = byId.get(p.id);
    if (!item) return p;
    const w = Math.max(1, Math.min(columns, Math.round(item.w)));
    const placed = {
      i: item.i,
      x: Math.max(0, Math.min(columns - w, Math.round(item.x))),
      y: Math.max(0, Math.round(item.y) + offset),
      w,
      h: Math.max(1, Math.round(item.h)),
    };
    if (sameGrid(p, placed)) return p;
    changed = true;
    return { ...p, grid: { x: placed.x, y: placed.y, w: placed.w, h: placed.h } };
  });
  return changed ? next : (panels as DashboardPanel[]);
}

/** The dashboard with a section collapsed or opened. */
export function setSectionCollapsed<D extends Pick<Dashboard, 'sections'>>(d: D, id: string, collapsed: boolean): D {
  return {
    ...d,
    sections: (d.sections ?? []).map((s) => {
      if (s.id !== id) return s;
      const { collapsed: _, ...rest } = s;
      return collapsed ? { ...rest, collapsed: true } : rest;
    }),
  };
}
