import type { Dashboard, Visualization } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { appendPanel, bottomRow, newDashboardWith, panelFor, uniquePanelId } from './dashboard-add.ts';

const viz: Visualization = {
  id: 'hosts',
  title: 'Hosts',
  type: 'bar',
  description: 'd',
  tags: ['t'],
  data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
};

const dash: Dashboard = {
  id: 'd1',
  title: 'D',
  panels: [
    { id: 'hosts', title: 'A', type: 'markdown', options: { markdown: '' }, grid: { x: 0, y: 0, w: 24, h: 4 } },
    { id: 'b', title: 'B', type: 'markdown', options: { markdown: '' }, grid: { x: 12, y: 4, w: 12, h: 10 } },
  ],
};

describe('Add to dashboard', () => {
  it('appends a copy below the existing panels, w 12 h 8, with a fresh unique id', () => {
    const r = appendPanel(dash, viz);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.dashboard.panels).toHaveLength(3);
    const p = r.dashboard.panels[2];
    expect(r.panelId).toBe('hosts-2');
    expect(p).toEqual({
      id: 'hosts-2',
      title: 'Hosts',
      type: 'bar',
      data: viz.data,
      grid: { x: 0, y: 14, w: 12, h: 8 },
    });
    expect(r.dashboard.panels.slice(0, 2)).toEqual(dash.panels);
    // a copy: changing the visualization later does not change the panel
    expect(p && 'data' in p && p.data).not.toBe(viz.data);
  });

  it('a new dashboard holds the one panel at the top', () => {
    const r = newDashboardWith('  Mine ', viz, 'dash-1');
    expect(r).toEqual({
      ok: true,
      panelId: 'hosts',
      dashboard: { id: 'dash-1', title: 'Mine', panels: [{ ...panelFor(viz, { panels: [] }) }] },
    });
    if (r.ok) expect(r.dashboard.panels[0]?.grid).toEqual({ x: 0, y: 0, w: 12, h: 8 });
    expect(newDashboardWith(' ', viz)).toEqual({ ok: false, errors: ['give the new dashboard a title'] });
  });

  it('a 12-column dashboard gets a full-width panel; an invalid result is refused with core’s errors', () => {
    const r = appendPanel({ ...dash, panels: [], columns: 12 }, viz);
    expect(r.ok && r.dashboard.panels[0]?.grid.w).toBe(12);
    const bad = appendPanel(dash, { ...viz, title: '' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^dashboard: panels\[2\]\.title: /);
  });

  it('bottomRow and uniquePanelId', () => {
    expect(bottomRow([])).toBe(0);
    expect(bottomRow(dash.panels)).toBe(14);
    expect(uniquePanelId('a', new Set(['a', 'a-2']))).toBe('a-3');
    expect(uniquePanelId('a', new Set())).toBe('a');
  });
});
