import type { DashboardPanel } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { effectiveTime, panelBody, panelKey, panelNeedsQuery, panelSpec } from './panel-query.ts';

const panel: DashboardPanel = {
  id: 'by-host',
  type: 'bar',
  title: 'By host',
  section: 'traffic',
  query: 'log.level:error',
  grid: { x: 0, y: 0, w: 12, h: 8 },
  data: { metrics: [{ id: 'count', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 5 }] },
};

describe('a panel query', () => {
  it('carries the panel without its place, the bars, the controls as extra and the time', () => {
    const body = panelBody(
      panel,
      {
        from: 'now-1h',
        to: 'now',
        query: 'service.name:checkout',
        filters: [{ query: 'host.name:"web-1"', negate: true }],
        controls: { 'host.name': { type: 'options', values: ['web-1', 'web-2'] } },
      },
      [
        { type: 'options', field: 'host.name', label: 'Host' },
        { type: 'range', field: 'x', label: 'X' },
      ],
    );
    expect(body).toEqual({
      panel: {
        id: 'by-host',
        type: 'bar',
        title: 'By host',
        query: 'log.level:error',
        data: panel.data,
      },
      dashboard: { query: 'service.name:checkout', filters: [{ query: 'host.name:"web-1"', negate: true }] },
      extra: ['(host.name:"web-1" or host.name:"web-2")'],
      time: { from: 'now-1h', to: 'now' },
    });
    expect(panelSpec(panel)).not.toHaveProperty('grid');
    const bare = panelBody(panel, { from: 'now-1h', to: 'now', query: ' ', filters: [], controls: {} });
    expect(bare.dashboard).toEqual({});
    expect(bare).not.toHaveProperty('extra');
  });

  it("uses the panel's own time when it has one; the key changes with the body and the refresh", () => {
    expect(effectiveTime(panel, { from: 'now-1h', to: 'now' })).toEqual({ from: 'now-1h', to: 'now' });
    expect(effectiveTime({ time: { from: 'now-5m', to: 'now' } }, { from: 'now-1h', to: 'now' })).toEqual({
      from: 'now-5m',
      to: 'now',
    });
    const view = { from: 'now-1h', to: 'now', query: '', filters: [], controls: {} };
    const k = panelKey(panelBody(panel, view), 0);
    expect(panelKey(panelBody(panel, view), 0)).toBe(k);
    expect(panelKey(panelBody(panel, view), 1)).not.toBe(k);
    expect(panelKey(panelBody({ ...panel, time: { from: 'now-5m', to: 'now' } }, view), 0)).not.toBe(k);
    expect(panelKey(panelBody({ ...panel, grid: { x: 1, y: 1, w: 2, h: 2 } }, view), 0)).toBe(k);
    expect(panelNeedsQuery({ type: 'markdown' })).toBe(false);
    expect(panelNeedsQuery({ type: 'last_seen' })).toBe(true);
  });
});
