/**
 * Dashboards in a real browser (issue #17): a dashboard saved through the store on a seeded
 * embedded store, opened in Chromium. Every panel loads; a panel with invalid KQL shows its own
 * error while the others are ready; a click on a bar filters every panel (the numbers equal
 * /api/search with that filter); one panel's own time changes only it (its count equals
 * /api/search over that window); edit mode drags and resizes with the mouse on react-grid-layout's
 * handles, Save, reload: the layout is kept (and GET /api/dashboards/{id} has it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Dashboard, LogEvent } from '@driftwood/core';
import { loadDashboards, saveDashboard } from '@driftwood/store';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_CONCURRENCY } from '../../ui/lib/dashboards/contract.ts';
import { findChromium, skipWithout } from '../system.ts';
import {
  buildUi,
  launchChromium,
  logIn,
  type OwnedStore,
  ownTestStore,
  REPO_ROOT,
  type StoreEnv,
  screenshotPath,
  seedTestUsers,
  startUi,
  type UiServer,
  writeAll,
} from './harness.ts';

const HOUR = 3_600_000;
const EVENTS = 600;
const SERVICES = ['checkout', 'checkout', 'checkout', 'search', 'search', 'auth'];

/** 600 events over the last ~6 hours, 35 s apart: checkout 300, search 200, auth 100; hosts web-0…3. */
function seed(now: number): LogEvent[] {
  const start = now - 6 * HOUR + 3_333;
  return Array.from({ length: EVENTS }, (_, i) => ({
    id: `dash-${i}`,
    doc: {
      '@timestamp': new Date(start + i * 35_000).toISOString(),
      message: `request ${i}`,
      log: { level: i % 5 === 0 ? 'error' : 'info' },
      host: { name: `web-${i % 4}` },
      service: { name: SERVICES[i % SERVICES.length] as string },
    },
  }));
}

const count = [{ id: 'count', type: 'count' as const }];
const DASHBOARD: Dashboard = {
  id: 'browser-board',
  title: 'Browser board',
  description: 'The dashboards browser test',
  tags: ['test'],
  columns: 24,
  time: { from: 'now-24h', to: 'now' },
  refresh: 'off',
  controls: [{ type: 'options', field: 'service.name', label: 'Service' }],
  sections: [{ id: 'trends', title: 'Trends' }],
  panels: [
    {
      id: 'total',
      type: 'metric',
      title: 'Events',
      grid: { x: 0, y: 0, w: 6, h: 5 },
      data: { metrics: count, buckets: [] },
    },
    {
      id: 'by-service',
      type: 'bar',
      title: 'By service',
      grid: { x: 6, y: 0, w: 10, h: 8 },
      data: { metrics: count, buckets: [{ type: 'terms', field: 'service.name', size: 5 }] },
    },
    {
      id: 'by-host',
      type: 'table',
      title: 'By host',
      grid: { x: 16, y: 0, w: 8, h: 8 },
      data: { metrics: count, buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
    },
    {
      id: 'recent',
      type: 'metric',
      title: 'Recent',
      grid: { x: 0, y: 5, w: 6, h: 4 },
      data: { metrics: count, buckets: [] },
    },
    {
      id: 'bad',
      type: 'metric',
      title: 'Broken query',
      query: 'service.name:(',
      grid: { x: 0, y: 9, w: 6, h: 4 },
      data: { metrics: count, buckets: [] },
    },
    {
      id: 'over-time',
      type: 'line',
      title: 'Over time',
      section: 'trends',
      grid: { x: 0, y: 0, w: 24, h: 8 },
      data: { metrics: count, buckets: [{ type: 'date_histogram' }] },
    },
  ],
};

const noBrowser = skipWithout('the Dashboards browser tests', findChromium());

describe.skipIf(noBrowser)('Dashboards (embedded store, Chromium)', () => {
  let dir: string;
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let owned: OwnedStore;
  const now = Date.now();

  const panel = (id: string): Locator => page.locator(`[data-testid="panel"][data-panel-id="${id}"]`);
  const metric = async (id: string): Promise<number> =>
    Number(((await panel(id).getByTestId('metric-value').textContent()) ?? '').replace(/[^\d.]/g, ''));
  const ready = async (id: string): Promise<void> => {
    await panel(id).scrollIntoViewIfNeeded();
    await expect.poll(() => panel(id).getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
  };
  const total = async (query: string, from: string | number, to: string | number): Promise<number> => {
    const p = new URLSearchParams({ q: query, from: String(from), to: String(to), size: '0' });
    const res = await server.fetch(`/api/search?${p}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { total: number }).total;
  };
  const stored = async (): Promise<Dashboard> => {
    const res = await server.fetch(`/api/dashboards/${DASHBOARD.id}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { dashboard: Dashboard }).dashboard;
  };
  const gridOf = (d: Dashboard, id: string) => d.panels.find((p) => p.id === id)?.grid;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-dash-'));
    const env: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir };
    [, owned] = await Promise.all([buildUi(), ownTestStore(env)]);
    await writeAll(owned.store, [seed(now)]);
    await saveDashboard(owned.store, DASHBOARD);
    // the ready dashboards, provisioned from the repository's dashboards/ as `driftwood up` does
    const report = await loadDashboards(owned.store, path.join(REPO_ROOT, 'dashboards'));
    expect(report.failed).toBe(0);
    await seedTestUsers(owned.store);
    server = await startUi({ ...env });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    await logIn(context, server);
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await owned?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('lists the dashboard with its panel count and tags', async () => {
    await page.goto(`${server.url}/dashboards`);
    const row = page.locator(`[data-testid="dashboard-row"][data-dashboard-id="${DASHBOARD.id}"]`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    expect(await row.getByTestId('panel-count').textContent()).toBe('6 panels');
    expect(await page.getByTestId('new-dashboard').count()).toBe(1);
    const web = page.locator('[data-testid="dashboard-row"][data-dashboard-id="web-access"]');
    expect(await web.getByTestId('provisioned').textContent()).toBe('provisioned from dashboards/web-access.json');
    // a tag chip narrows the list
    await page
      .getByTestId('tag-chip')
      .filter({ hasText: /^test$/ })
      .click();
    await expect.poll(() => page.getByTestId('dashboard-row').count(), { timeout: 10_000 }).toBe(1);
    await page.screenshot({ path: screenshotPath('dashboards-list') });
    await page
      .getByTestId('tag-chip')
      .filter({ hasText: /^test$/ })
      .click();
    await page.getByTestId('dashboard-search').fill('no such board');
    await expect.poll(() => page.getByTestId('no-dashboards').count()).toBe(1);
  });

  it('loads every panel; the one with invalid KQL shows its error while the others are ready', async () => {
    // every panel query held 300 ms (by-host 4 s): at most PANEL_CONCURRENCY run at once, and the slow one blocks none
    let inFlight = 0;
    let most = 0;
    await page.route('**/api/panels/query', async (route) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        const slow = (route.request().postDataJSON() as { panel: { id: string } }).panel.id === 'by-host';
        await new Promise((r) => setTimeout(r, slow ? 4000 : 300));
        await route.fulfill({ response: await route.fetch() });
      } finally {
        inFlight--;
      }
    });
    await page.goto(`${server.url}/dashboards/${DASHBOARD.id}`);
    for (const id of ['total', 'by-service', 'recent', 'over-time']) await ready(id);
    expect(await panel('by-host').getAttribute('data-state')).toBe('loading');
    await ready('by-host');
    await page.unroute('**/api/panels/query');
    expect(most).toBeLessThanOrEqual(PANEL_CONCURRENCY);
    expect(most).toBeGreaterThan(1);
    await panel('bad').scrollIntoViewIfNeeded();
    await expect.poll(() => panel('bad').getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    expect((await panel('bad').getByTestId('panel-error').textContent())?.length).toBeGreaterThan(0);
    const all = await total('', now - 24 * HOUR, now + 60_000);
    expect(all).toBe(EVENTS);
    expect(await metric('total')).toBe(EVENTS);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('dashboard'), fullPage: true });
  });

  it('a click on a bar filters every panel: the numbers are the filtered counts', async () => {
    await panel('by-service').scrollIntoViewIfNeeded();
    // the first bar is the biggest term: checkout (300)
    await panel('by-service').locator('.recharts-bar-rectangle').first().click();
    await expect.poll(() => page.getByTestId('filter-pill').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByTestId('filter-pill').first().textContent()).toContain('service.name: checkout');
    expect(page.url()).toContain('f=');
    const filtered = await total('service.name:"checkout"', now - 24 * HOUR, now + 60_000);
    expect(filtered).toBe(300);
    await expect.poll(() => metric('total'), { timeout: 20_000 }).toBe(filtered);
    await expect.poll(() => metric('recent'), { timeout: 20_000 }).toBe(filtered);
    // the table's counts are the filtered ones too: they add up to the filtered total
    await ready('by-host');
    const sumRows = async (): Promise<number> => {
      let sum = 0;
      for (const row of await panel('by-host').getByTestId('table-row').all()) {
        const cells = await row.getByTestId('table-cell').allTextContents();
        sum += Number((cells[cells.length - 1] ?? '').replace(/[^\d.]/g, ''));
      }
      return sum;
    };
    await expect.poll(sumRows, { timeout: 20_000 }).toBe(filtered);
    // a reload keeps the filter (it is in the URL)
    await page.reload();
    await ready('total');
    expect(await metric('total')).toBe(filtered);
    await page.screenshot({ path: screenshotPath('dashboard-filtered') });
    // removing the pill brings the whole count back
    await page
      .getByTestId('filter-pill')
      .first()
      .getByRole('button', { name: /Remove filter/ })
      .click();
    await expect.poll(() => metric('total'), { timeout: 20_000 }).toBe(EVENTS);
  });

  it("a control's choice filters every panel and stays in the URL", async () => {
    const select = page.locator('[data-testid="control"][data-field="service.name"] select');
    await expect.poll(() => select.locator('option').count(), { timeout: 10_000 }).toBe(4); // All + 3 services
    await select.selectOption('search');
    const searchOnly = await total('service.name:"search"', now - 24 * HOUR, now + 60_000);
    expect(searchOnly).toBe(200);
    await expect.poll(() => metric('total'), { timeout: 20_000 }).toBe(searchOnly);
    await expect.poll(() => metric('recent'), { timeout: 20_000 }).toBe(searchOnly);
    expect(new URL(page.url()).searchParams.getAll('c.service.name')).toEqual(['search']);
    await select.selectOption('');
    await expect.poll(() => metric('total'), { timeout: 20_000 }).toBe(EVENTS);
  });

  it('collapsing a section hides its panels; opening it loads them again', async () => {
    const toggle = page.locator('[data-section-id="trends"] [data-testid="section-toggle"]');
    await toggle.click();
    expect(await panel('over-time').count()).toBe(0);
    await toggle.click();
    await ready('over-time');
  });

  it("brushing a time range on a time chart sets the dashboard's time for every panel", async () => {
    await ready('over-time');
    const surface = panel('over-time').locator('.recharts-surface').first();
    const b = await surface.boundingBox();
    if (!b) throw new Error('no chart');
    const y = b.y + b.height / 2;
    await page.mouse.move(b.x + b.width * 0.8, y);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(b.x + b.width * (0.8 + i * 0.018), y);
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('from'), { timeout: 10_000 }).toMatch(/^\d{4}-/);
    const params = new URL(page.url()).searchParams;
    const from = params.get('from') as string;
    const to = params.get('to') as string;
    expect(Date.parse(to)).toBeGreaterThan(Date.parse(from));
    const brushed = await total('', from, to);
    expect(brushed).toBeGreaterThan(0);
    expect(brushed).toBeLessThan(EVENTS);
    await expect.poll(() => metric('total'), { timeout: 20_000 }).toBe(brushed);
    await expect.poll(() => metric('recent'), { timeout: 20_000 }).toBe(brushed);
    // back to the dashboard's own time
    await page.goto(`${server.url}/dashboards/${DASHBOARD.id}`);
    await ready('total');
    expect(await metric('total')).toBe(EVENTS);
  });

  it("one panel's own time changes only that panel; its count is the plain total over that window", async () => {
    const from = new Date(now - 2 * HOUR).toISOString();
    const to = new Date(now).toISOString();
    await panel('recent').getByTestId('panel-menu').click();
    await panel('recent').getByTestId('panel-edit').click();
    await page.getByTestId('panel-dialog-own-time').check();
    await page.getByTestId('panel-dialog-from').fill(from);
    await page.getByTestId('panel-dialog-to').fill(to);
    await page.getByTestId('panel-dialog-apply').click();
    const windowed = await total('', from, to);
    expect(windowed).toBeGreaterThan(0);
    expect(windowed).toBeLessThan(EVENTS);
    await expect.poll(() => metric('recent'), { timeout: 20_000 }).toBe(windowed);
    expect(await panel('recent').getByTestId('panel-time-badge').count()).toBe(1);
    await ready('total');
    expect(await metric('total')).toBe(EVENTS);
    expect(await page.getByTestId('unsaved-changes').count()).toBe(1);
    // Open in Discover carries the panel's own window
    await panel('recent').getByTestId('panel-menu').click();
    const href = await panel('recent').getByTestId('panel-open-discover').getAttribute('href');
    const link = new URL(href ?? '', server.url);
    expect(link.pathname).toBe('/discover');
    expect([link.searchParams.get('from'), link.searchParams.get('to')]).toEqual([from, to]);
    await panel('recent').getByTestId('panel-menu').click();
  });

  it('edit mode: drag one panel and resize another, Save, reload: the layout is kept', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('dashboard-edit').click();
    const before = await stored();
    // drag "Events" by its title bar about five columns to the right
    const head = panel('total').locator('.viz-panel-head');
    const box = await head.boundingBox();
    if (!box) throw new Error('no title bar');
    await page.mouse.move(box.x + 20, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 30, box.y + box.height / 2);
    await page.mouse.up();
    // resize "By host" by its corner handle, about five rows taller
    const handle = page.locator('[data-grid-panel="by-host"] .react-resizable-handle');
    const hb = await handle.boundingBox();
    if (!hb) throw new Error('no resize handle');
    await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(hb.x + hb.width / 2, hb.y + hb.height / 2 + i * 16);
    await page.mouse.up();
    await page.screenshot({ path: screenshotPath('dashboard-editing') });
    // in edit mode a section's collapsed state is part of the dashboard
    await page.locator('[data-section-id="trends"] [data-testid="section-toggle"]').click();
    expect(await panel('over-time').count()).toBe(0);
    await page.getByTestId('dashboard-save').click();
    await expect.poll(() => page.getByTestId('unsaved-changes').count(), { timeout: 10_000 }).toBe(0);

    const after = await stored();
    expect(gridOf(after, 'total')?.x).toBeGreaterThan(gridOf(before, 'total')?.x ?? 0);
    expect(gridOf(after, 'by-host')?.h).toBeGreaterThan(gridOf(before, 'by-host')?.h ?? 0);
    expect(after.panels.find((p) => p.id === 'recent')?.time).toBeDefined();
    expect(after.sections).toEqual([{ id: 'trends', title: 'Trends', collapsed: true }]);

    const placeOf = async (id: string) => {
      const b = await page.locator(`[data-grid-panel="${id}"]`).boundingBox();
      return b ? { x: Math.round(b.x), h: Math.round(b.height) } : undefined;
    };
    const shownBefore = { total: await placeOf('total'), host: await placeOf('by-host') };
    await page.reload();
    await ready('total');
    expect(await placeOf('total')).toEqual(shownBefore.total);
    expect(await placeOf('by-host')).toEqual(shownBefore.host);
    expect(await stored()).toEqual(after);
    expect(await page.locator('[data-section-id="trends"]').getAttribute('data-collapsed')).toBe('true');
    expect(await panel('over-time').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('dashboard-saved-layout') });
  });

  it('New dashboard creates an empty one and opens it', async () => {
    await page.goto(`${server.url}/dashboards`);
    await page.getByTestId('new-dashboard').click();
    await page.getByTestId('new-dashboard-title').fill('Made in the test');
    await page.getByTestId('create-dashboard').click();
    await page.waitForURL(/\/dashboards\/made-in-the-test$/);
    await expect.poll(() => page.getByTestId('dashboard-empty').count(), { timeout: 20_000 }).toBe(1);
    const res = await server.fetch('/api/dashboards/made-in-the-test');
    expect(res.status).toBe(200);
  });

  it('a panel off screen stays idle until it is scrolled into view', async () => {
    const context = page.context();
    const small = await context.newPage();
    await small.setViewportSize({ width: 1440, height: 420 });
    try {
      await small.goto(`${server.url}/dashboards/${DASHBOARD.id}`);
      const bad = small.locator('[data-testid="panel"][data-panel-id="bad"]');
      const top = small.locator('[data-testid="panel"][data-panel-id="by-service"]');
      await expect.poll(() => top.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready');
      expect(await bad.getAttribute('data-state')).toBe('idle');
      await bad.scrollIntoViewIfNeeded();
      await expect.poll(() => bad.getAttribute('data-state'), { timeout: 20_000 }).toBe('error');
    } finally {
      await small.close();
    }
  });

  it('opens each ready dashboard: every panel reaches ready', async () => {
    const states: Record<string, string | null> = {};
    for (const id of ['web-access', 'syslog-hosts', 'iot-fleet', 'app-errors']) {
      await page.goto(`${server.url}/dashboards/${id}`);
      await expect.poll(() => page.getByTestId('panel').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      for (const el of await page.getByTestId('panel').all()) {
        await el.scrollIntoViewIfNeeded();
        await expect.poll(() => el.getAttribute('data-state'), { timeout: 20_000 }).toMatch(/^(ready|error)$/);
        const pid = await el.getAttribute('data-panel-id');
        const state = await el.getAttribute('data-state');
        states[`${id}/${pid}`] = state === 'error' ? await el.getByTestId('panel-error').textContent() : state;
      }
      if (id === 'web-access') {
        // a section's panels start right under its header (the file's rows count on across sections)
        const header = await page.locator('[data-section-id="clients"] [data-testid="section-toggle"]').boundingBox();
        const first = await page.locator('[data-testid="panel"][data-panel-id="top-urls"]').boundingBox();
        expect((first?.y ?? 0) - ((header?.y ?? 0) + (header?.height ?? 0))).toBeLessThan(40);
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: screenshotPath(`dashboard-${id}`), fullPage: true });
    }
    expect(Object.keys(states).length).toBeGreaterThan(30);
    expect(Object.entries(states).filter(([, state]) => state !== 'ready')).toEqual([]);
  });
});
