/**
 * The Visualize editor in a real browser (issue #17), on a seeded embedded store: Discover's
 * field sidebar "Visualize" opens the editor on a number field (a line of its average over time);
 * the chart becomes a bar of the count per host (terms), the preview draws its bars and its
 * numbers equal plain /api/search totals per host; Save gives /visualize/{id}, kept on reload;
 * "Add to dashboard" → a new dashboard opens at /dashboards/{id} with the panel ready (and the
 * API has it, w 12 h 8 at the top), a second add appends below under a fresh panel id. A viewer
 * sees the preview with no Save or Add controls.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, type LogEvent, PANEL_TYPES, type Visualization } from '@driftwood/core';
import { SecurityService } from '@driftwood/store';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PanelAnswer, PanelQueryBody } from '../../ui/lib/dashboards/contract.ts';
import { findChromium, skipWithout } from '../system.ts';
import {
  buildUi,
  launchChromium,
  logIn,
  type OwnedStore,
  ownTestStore,
  type StoreEnv,
  screenshotPath,
  seedTestUsers,
  startUi,
  type UiServer,
  writeAll,
} from './harness.ts';

const HOUR = 3_600_000;
const EVENTS = 400;
/** i % 10 → host: web-0 40 %, web-1 30 %, web-2 20 %, web-3 10 %. */
const HOST_OF = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3];
const EXPECTED: Record<string, number> = { 'web-0': 160, 'web-1': 120, 'web-2': 80, 'web-3': 40 };
const VIEWER = { username: 'viz-viewer', password: 'viz-viewer-password' };

/** 400 events over the last ~6 hours, 50 s apart, with a host, a level and a byte count. */
function seed(now: number): LogEvent[] {
  const start = now - 6 * HOUR + 4_444;
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: `viz-${i}`,
    doc: {
      '@timestamp': new Date(start + i * 50_000).toISOString(),
      message: `GET /item/${i}`,
      log: { level: i % 7 === 0 ? 'error' : 'info' },
      host: { name: `web-${HOST_OF[i % 10]}` },
      http: { response: { bytes: 100 + (i % 13) * 17 } },
    },
  }));
}

const noBrowser = skipWithout('the Visualize browser tests', findChromium());

async function apiTotal(server: UiServer, query: string, from: number, to: number): Promise<number> {
  const p = new URLSearchParams({ q: query, from: String(from), to: String(to), size: '0' });
  const res = await server.fetch(`/api/search?${p}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

const preview = (page: Page) => page.locator('[data-testid="viz-preview"] [data-testid="panel"]');

async function previewReady(page: Page): Promise<void> {
  await expect.poll(() => preview(page).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
}

/** The panel queries the page sent, with their answers (in order). */
function recordPanelQueries(page: Page): Array<{ body: PanelQueryBody; response: Response }> {
  const seen: Array<{ body: PanelQueryBody; response: Response }> = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(response.url()).pathname === '/api/panels/query') {
      seen.push({ body: request.postDataJSON() as PanelQueryBody, response });
    }
  });
  return seen;
}

describe.skipIf(noBrowser)('Visualize (embedded store, Chromium)', () => {
  let dir: string;
  let server: UiServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let owned: OwnedStore;
  let queries: Array<{ body: PanelQueryBody; response: Response }>;
  let vizId = '';
  let dashboardId = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-viz-'));
    const env: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir };
    [, owned] = await Promise.all([buildUi(), ownTestStore(env)]);
    await writeAll(owned.store, [seed(Date.now())]);
    await seedTestUsers(owned.store);
    const security = await SecurityService.open(owned.store);
    await security.addUser({ ...VIEWER, roles: ['viewer'] });
    server = await startUi({ ...env });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
    await logIn(context, server);
    page = await context.newPage();
    queries = recordPanelQueries(page);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await owned?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('"Visualize" on a number field in Discover opens a line of its average over time', async () => {
    await page.goto(`${server.url}/discover?from=now-24h&to=now&q=${encodeURIComponent('host.name:web-*')}`);
    const field = page.locator('[data-testid="field"][data-field="http.response.bytes"]');
    await field.locator('.field-row').click();
    await field.getByTestId('visualize-field').click();
    await page.waitForURL(/\/visualize\/new\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('field')).toBe('http.response.bytes');
    expect(url.searchParams.get('q')).toBe('host.name:web-*');
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d\d-\d\dT/);
    await expect.poll(() => page.getByTestId('viz-editor').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('chart-type-line').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('metric-type').inputValue()).toBe('avg');
    expect(await page.getByTestId('metric-field').inputValue()).toBe('http.response.bytes');
    expect(await page.getByTestId('bucket-type').inputValue()).toBe('date_histogram');
    expect(await page.getByTestId('viz-title').inputValue()).toBe('Average of http.response.bytes over time');
    await previewReady(page);
    const last = queries.at(-1);
    expect(last?.body.panel).toMatchObject({
      type: 'line',
      query: 'host.name:web-*',
      data: { metrics: [{ type: 'avg', field: 'http.response.bytes' }], buckets: [{ type: 'date_histogram' }] },
    });
    // a number field is offered for the average; a keyword one is not
    const offered = await page.getByTestId('metric-field').locator('option').allTextContents();
    expect(offered.some((o) => o.startsWith('http.response.bytes'))).toBe(true);
    expect(offered.some((o) => o.startsWith('host.name'))).toBe(false);
  });

  it('becomes a bar of the count per host: the preview draws its bars, its numbers are /api/search totals', async () => {
    await page.getByTestId('chart-type-bar').click();
    await page.getByTestId('metric-type').selectOption('count');
    await page.getByTestId('bucket-type').selectOption('terms');
    // a terms breakdown without a field: the error shows beside it and nothing is previewed
    await expect
      .poll(() => page.locator('[data-testid="bucket"] [data-testid="viz-error"]').textContent())
      .toBe('pick a field');
    expect(await page.getByTestId('preview-invalid').count()).toBe(1);
    expect(await page.getByTestId('save-viz').isDisabled()).toBe(true);
    await page.getByTestId('bucket-field').selectOption('host.name');
    await expect.poll(() => page.getByTestId('preview-invalid').count()).toBe(0);
    await previewReady(page);
    await expect.poll(() => preview(page).locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBe(4);
    // the automatic title follows the edits until one is written
    expect(await page.getByTestId('viz-title').inputValue()).toBe('Top 10 values of host.name');

    const last = queries.at(-1);
    if (!last) throw new Error('no panel query was sent');
    expect(last.body.panel).toMatchObject({
      type: 'bar',
      data: { metrics: [{ type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
    });
    const answer = (await last.response.json()) as PanelAnswer;
    const { from, to } = answer.request;
    if (from === undefined || to === undefined) throw new Error('the answer has no window');
    const terms = answer.aggs.b0;
    if (terms?.type !== 'terms') throw new Error(`b0 is ${terms?.type}`);
    const shown = Object.fromEntries(terms.buckets.map((b) => [String(b.key), b.count]));
    expect(shown).toEqual(EXPECTED);
    for (const b of terms.buckets) {
      const m1 = b.aggs?.m1;
      expect(m1).toEqual({ type: 'count', value: b.count });
      expect(await apiTotal(server, `(host.name:web-*) and host.name:"${b.key}"`, from, to)).toBe(b.count);
    }
    await page.screenshot({ path: screenshotPath('visualize-editor') });
  });

  it('saves as /visualize/{id}; a reload keeps it', async () => {
    await page.getByTestId('viz-title').fill('Events by host');
    await page.getByTestId('viz-tags').fill('web, hosts');
    await page.getByTestId('save-viz').click();
    await page.waitForURL(/\/visualize\/viz-[0-9a-z]+/);
    vizId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const stored = await server.fetch(`/api/visualizations/${encodeURIComponent(vizId)}`);
    expect(stored.status).toBe(200);
    const { visualization } = (await stored.json()) as { visualization: Visualization };
    expect(visualization).toMatchObject({
      id: vizId,
      title: 'Events by host',
      type: 'bar',
      query: 'host.name:web-*',
      tags: ['web', 'hosts'],
      data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
    });

    await page.reload();
    await expect.poll(() => page.getByTestId('viz-title').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('viz-title').inputValue()).toBe('Events by host');
    expect(await page.getByTestId('chart-type-bar').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('bucket-field').inputValue()).toBe('host.name');
    await previewReady(page);
    await expect.poll(() => preview(page).locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBe(4);

    await page.goto(`${server.url}/visualize`);
    await expect.poll(() => page.locator(`[data-testid="viz-row"][data-viz-id="${vizId}"]`).count()).toBe(1);
    await page.getByTestId('viz-search').fill('no such title');
    await expect.poll(() => page.getByTestId('viz-row').count()).toBe(0);
  });

  it('"Add to dashboard" → a new dashboard opens with the panel ready; a second add goes below', async () => {
    await page.goto(`${server.url}/visualize/${encodeURIComponent(vizId)}`);
    await previewReady(page);
    await page.getByTestId('add-to-dashboard').click();
    await page.getByTestId('new-dashboard-title').fill('Hosts board');
    await page.screenshot({ path: screenshotPath('visualize-add-to-dashboard') });
    await page.getByTestId('add-confirm').click();
    await page.waitForURL(/\/dashboards\/dash-[0-9a-z]+/);
    dashboardId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    const panel = page.locator(`[data-testid="panel"][data-panel-id="${vizId}"]`);
    await expect.poll(() => panel.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready');
    await expect.poll(() => panel.locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBe(4);
    await page.screenshot({ path: screenshotPath('visualize-added-to-dashboard') });

    const got = async () => {
      const res = await server.fetch(`/api/dashboards/${encodeURIComponent(dashboardId)}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { dashboard: Dashboard }).dashboard;
    };
    const first = await got();
    expect(first.title).toBe('Hosts board');
    expect(first.panels).toEqual([
      {
        id: vizId,
        title: 'Events by host',
        type: 'bar',
        query: 'host.name:web-*',
        data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
        grid: { x: 0, y: 0, w: 12, h: 8 },
      },
    ]);

    await page.goto(`${server.url}/visualize/${encodeURIComponent(vizId)}`);
    await previewReady(page);
    await page.getByTestId('add-to-dashboard').click();
    await expect.poll(() => page.getByTestId('add-target').locator(`option[value="${dashboardId}"]`).count()).toBe(1);
    await page.getByTestId('add-target').selectOption(dashboardId);
    await page.getByTestId('add-confirm').click();
    await page.waitForURL(new RegExp(`/dashboards/${dashboardId}`));
    const second = await got();
    expect(second.panels.map((p) => [p.id, p.grid])).toEqual([
      [vizId, { x: 0, y: 0, w: 12, h: 8 }],
      [`${vizId}-2`, { x: 0, y: 8, w: 12, h: 8 }],
    ]);
    await expect
      .poll(() => page.locator(`[data-testid="panel"][data-panel-id="${vizId}-2"]`).getAttribute('data-state'), {
        timeout: 30_000,
      })
      .toBe('ready');
  });

  it('every chart type previews from the editor (switched in turn, each ready, none an error)', async () => {
    await page.goto(`${server.url}/visualize/${encodeURIComponent(vizId)}`);
    await previewReady(page);
    for (const type of PANEL_TYPES) {
      const before = queries.length;
      await page.getByTestId(`chart-type-${type}`).click();
      if (type === 'last_seen') await page.getByTestId('option-field').selectOption('host.name');
      if (type === 'markdown') await page.getByTestId('option-markdown').fill('# Hosts\n\n<b>not html</b>');
      await expect
        .poll(
          async () => [await preview(page).getAttribute('data-state'), await page.getByTestId('panel-error').count()],
          {
            timeout: 20_000,
          },
        )
        .toEqual(['ready', 0]);
      expect(await page.getByTestId('preview-invalid').count(), type).toBe(0);
      if (type === 'markdown') {
        const md = preview(page).getByTestId('panel-markdown');
        expect(await md.locator('h1').textContent()).toBe('Hosts');
        expect(await md.locator('b').count()).toBe(0); // Markdown, never HTML
      } else {
        await expect.poll(() => queries.at(-1)?.body.panel.type, { timeout: 10_000 }).toBe(type);
        expect(queries.length).toBeGreaterThan(before);
      }
    }
  });

  it('a viewer sees the preview but no Save or Add controls', async () => {
    const viewer = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
    try {
      await logIn(viewer, server, VIEWER);
      const p = await viewer.newPage();
      await p.goto(`${server.url}/visualize/${encodeURIComponent(vizId)}`);
      await expect.poll(() => p.getByTestId('viz-read-only').count(), { timeout: 20_000 }).toBe(1);
      await previewReady(p);
      await expect.poll(() => preview(p).locator('.recharts-bar-rectangle').count(), { timeout: 10_000 }).toBe(4);
      expect(await p.getByTestId('read-only-note').textContent()).toMatch(/^Read-only: /);
      expect(await p.getByTestId('save-viz').count()).toBe(0);
      expect(await p.getByTestId('add-to-dashboard').count()).toBe(0);
      expect(await p.getByTestId('viz-form').count()).toBe(0);
      await p.goto(`${server.url}/visualize`);
      await expect.poll(() => p.getByTestId('viz-row').count(), { timeout: 20_000 }).toBe(1);
      expect(await p.getByTestId('new-viz').count()).toBe(0);
    } finally {
      await viewer.close();
    }
  });
});
