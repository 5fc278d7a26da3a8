import type { Dashboard, DashboardPanel } from '@driftwood/core';
import { validateDashboard } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { applyPanelEdit, removePanel, replacePanel } from './edit.ts';

const metric: DashboardPanel = {
  id: 'm',
  type: 'metric',
  title: 'Events',
  query: 'a:1',
  time: { from: 'now-1h', to: 'now' },
  grid: { x: 0, y: 0, w: 6, h: 4 },
  data: { metrics: [{ id: 'count', type: 'count' }], buckets: [] },
};
const d: Dashboard = { id: 'd', title: 'D', panels: [metric, { ...metric, id: 'n' }] };

describe('editing panels on the page', () => {
  it('sets the title, query and own time; empty ones remove the keys', () => {
    const e = applyPanelEdit(metric, {
      title: ' Errors ',
      query: ' log.level:error ',
      time: { from: 'now-5m', to: 'now' },
    });
    expect(e).toMatchObject({ title: 'Errors', query: 'log.level:error', time: { from: 'now-5m', to: 'now' } });
    const cleared = applyPanelEdit(metric, { title: '', query: '  ' });
    expect(cleared.title).toBe('Events');
    expect(cleared).not.toHaveProperty('query');
    expect(cleared).not.toHaveProperty('time');
    expect(validateDashboard(replacePanel(d, 'm', () => cleared)).ok).toBe(true);
  });

  it('replaces and removes one panel by id', () => {
    expect(replacePanel(d, 'n', (p) => ({ ...p, title: 'N' })).panels.map((p) => p.title)).toEqual(['Events', 'N']);
    expect(removePanel(d, 'm').panels.map((p) => p.id)).toEqual(['n']);
  });
});
