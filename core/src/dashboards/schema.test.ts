import { describe, expect, it } from 'vitest';
import { parseDashboard, validateDashboard, validateVisualization } from './parse.ts';

/** A small valid dashboard; tests break one thing at a time. */
// biome-ignore lint/suspicious/noExplicitAny: the tests break the shape on purpose
function good(): Record<string, any> {
  return {
    id: 'web',
    title: 'Web',
    columns: 24,
    time: { from: 'now-24h', to: 'now' },
    sections: [{ id: 'traffic', title: 'Traffic' }],
    controls: [
      { type: 'options', field: 'host.name', label: 'Host' },
      { type: 'range', field: 'http.response.status_code', label: 'Status', min: 100, max: 599 },
    ],
    panels: [
      {
        id: 'requests',
        title: 'Requests',
        section: 'traffic',
        grid: { x: 0, y: 0, w: 12, h: 8 },
        type: 'bar',
        options: { stacked: true, unit: 'number' },
        data: {
          metrics: [{ id: 'count', type: 'count' }],
          buckets: [
            { type: 'date_histogram', interval: 'auto' },
            { type: 'filters', filters: [{ key: '5xx', query: 'http.response.status_code >= 500' }] },
          ],
        },
      },
      {
        id: 'p95',
        title: 'p95',
        grid: { x: 12, y: 0, w: 12, h: 8 },
        type: 'metric',
        time: { from: 'now-1h', to: 'now' },
        timeShift: '1d',
        data: { metrics: [{ id: 'p', type: 'percentiles', field: 'event.duration', percents: [95] }], buckets: [] },
      },
      {
        id: 'silent',
        title: 'Gone silent',
        grid: { x: 0, y: 8, w: 24, h: 8 },
        type: 'last_seen',
        options: { field: 'device.id', threshold_factor: 3 },
      },
      {
        id: 'notes',
        title: 'Notes',
        grid: { x: 0, y: 16, w: 24, h: 4 },
        type: 'markdown',
        options: { markdown: '# hi' },
      },
    ],
  };
}

function errorsOf(d: unknown, file = 'dashboards/web.json'): string[] {
  const r = validateDashboard(d, file);
  return r.ok ? [] : r.errors;
}

describe('dashboard schema', () => {
  it('accepts a dashboard using controls, sections, per-panel time, timeShift, last_seen and markdown', () => {
    expect(errorsOf(good())).toEqual([]);
  });

  it('names the file and the JSON path of a grid wider than the dashboard', () => {
    const d = good();
    d.panels[1].grid.w = 25;
    expect(errorsOf(d)).toEqual(['dashboards/web.json: panels[1].grid.w: must be ≤ 24']);
    d.columns = 12;
    for (const p of d.panels) p.grid = { x: 0, y: 0, w: 12, h: 2 };
    d.panels[1].grid.w = 13;
    expect(errorsOf(d)).toEqual(['dashboards/web.json: panels[1].grid.w: must be ≤ 12']);
  });

  it('rejects a panel that sticks out on the right, and non-integer or negative grid values', () => {
    const d = good();
    d.panels[1].grid.x = 13;
    expect(errorsOf(d)).toEqual(['dashboards/web.json: panels[1].grid.x: x + w must be ≤ 24 (x 13, w 12)']);
    const e = good();
    e.panels[0].grid.y = -1;
    e.panels[0].grid.h = 1.5;
    const errors = errorsOf(e);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^dashboards\/web\.json: panels\[0\]\.grid\.y: /);
    expect(errors[1]).toMatch(/^dashboards\/web\.json: panels\[0\]\.grid\.h: /);
  });

  it('rejects unknown keys anywhere, naming them', () => {
    const d = good();
    d.colour = 'blue';
    d.panels[0].options.smooth = true;
    d.panels[0].data.buckets[0].every = '1m';
    expect(errorsOf(d).sort()).toEqual([
      'dashboards/web.json: colour: unknown key `colour` (known keys: id, title, description, tags, columns, time, refresh, query, filters, controls, sections, panels)',
      'dashboards/web.json: panels[0].data.buckets[0].every: unknown key `every`',
      'dashboards/web.json: panels[0].options.smooth: unknown key `smooth`',
    ]);
  });

  it('rejects an unknown panel type, metric type or unit', () => {
    const d = good();
    d.panels[0].type = 'sparkle';
    d.panels[1].data.metrics[0].type = 'mode';
    d.panels[3].options = { markdown: 'x' };
    expect(errorsOf(d).map((e) => e.split(': ').slice(0, 2).join(': '))).toEqual([
      'dashboards/web.json: panels[0].type',
      'dashboards/web.json: panels[1].data.metrics[0].type',
    ]);
    const u = good();
    u.panels[0].options.unit = 'furlongs';
    expect(errorsOf(u)[0]).toMatch(/^dashboards\/web\.json: panels\[0\]\.options\.unit: /);
  });

  it('rejects duplicate panel ids, a missing section, more than three buckets and stringified JSON', () => {
    const d = good();
    d.panels[1].id = 'requests';
    d.panels[2].section = 'nowhere';
    expect(errorsOf(d)).toEqual([
      'dashboards/web.json: panels[1].id: duplicate panel id "requests"',
      'dashboards/web.json: panels[2].section: no section "nowhere" in sections',
    ]);
    // the checks across fields run once the shapes are right: a 4th bucket is reported first
    d.panels[0].data.buckets = [
      { type: 'date_histogram' },
      { type: 'terms', field: 'a', size: 5 },
      { type: 'terms', field: 'b', size: 5 },
      { type: 'terms', field: 'c', size: 5 },
    ];
    expect(errorsOf(d)).toEqual(['dashboards/web.json: panels[0].data.buckets: must have at most 3 buckets']);
    const s = good();
    s.panels[0].data = JSON.stringify(s.panels[0].data);
    expect(errorsOf(s)[0]).toMatch(/^dashboards\/web\.json: panels\[0\]\.data: /);
  });

  it('checks what a panel type needs: a line a date histogram, a pie a bucket, a chart a metric', () => {
    const d = good();
    d.panels[0].type = 'line';
    d.panels[0].data.buckets = [{ type: 'terms', field: 'host.name', size: 5 }];
    d.panels[1].type = 'pie';
    d.panels[1].options = undefined;
    d.panels[1].data.metrics = [];
    expect(errorsOf(d)).toEqual([
      'dashboards/web.json: panels[0].data.buckets: a line panel needs a date_histogram bucket',
      'dashboards/web.json: panels[1].data.metrics: must have at least one metric',
      'dashboards/web.json: panels[1].data.buckets: a pie panel needs a bucket',
    ]);
  });

  it('checks that a ratio names filters bucket keys', () => {
    const d = good();
    d.panels[0].options = { unit: 'percent', ratio: { numerator: '5xx', denominator: 'all' } };
    expect(errorsOf(d)).toEqual([
      'dashboards/web.json: panels[0].options.ratio.denominator: no filters bucket key "all"',
    ]);
  });

  it('last_seen requires a field and a threshold factor above 1', () => {
    const d = good();
    d.panels[2].options = { field: 'device.id', threshold_factor: 1 };
    expect(errorsOf(d)[0]).toMatch(/^dashboards\/web\.json: panels\[2\]\.options\.threshold_factor: /);
    d.panels[2].options = { threshold_factor: 3 };
    expect(errorsOf(d)[0]).toMatch(/^dashboards\/web\.json: panels\[2\]\.options\.field: /);
  });

  it('rejects bad durations and ids', () => {
    const d = good();
    d.panels[1].timeShift = 'yesterday';
    d.id = 'has space';
    expect(errorsOf(d)).toEqual([
      'dashboards/web.json: id: must be 1–64 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)',
      'dashboards/web.json: panels[1].timeShift: must be a duration such as 30s, 5m, 1h, 1d or 1w',
    ]);
  });
});

describe('parseDashboard', () => {
  it('reports text that is not JSON with the file name', () => {
    const r = parseDashboard('{"id": ', 'dashboards/broken.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatch(/^dashboards\/broken\.json: \(root\): not valid JSON: /);
  });

  it('parses a valid file', () => {
    const r = parseDashboard(JSON.stringify(good()), 'x.json');
    expect(r.ok && r.dashboard.panels.map((p) => p.id)).toEqual(['requests', 'p95', 'silent', 'notes']);
  });
});

describe('visualization schema', () => {
  const viz = {
    id: 'status-by-host',
    title: 'Status by host',
    description: 'saved from the editor',
    tags: ['web'],
    type: 'bar',
    query: 'http.response.status_code:*',
    options: { stacked: true },
    data: { metrics: [{ id: 'count', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 5 }] },
  };

  it('is a panel without a place on a dashboard', () => {
    const r = validateVisualization(viz);
    expect(r.ok ? [] : r.errors).toEqual([]);
    const placed = validateVisualization({ ...viz, grid: { x: 0, y: 0, w: 4, h: 4 } }, 'v.json');
    expect(placed.ok ? [] : placed.errors).toEqual(['v.json: grid: unknown key `grid`']);
  });

  it('gets the same checks across fields as a dashboard panel', () => {
    const r = validateVisualization({ ...viz, type: 'line' }, 'v.json');
    expect(r.ok ? [] : r.errors).toEqual(['v.json: data.buckets: a line panel needs a date_histogram bucket']);
  });
});
