/**
 * Discover in a real browser: `next build`, `next start` on a seeded embedded store (and a reduced
 * run on OpenSearch when the engine is available), driven with Chromium through playwright-core.
 * Screenshots of the main states go to test-results/ui/.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent } from '@driftwood/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engine } from '../engines/use.ts';
import { findChromium, skipWithout } from '../system.ts';
import { generateEvents } from './events.ts';
import {
  buildUi,
  launchChromium,
  logIn,
  type OwnedStore,
  openTestStore,
  ownTestStore,
  type StoreEnv,
  screenshotPath,
  seedTestUsers,
  startUi,
  type UiServer,
  writeAll,
} from './harness.ts';

const HOUR = 3_600_000;
const SEED_EVENTS = 6000;
const HOSTILE = '<img src=x onerror="window.__xss=1"> <script>window.__xss=1</script> hostile line';

function seed(now: number): Iterable<LogEvent[]> {
  const generated = generateEvents({ count: SEED_EVENTS, from: now - 23 * HOUR, to: now - 1000 });
  const extra: LogEvent[] = [
    {
      id: 'hostile-1',
      doc: {
        '@timestamp': new Date(now - 5 * 60_000).toISOString(),
        message: HOSTILE,
        log: { level: 'error' },
        host: { name: 'evil-host' },
        service: { name: 'attacker' },
      },
    },
  ];
  return [...generated, extra];
}

let built: Promise<void> | undefined;
const ensureBuilt = (): Promise<void> => {
  built ??= buildUi();
  return built;
};

async function hitCount(page: Page): Promise<number> {
  const el = page.getByTestId('hit-count');
  await expect.poll(async () => /\d[\d,]* hits?/.test((await el.textContent()) ?? ''), { timeout: 20_000 }).toBe(true);
  return Number(((await el.textContent()) ?? '').replace(/[^\d]/g, ''));
}

async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.getByTestId('loading').count(), { timeout: 20_000 }).toBe(0);
}

async function apiTotal(server: UiServer, query: string, from: number, to: number): Promise<number> {
  const p = new URLSearchParams({ q: query, from: String(from), to: String(to), size: '0' });
  const res = await server.fetch(`/api/search?${p}`);
  return ((await res.json()) as { total: number }).total;
}

const noBrowser = skipWithout('the Discover browser tests', findChromium());

describe.skipIf(noBrowser)('Discover (embedded store, Chromium)', () => {
  let dir: string;
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  /** This process owns the store (as `driftwood up` does); the UI reaches it through its store API. */
  let owned: OwnedStore;
  const now = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-'));
    const env: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir };
    [, owned] = await Promise.all([ensureBuilt(), ownTestStore(env)]);
    await writeAll(owned.store, seed(now));
    await seedTestUsers(owned.store);
    server = await startUi({ ...env });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    await logIn(context, server);
    page = await context.newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await owned?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows the hit count, a histogram and the first rows', async () => {
    await page.goto(`${server.url}/discover?from=now-24h&to=now`);
    const total = await hitCount(page);
    expect(total).toBe(SEED_EVENTS + 1);
    await settled(page);
    await expect.poll(() => page.getByTestId('histogram').getAttribute('data-total')).toBe(String(total));
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(10);
    expect(await page.getByTestId('doc-row').count()).toBeGreaterThan(10);
    // windowed: far fewer rows in the DOM than the 100 loaded
    expect(await page.getByTestId('doc-row').count()).toBeLessThan(100);
    await page.screenshot({ path: screenshotPath('discover') });
  });

  it('runs a KQL query: `/` focuses the bar, Enter runs it, count and histogram change; errors show inline', async () => {
    const before = await hitCount(page);
    await page.locator('body').click({ position: { x: 700, y: 10 } });
    await page.keyboard.press('/');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('query-input');
    await page.keyboard.type('log.level:(');
    await expect.poll(() => page.getByTestId('kql-error').isVisible()).toBe(true);
    expect(await page.getByTestId('kql-error').textContent()).toMatch(/\^.*column 12/s);
    await page.screenshot({ path: screenshotPath('kql-error') });
    await page.getByTestId('query-input').fill('log.level:error');
    await page.keyboard.press('Enter');
    const expected = await apiTotal(server, 'log.level:error', 0, Date.now() + 1);
    expect(expected).not.toBe(before);
    await expect.poll(() => hitCount(page), { timeout: 20_000 }).toBe(expected);
    await settled(page);
    const total = await hitCount(page);
    await expect.poll(() => page.getByTestId('histogram').getAttribute('data-total')).toBe(String(total));
    expect(page.url()).toContain('q=log.level%3Aerror');
  });

  it('zooms the time range by dragging across the histogram', async () => {
    const before = await hitCount(page);
    const box = await page.getByTestId('chart-area').boundingBox();
    if (!box) throw new Error('no chart area');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 48 + (box.width - 56) * 0.3, y);
    await page.mouse.down();
    await page.mouse.move(box.x + 48 + (box.width - 56) * 0.45, y, { steps: 5 });
    await expect.poll(() => page.getByTestId('zoom-selection').count()).toBe(1);
    await page.mouse.move(box.x + 48 + (box.width - 56) * 0.6, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => new URL(page.url()).searchParams.get('from') ?? '').toMatch(/^\d{4}-\d\d-\d\dT/);
    await settled(page);
    const after = await hitCount(page);
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('zoomed') });
  });

  it('adds a column from the field sidebar', async () => {
    const field = page.locator('[data-testid=field][data-field="service.name"]');
    await field.locator('.field-row').click();
    await field.getByTestId('details-toggle-column').click();
    await expect.poll(() => page.getByTestId('column-service.name').count()).toBe(1);
    expect(new URL(page.url()).searchParams.getAll('col')).toEqual(['message', 'service.name']);
    await expect.poll(() => page.locator('[data-col="service.name"]').first().textContent()).toMatch(/\w/);
  });

  it('filters for a value from the top 5 values', async () => {
    const before = await hitCount(page);
    const field = page.locator('[data-testid=field][data-field="host.name"]');
    await field.locator('.field-row').click();
    const first = field.getByTestId('top-value').first();
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toMatch(/%/);
    const host = ((await first.locator('.val').textContent()) ?? '').trim();
    const pct = Number.parseFloat(((await first.locator('.pct').textContent()) ?? '').replace('%', ''));
    expect(pct).toBeGreaterThan(0);
    await first.getByTestId('filter-for').click();
    await expect.poll(() => page.getByTestId('filter-pill').count()).toBe(1);
    expect(await page.getByTestId('filter-pill').textContent()).toContain(`host.name: ${host}`);
    await settled(page);
    const after = await hitCount(page);
    expect(after).toBe(Math.round((before * pct) / 100));
    await page.screenshot({ path: screenshotPath('filtered') });
  });

  it('expands a row into a table and a JSON view', async () => {
    await page.getByTestId('expand-row').first().click();
    const detail = page.getByTestId('doc-detail').first();
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.locator('tr[data-field="log.level"]').textContent()).toContain('error');
    await detail.getByTestId('json-tab').click();
    const json = JSON.parse((await detail.getByTestId('doc-json').textContent()) ?? '{}') as Record<string, unknown>;
    expect(json._id).toMatch(/^gen-/);
    expect(json['@timestamp']).toBeTypeOf('string');
    await page.screenshot({ path: screenshotPath('expanded') });
  });

  it('the URL reproduces the view in a new page', async () => {
    const url = page.url();
    const total = await hitCount(page);
    const other = await page.context().newPage();
    await other.goto(url);
    expect(await hitCount(other)).toBe(total);
    expect(await other.getByTestId('query-input').inputValue()).toBe('log.level:error');
    expect(await other.getByTestId('filter-pill').count()).toBe(1);
    expect(await other.getByTestId('column-service.name').count()).toBe(1);
    await other.close();
  });

  it('opens the surrounding documents of a row', async () => {
    const detail = page.getByTestId('doc-detail').first();
    await detail.getByRole('tab', { name: 'Table' }).click();
    await detail.getByTestId('surrounding-link').click();
    await expect.poll(() => page.getByTestId('anchor-row').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('context-source').textContent()).toMatch(/Same source: (log\.file\.path|host\.name)/);
    expect(await page.getByTestId('context-row').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: screenshotPath('surrounding') });
    await page.goBack();
  });

  it('shows a hostile log line as text and never runs it', async () => {
    await page.goto(`${server.url}/discover?q=hostile&from=now-24h&to=now`);
    expect(await hitCount(page)).toBe(1);
    const cell = page.locator('[data-testid=doc-row] [data-col=message]').first();
    expect(await cell.textContent()).toBe(HOSTILE);
    expect(await cell.locator('mark').textContent()).toBe('hostile');
    await page.getByTestId('expand-row').first().click();
    await page.getByTestId('doc-detail').waitFor();
    expect(await page.locator('[data-testid=doc-table] img, [data-testid=doc-table] script').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    await page.screenshot({ path: screenshotPath('hostile') });
  });

  it('live tail shows an event written during the test', async () => {
    await page.goto(`${server.url}/discover?q=tailneedle&tail=1`);
    await expect.poll(() => page.getByTestId('tail-bar').textContent(), { timeout: 20_000 }).toContain('Live');
    const written = await writeAll(owned.store, [
      [
        {
          id: 'tail-1',
          doc: {
            '@timestamp': new Date().toISOString(),
            message: 'tailneedle arrived from the test',
            log: { level: 'warn' },
            host: { name: 'web-1' },
            service: { name: 'nginx' },
          },
        },
      ],
    ]);
    expect(written).toBe(1);
    await expect
      .poll(() => page.locator('[data-testid=doc-row] [data-col=message]').first().textContent(), { timeout: 15_000 })
      .toBe('tailneedle arrived from the test');
    expect(await page.getByTestId('tail-count').textContent()).toContain('1 received');
    expect(await page.getByTestId('tail-rate').textContent()).toMatch(/\/(s|min)$/);
    await page.screenshot({ path: screenshotPath('live-tail') });
    await page.getByTestId('tail-pause').click();
    expect(await page.getByTestId('tail-bar').textContent()).toContain('Paused');
  });

  it('shows a store error with Retry, and Retry recovers', async () => {
    let fail = true;
    await page.route('**/api/search?**', (route) =>
      fail
        ? route.fulfill({
            status: 503,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'STORE_UNAVAILABLE', message: 'the store is down (simulated)' } }),
          })
        : route.continue(),
    );
    await page.goto(`${server.url}/discover?from=now-24h&to=now`);
    await expect.poll(() => page.getByTestId('error-notice').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('error-notice').first().textContent()).toContain('The log store is unavailable');
    await page.screenshot({ path: screenshotPath('store-error') });
    fail = false;
    await page.getByTestId('retry').first().click();
    await expect.poll(() => page.getByTestId('error-notice').count(), { timeout: 20_000 }).toBe(0);
    expect(await hitCount(page)).toBeGreaterThan(SEED_EVENTS);
    await page.unroute('**/api/search?**');
  });

  it('saves a search and opens it again', async () => {
    await page.goto(`${server.url}/discover?q=log.level%3Awarn&from=now-24h&to=now&col=message&col=host.name`);
    await hitCount(page);
    await page.getByTestId('saved-searches').click();
    await page.getByTestId('saved-title').fill('Warnings by host');
    await page.getByTestId('save-new').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('saved') ?? '').toMatch(/^warnings-by-host-/);
    await page.goto(`${server.url}/discover`);
    await page.getByTestId('saved-searches').click();
    await page.getByTestId('saved-item').filter({ hasText: 'Warnings by host' }).getByRole('button').first().click();
    await expect.poll(() => page.getByTestId('query-input').inputValue()).toBe('log.level:warn');
    expect(new URL(page.url()).searchParams.getAll('col')).toEqual(['message', 'host.name']);
  });

  it('exports CSV and NDJSON, streamed and bounded', async () => {
    const p = new URLSearchParams({ q: 'log.level:error', from: String(now - 24 * HOUR), to: String(Date.now()) });
    p.append('col', 'message');
    p.append('col', 'host.name');
    const total = await apiTotal(server, 'log.level:error', now - 24 * HOUR, Number(p.get('to')));
    const csv = await (await server.fetch(`/api/export?format=csv&${p}`)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('@timestamp,message,host.name');
    expect(lines.length).toBe(total + 1);
    const nd = await (await server.fetch(`/api/export?format=ndjson&limit=50&${p}`)).text();
    const docs = nd
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { _id: string });
    expect(docs.length).toBe(50);
    expect(docs[0]?._id).toBeTypeOf('string');
  });

  it('answers KQL errors with 400 and the typed error', async () => {
    const res = await server.fetch(`/api/search?q=${encodeURIComponent('message:(foo')}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { column: number; expected: string } } };
    expect(body.error.code).toBe('KQL_SYNTAX');
    expect(body.error.details.column).toBeGreaterThan(1);
    expect(body.error.details.expected).not.toBe('');
  });
});

const opensearch = engine('opensearch');

describe.skipIf(noBrowser || !opensearch)('Discover on OpenSearch (reduced)', () => {
  let dir: string;
  let server: UiServer;
  let browser: Browser;
  const now = Date.now();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-os-'));
    const env: StoreEnv = {
      DRIFTWOOD_STORE: 'opensearch',
      DRIFTWOOD_DATA: dir,
      OPENSEARCH_URL: opensearch!.url,
      DRIFTWOOD_INDEX_PREFIX: `ui-${now}`,
    };
    const [, store] = await Promise.all([ensureBuilt(), openTestStore(env)]);
    await writeAll(store, generateEvents({ count: 1500, from: now - 6 * HOUR, to: now - 1000, seed: 7 }));
    await seedTestUsers(store);
    await store.close();
    server = await startUi({ ...env });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('searches, charts, filters and expands a row', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await logIn(context, server);
    const page = await context.newPage();
    await page.goto(`${server.url}/discover?from=now-24h&to=now`);
    expect(await hitCount(page)).toBe(1500);
    await settled(page);
    await expect.poll(() => page.getByTestId('histogram').getAttribute('data-total')).toBe('1500');
    await page.getByTestId('query-input').fill('service.name:nginx and http.response.status_code >= 500');
    await page.keyboard.press('Enter');
    const expected = await apiTotal(
      server,
      'service.name:nginx and http.response.status_code >= 500',
      0,
      Date.now() + 1,
    );
    await expect.poll(() => hitCount(page), { timeout: 20_000 }).toBe(expected);
    await settled(page);
    const total = await hitCount(page);
    expect(total).toBeGreaterThan(0);
    const field = page.locator('[data-testid=field][data-field="host.name"]');
    await field.locator('.field-row').click();
    await expect.poll(() => field.getByTestId('top-value').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await field.getByTestId('filter-for').first().click();
    await expect.poll(() => page.getByTestId('filter-pill').count()).toBe(1);
    await settled(page);
    expect(await hitCount(page)).toBeLessThanOrEqual(total);
    await page.getByTestId('expand-row').first().click();
    expect(
      await page.getByTestId('doc-detail').first().locator('tr[data-field="service.name"]').textContent(),
    ).toContain('nginx');
    await page.screenshot({ path: screenshotPath('opensearch') });
  });
});
