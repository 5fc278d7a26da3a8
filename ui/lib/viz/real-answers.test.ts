/**
 * The viz functions over real store answers (the embedded store, in memory): the panels' requests
 * as panelRequest builds them, and every clicked bucket's KQL counted by the same store gives the
 * number drawn for it — so the bucket walk, Other/(missing), ratios and click-to-filter agree with
 * the store, not only with hand-written answers.
 */
import type { Dashboard, DashboardPanel, LogEvent } from '@driftwood/core';
import { createEmbeddedStore, type LogStore, panelRequest } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickFilter } from './click-filter.ts';
import { dataset } from './dataset.ts';
import { metricValue } from './metric.ts';
import { chartData } from './series.ts';
import { pieSlices } from './slices.ts';
import { tableData } from './table.ts';

const NOW = Date.UTC(2026, 0, 2, 0, 0);
const HOSTS = ['web-1', 'web-"2"', 'db 3', 'cache-4'];
const LEVELS = ['info', 'error', 'warn'];

function events(): LogEvent[] {
  const out: LogEvent[] = [];
  for (let i = 0; i < 240; i++) {
    const doc: Record<string, unknown> = {
      '@timestamp': new Date(NOW - 3_600_000 + i * 15_000).toISOString(),
      message: `event ${i}`,
      'http.response.status_code': [200, 200, 404, 500, 503][i % 5],
      'http.response.body.bytes': (i * 37) % 1000,
    };
    if (i % 6 !== 0) doc['host.name'] = HOSTS[i % 4];
    if (i % 5 !== 0) doc['log.level'] = LEVELS[i % 3];
    out.push({ id: `v${i}`, doc } as LogEvent);
  }
  return out;
}

let store: LogStore;
const dashboard: Dashboard = { id: 'd', title: 'D', time: { from: 'now-1h', to: 'now' }, panels: [] };
const grid = { x: 0, y: 0, w: 6, h: 6 };

async function answer(panel: DashboardPanel) {
  const req = panelRequest(dashboard, panel, { now: new Date(NOW) });
  if (!req) throw new Error('no request');
  return { req, aggs: await store.aggregate(req) };
}

beforeAll(async () => {
  store = await createEmbeddedStore({ path: ':memory:' });
  await store.init();
  await store.write(events());
  await store.flush();
});
afterAll(async () => {
  await store.close();
});

describe('viz over real store answers', () => {
  it('pie slices: each clickable slice’s KQL counts what the slice shows; Other is the rest', async () => {
    const panel = {
      id: 'hosts',
      title: 'Hosts',
      type: 'pie',
      grid,
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [{ type: 'terms', field: 'host.name', size: 2, other: true, missing: true }],
      },
    } as DashboardPanel;
    const { req, aggs } = await answer(panel);
    const slices = pieSlices(panel as never, aggs);
    expect(slices.map((s) => s.label)).toContain('(missing)');
    expect(slices.map((s) => s.label)).toContain('Other');
    const total = await store.count({ from: req.from, to: req.to });
    expect(slices.reduce((n, s) => n + s.value, 0)).toBe(total);
    for (const s of slices) {
      const f = clickFilter(s.steps);
      if (s.label === 'Other') {
        expect(f).toBeUndefined();
        continue;
      }
      expect(await store.count({ query: f?.kql, from: req.from, to: req.to }), s.label).toBe(s.value);
    }
  });

  it('a stacked chart over time × level: every bar’s KQL in its time bucket counts the bar', async () => {
    const panel = {
      id: 'levels',
      title: 'Levels',
      type: 'bar',
      grid,
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [
          { type: 'date_histogram', interval: '15m' },
          { type: 'terms', field: 'log.level', size: 5, missing: true },
        ],
      },
      options: { stacked: true },
    } as DashboardPanel;
    const { aggs } = await answer(panel);
    const chart = chartData(panel as never, aggs);
    expect(chart.axis).toBe('time');
    expect(chart.series.map((s) => s.label).sort()).toEqual(['(missing)', 'error', 'info', 'warn']);
    let checked = 0;
    for (const p of chart.points) {
      const step = p.step;
      if (!step || step.end === undefined) throw new Error('no time bucket');
      for (const s of chart.series) {
        const path = p.paths[s.key];
        if (!path) continue;
        const f = clickFilter(path);
        const n = await store.count({ query: f?.kql, from: Number(step.key), to: step.end });
        expect(n, `${s.label} at ${step.label}`).toBe(p.values[s.key]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(8);
  });

  it('a ratio (5xx ÷ all, percent) per time bucket and over the whole range', async () => {
    const panel = {
      id: 'rate',
      title: 'Error rate',
      type: 'line',
      grid,
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [
          { type: 'date_histogram', interval: '30m' },
          {
            type: 'filters',
            filters: [
              { key: 'errors', query: 'http.response.status_code >= 500' },
              { key: 'all', query: '' },
            ],
          },
        ],
      },
      options: { ratio: { numerator: 'errors', denominator: 'all' }, unit: 'percent' },
    } as DashboardPanel;
    const { req, aggs } = await answer(panel);
    const rows = dataset(panel as never, aggs).rows;
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      const step = r.steps[0];
      if (!step || step.end === undefined) throw new Error('no time bucket');
      const range = { from: Number(step.key), to: step.end };
      const errors = await store.count({ query: 'http.response.status_code >= 500', ...range });
      const all = await store.count(range);
      if (all === 0) expect(r.values.ratio).toBeNull();
      else expect(r.values.ratio).toBeCloseTo((errors / all) * 100, 6);
    }
    expect(rows.filter((r) => r.values.ratio !== null).length).toBeGreaterThan(1);
    const metric = metricValue({ ...panel, type: 'metric' } as never, aggs);
    const errors = await store.count({ query: 'http.response.status_code >= 500', from: req.from, to: req.to });
    const all = await store.count({ from: req.from, to: req.to });
    expect(metric.value).toBeCloseTo((errors / all) * 100, 6);
  });

  it('a table row per path: numeric histogram × terms, each row’s KQL counts its Count cell', async () => {
    const panel = {
      id: 'sizes',
      title: 'Sizes',
      type: 'table',
      grid,
      data: {
        metrics: [
          { id: 'count', type: 'count' },
          { id: 'p', type: 'percentiles', field: 'http.response.body.bytes', percents: [50, 90] },
        ],
        buckets: [
          { type: 'histogram', field: 'http.response.body.bytes', interval: 250 },
          { type: 'terms', field: 'host.name', size: 10 },
        ],
      },
    } as DashboardPanel;
    const { req, aggs } = await answer(panel);
    const table = tableData(panel as never, aggs);
    expect(table.columns.map((c) => c.key)).toEqual(['b0', 'b1', 'count', 'p:p50', 'p:p90']);
    expect(table.rows.length).toBeGreaterThan(8);
    for (const row of table.rows) {
      const f = clickFilter(row.steps);
      expect(await store.count({ query: f?.kql, from: req.from, to: req.to }), f?.kql).toBe(row.cells.count?.raw);
    }
  });
});
