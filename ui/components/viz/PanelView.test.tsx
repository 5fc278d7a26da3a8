/**
 * PanelView rendered to static markup (react-dom/server, no browser): each panel type draws its
 * data, "No results" for an empty answer, log text as text, markdown without HTML, and
 * PanelFrame's states of the DOM contract. Recharts 3 draws its SVG only after mounting (not on
 * the server): for line/area/bar/pie these check the chart's type, series and legend, the SVG
 * itself is checked in Chromium.
 */
import type { AggregationResult } from '@driftwood/store';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PanelAnswer, PanelSpec } from '../../lib/dashboards/contract.ts';
import { count, errorRate, levelsOverTime, MIN, panel, T0 } from '../../lib/viz/testdata.ts';
import { PanelFrame } from './PanelFrame.tsx';
import { PanelView } from './PanelView.tsx';

const answer = (aggs: Record<string, AggregationResult>, extra: Partial<PanelAnswer> = {}): PanelAnswer => ({
  request: {},
  aggs,
  now: T0 + 10 * MIN,
  took: 1,
  ...extra,
});
const html = (p: PanelSpec, a?: PanelAnswer) => renderToStaticMarkup(<PanelView panel={p} answer={a} height={200} />);
const terms = (keys: Array<[string, number]>, other = 0): Record<string, AggregationResult> => ({
  b0: { type: 'terms', buckets: keys.map(([key, n]) => ({ key, count: n, aggs: { count: count(n) } })), other },
});
const termsPanel = (type: 'pie' | 'donut' | 'bar_horizontal' | 'table', field = 'host.name') =>
  panel({
    type,
    data: { metrics: [{ id: 'count', type: 'count' }], buckets: [{ type: 'terms', field, size: 5, other: true }] },
  });

describe('PanelView', () => {
  it('draws a stacked bar chart over time with a bar per series and a legend', () => {
    const out = html(levelsOverTime.panel, answer(levelsOverTime.aggs));
    expect(out).toContain('data-chart-type="bar"');
    expect(out).toContain('data-series="4"');
    expect(out).toMatch(/<ul class="viz-legend viz-legend-bottom"[^>]*>.*info.*error.*\(missing\).*Other/);
    // before layout the plot is the chart's 200 px less the bottom legend's 40 and its 4 px gap
    expect(out).toContain('class="recharts-wrapper" style="position:relative;cursor:default;width:600px;height:156px"');
  });

  it('draws line and area charts, ticks in the unit', () => {
    const out = html(errorRate.panel, answer(errorRate.aggs));
    expect(out).toContain('data-chart-type="line"');
    expect(out).toContain('data-series="1"');
    expect(out).toContain('viz-chart-legend-none');
    const area = html({ ...errorRate.panel, type: 'area' } as PanelSpec, answer(errorRate.aggs));
    expect(area).toContain('data-chart-type="area"');
  });

  it('says No results for an empty answer instead of an empty chart', () => {
    const empty = answer({ b0: { type: 'date_histogram', intervalMs: MIN, buckets: [] } });
    expect(html(levelsOverTime.panel, empty)).toContain('No results');
    expect(html(termsPanel('pie'), answer(terms([])))).toContain('No results');
    expect(html(termsPanel('table'), answer(terms([])))).toContain('No results');
  });

  it('draws pie and donut slices with their shares, horizontal bars by category', () => {
    const a = answer(
      terms([
        ['web-1', 3],
        ['web-2', 1],
      ]),
    );
    const pie = html(termsPanel('pie'), a);
    expect(pie).toContain('data-slices="2"');
    expect(pie).toContain('web-1 · 75 %');
    expect(html(termsPanel('donut'), a)).toContain('data-chart-type="donut"');
    const bars = html(termsPanel('bar_horizontal'), a);
    expect(bars).toContain('data-chart-type="bar_horizontal"');
    expect(bars).toContain('data-series="1"');
  });

  it('renders log text as text, never as markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const out = html(termsPanel('table', 'message'), answer(terms([[evil, 2]])));
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('draws a table: rows, cells, sortable headers, a pager and a CSV button', () => {
    const p = {
      ...termsPanel('table'),
      options: { page_size: 2, sort: { column: 'count', order: 'asc' } },
    } as PanelSpec;
    const out = html(
      p,
      answer(
        terms(
          [
            ['a', 5],
            ['b', 3],
            ['c', 1],
          ],
          7,
        ),
      ),
    );
    expect(out.match(/data-testid="table-row"/g)).toHaveLength(2);
    expect(out.match(/data-testid="table-cell"/g)).toHaveLength(4);
    expect(out).toMatch(/data-testid="table-cell" data-column="b0">c<.*data-testid="table-cell" data-column="b0">b</);
    expect(out).toContain('aria-sort="ascending"');
    expect(out).toContain('1 / 2');
    expect(out).toContain('data-testid="table-csv"');
  });

  it('draws the metric number, the change vs previous and the sparkline', () => {
    const p = panel({
      type: 'metric',
      data: { metrics: [{ id: 'count', type: 'count', label: 'Requests' }], buckets: [{ type: 'date_histogram' }] },
      options: { compare: 'previous_period', sparkline: true },
    });
    const hist = (values: number[]): Record<string, AggregationResult> => ({
      b0: {
        type: 'date_histogram',
        intervalMs: MIN,
        buckets: values.map((v, i) => ({ key: T0 + i * MIN, count: v, aggs: { count: count(v) } })),
      },
    });
    const out = html(p, answer(hist([1000, 500]), { previous: hist([600, 600]) }));
    expect(out).toMatch(/data-testid="metric-value">1,500</);
    expect(out).toContain('data-sign="up"');
    expect(out).toContain('▲ +25 %');
    expect(out).toContain('data-testid="metric-sparkline"');
  });

  it('draws a gauge in its threshold colour and a heatmap of cells', () => {
    const g = panel({
      type: 'gauge',
      data: { metrics: [{ id: 'b', type: 'avg', field: 'battery', label: 'Battery' }], buckets: [] },
      options: {
        unit: 'percent',
        min: 0,
        max: 100,
        thresholds: [
          { value: 0, color: 'red' },
          { value: 50, color: 'green' },
        ],
      },
    });
    const gauge = html(g, answer({ b: { type: 'avg', value: 72 } }));
    expect(gauge).toContain('data-color="green"');
    expect(gauge).toMatch(/data-testid="gauge-value"[^>]*>72 %</);
    const h = panel({
      type: 'heatmap',
      data: {
        metrics: [{ id: 'count', type: 'count' }],
        buckets: [{ type: 'date_histogram' }, { type: 'terms', field: 'log.level', size: 5 }],
      },
    });
    const heat = html(h, answer(levelsOverTime.aggs));
    // 2 times × info, (missing), error
    expect(heat.match(/data-testid="heatmap-cell"/g)).toHaveLength(2 * 3);
    expect(heat).toContain('title="error · ');
  });

  it('renders markdown without raw HTML, links with rel=noopener noreferrer', () => {
    const p = {
      id: 'm',
      title: 'Notes',
      type: 'markdown',
      options: { markdown: '# Hello\n\n<script>alert(1)</script>\n\nsome <b>bold</b> [docs](https://example.com)' },
    } as PanelSpec;
    const out = html(p);
    expect(out).toContain('<h1>Hello</h1>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<b>');
    expect(out).toContain('some bold');
    expect(out).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">docs</a>');
  });

  it('lists last-seen rows, silent ones marked', () => {
    const p = {
      id: 'ls',
      title: 'Gone silent',
      type: 'last_seen',
      options: { field: 'device.id', threshold_factor: 5 },
    } as PanelSpec;
    const out = html(
      p,
      answer(
        {},
        {
          lastSeen: [
            { value: 'dev-1', count: 10, lastSeen: T0, agoMs: 10 * MIN, usualIntervalMs: MIN, silent: true },
            { value: 'dev-2', count: 3, lastSeen: T0 + 9 * MIN, agoMs: MIN, usualIntervalMs: null, silent: false },
          ],
        },
      ),
    );
    expect(out.match(/data-silent="true"/g)).toHaveLength(1);
    expect(out).toContain('1 silent');
    expect(out).toContain('10m 00s');
    expect(html(p, answer({}, { lastSeen: [] }))).toContain('No results');
  });
});

describe('PanelFrame', () => {
  it('carries the DOM contract: panel id, state, spinner, error text', () => {
    const loading = renderToStaticMarkup(<PanelFrame panelId="p1" title="Requests" state="loading" />);
    expect(loading).toContain('data-testid="panel"');
    expect(loading).toContain('data-panel-id="p1"');
    expect(loading).toContain('data-state="loading"');
    expect(loading).toContain('data-testid="panel-spinner"');
    const failed = renderToStaticMarkup(
      <PanelFrame
        panelId="p1"
        title="Requests"
        state="error"
        error={new Error('store down')}
        menu={<button type="button">Menu</button>}
      >
        <span>chart</span>
      </PanelFrame>,
    );
    expect(failed).toMatch(/data-testid="panel-error"[^>]*>store down</);
    expect(failed).not.toContain('chart');
    expect(failed).toContain('Menu');
  });
});
