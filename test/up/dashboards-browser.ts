/**
 * The ready dashboards on `driftwood up --demo`, in Chromium: shared by the engine test
 * (test/up/ready-dashboards.engine.test.ts) and the screenshot script (test/up/screenshots.ts).
 *
 * - `startDemoUp`: `up --demo` on a data dir, as a user starts it (DRIFTWOOD_ADMIN_PASSWORD for the
 *   first-run admin), waited for until the UI answers and the whole 24 h backfill is searchable.
 * - `demoWindow`: a fixed, absolute window inside the backfill (it ends before the backfill time,
 *   so live events arriving meanwhile never move a number on screen).
 * - `themedContext`: a logged-in browser context with the theme chosen before the first load
 *   (ThemeToggle keeps it in localStorage `driftwood.theme` and sets `data-theme` on <html>).
 * - `openDashboard` / `loadEveryPanel`: the dashboard at that window, scrolled through so every
 *   lazy panel loads, until none is idle or loading; the state of each panel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort } from '../engines/process.ts';
import { basicAuth, loginSession } from '../ui/harness.ts';
import { childEnv, DRIFTWOOD, eventually, GroupProcess } from './child.ts';

export const READY_DASHBOARDS = ['web-access', 'syslog-hosts', 'iot-fleet', 'app-errors'] as const;
export type ReadyDashboard = (typeof READY_DASHBOARDS)[number];

export const HOUR = 3_600_000;
/** The viewport of the screenshots and the test (full-page screenshots grow downwards). */
export const VIEWPORT = { width: 1440, height: 1000 } as const;
export const THEME_KEY = 'driftwood.theme';
export type Theme = 'light' | 'dark';

export interface DemoUp {
  process: GroupProcess;
  /** `http://127.0.0.1:<port>` of the UI. */
  ui: string;
  dataDir: string;
  admin: { username: string; password: string };
  /** When the backfill ran (epoch ms): every backfilled event is older, every live one newer. */
  backfillAt: number;
  /** The backfill line's counts by source (`nginx`, `app`, `iot`, …). */
  backfilled: Record<string, number>;
  /** GET `path` on the UI as the admin (HTTP Basic). */
  get: (p: string) => Promise<Response>;
  stop: () => Promise<void>;
}

/** The stores of the sources the demo backfills, by the name its backfill line gives them. */
const BACKFILL_QUERIES: Record<string, string> = {
  nginx: 'log.file.path:*access.log',
  app: 'service.name:demo-shop',
  iot: 'device.id:*',
};

/** "demo: backfilled the last 24 h (nginx 17209, app 4317, iot 7200 events)" → {nginx: 17209, …}. */
export function parseBackfillLine(stderr: string): Record<string, number> {
  const m = /demo: backfilled the last 24 h \(([^)]*) events\)/.exec(stderr);
  if (!m) throw new Error(`no backfill line on stderr:\n${stderr}`);
  const out: Record<string, number> = {};
  for (const part of (m[1] as string).split(',')) {
    const kv = /^\s*(\S+) (\d+)\s*$/.exec(part);
    if (kv) out[kv[1] as string] = Number(kv[2]);
  }
  return out;
}

/** Total hits of a query through /api/search over [from, to) epoch ms. */
export async function apiTotal(get: DemoUp['get'], q: string, range?: { from: number; to: number }): Promise<number> {
  const params = new URLSearchParams({ q, size: '0' });
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
  const res = await get(`/api/search?${params}`);
  if (!res.ok) throw new Error(`/api/search?${params}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: number }).total;
}

/**
 * `driftwood up --demo` on `dataDir` (a fresh one backfills), on free ports; resolves once the UI
 * answers and every backfilled event is searchable (the counts of the backfill line, and the
 * total before the backfill time no longer moving).
 */
export async function startDemoUp(
  dataDir: string,
  options: { password?: string; log?: (line: string) => void } = {},
): Promise<DemoUp> {
  const admin = { username: 'admin', password: options.password ?? 'ready-dashboards-admin-password' };
  const authorization = basicAuth(admin.username, admin.password);
  const [ui, indexer, http, syslog] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const args = ['up', '--demo', '--data', dataDir, '--ui-port', String(ui), '--indexer-port', String(indexer)];
  args.push('--http-port', String(http), '--syslog-port', String(syslog));
  const up = new GroupProcess(process.execPath, [DRIFTWOOD, ...args], {
    ...childEnv({ DRIFTWOOD_ADMIN_PASSWORD: admin.password }),
  });
  const url = `http://127.0.0.1:${ui}`;
  const get = (p: string) => fetch(`${url}${p}`, { headers: { authorization } });
  const stop = async () => {
    if (!up.running) return;
    up.interrupt();
    try {
      await up.exit(30_000);
    } finally {
      up.kill();
    }
  };
  try {
    await up.waitForStdout(/Driftwood is up/, 180_000);
    await eventually('the UI answering', 60_000, async () => ((await get('/api/fields')).ok ? true : undefined));
    const backfilled = await eventually('the backfill line', 30_000, async () => {
      try {
        return parseBackfillLine(up.stderr);
      } catch {
        return undefined;
      }
    });
    const backfillAt = Date.parse(readFileSync(path.join(dataDir, 'demo', 'backfilled'), 'utf8').trim());
    options.log?.(`up --demo: backfilled ${JSON.stringify(backfilled)} at ${new Date(backfillAt).toISOString()}`);
    const before = { from: backfillAt - 25 * HOUR, to: backfillAt };
    let last = -1;
    let sameSince = Date.now();
    await eventually('the whole backfill searchable', 180_000, async () => {
      for (const [name, n] of Object.entries(backfilled)) {
        const q = BACKFILL_QUERIES[name];
        if (q !== undefined && (await apiTotal(get, q, before)) < n) return undefined;
      }
      const total = await apiTotal(get, '', before);
      if (total !== last) {
        last = total;
        sameSince = Date.now();
        return undefined;
      }
      return Date.now() - sameSince >= 5_000 ? true : undefined;
    });
    options.log?.(`up --demo: ${last} events before the backfill time`);
    return { process: up, ui: url, dataDir, admin, backfillAt, backfilled, get, stop };
  } catch (error) {
    up.kill();
    throw new Error(`${(error as Error).message}\n${up.output().slice(-4000)}`);
  }
}

/** The dashboards' window: the 12 hours before the minute of the backfill (its previous period is backfilled too). */
export function demoWindow(backfillAt: number): { from: string; to: string } {
  const end = Math.floor(backfillAt / 60_000) * 60_000;
  return { from: new Date(end - 12 * HOUR).toISOString(), to: new Date(end - 1).toISOString() };
}

/** /dashboards/<id>?from=…&to=… (the page's URL state, ui/lib/dashboards/view-state.ts). */
export function dashboardPath(id: string, window: { from: string; to: string }): string {
  return `/dashboards/${id}?${new URLSearchParams(window)}`;
}

/** A browser context logged in as the admin, in the theme (set before any page loads), UTC, 1440 × 1000. */
export async function themedContext(browser: Browser, up: DemoUp, theme: Theme): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'UTC', colorScheme: theme });
  await context.addInitScript(
    ([key, value]) => {
      window.localStorage.setItem(key as string, value as string);
    },
    [THEME_KEY, theme],
  );
  const token = await loginSession(up.ui, up.admin.username, up.admin.password);
  await context.addCookies([{ name: 'driftwood_session', value: token, url: up.ui, httpOnly: true, sameSite: 'Lax' }]);
  return context;
}

export interface PanelStatus {
  id: string;
  title: string;
  state: string;
  /** The panel says "No results". */
  empty: boolean;
  error?: string;
}

/**
 * Scrolls through the dashboard until every panel has left `idle` and `loading` (lazy panels load
 * when scrolled into view), then back to the top; the state of each panel, in page order.
 */
export async function loadEveryPanel(page: Page, timeoutMs = 60_000): Promise<PanelStatus[]> {
  const panels = page.locator('[data-testid="panel"]');
  await eventually('the first panel', 30_000, async () => ((await panels.count()) > 0 ? true : undefined), 200);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await panels.count();
    let pending = 0;
    for (let i = 0; i < n; i++) {
      const p = panels.nth(i);
      const state = await p.getAttribute('data-state');
      if (state === 'idle' || state === 'loading') {
        pending++;
        await p.scrollIntoViewIfNeeded();
      }
    }
    if (pending === 0) break;
    if (Date.now() > deadline) {
      const states = await panels.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-panel-id')}=${e.getAttribute('data-state')}`),
      );
      throw new Error(`panels not ready within ${timeoutMs} ms: ${states.join(', ')}`);
    }
    await page.waitForTimeout(250);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return await panels.evaluateAll((els) =>
    els.map((e) => ({
      id: e.getAttribute('data-panel-id') ?? '',
      title: e.querySelector('.viz-panel-title')?.textContent ?? '',
      state: e.getAttribute('data-state') ?? '',
      empty: e.querySelector('[data-testid="panel-empty"]') !== null,
      ...(e.querySelector('[data-testid="panel-error"]')
        ? { error: e.querySelector('[data-testid="panel-error"]')?.textContent ?? '' }
        : {}),
    })),
  );
}

/** Opens a ready dashboard at the window and loads every panel. */
export async function openDashboard(
  page: Page,
  up: DemoUp,
  id: string,
  window: { from: string; to: string },
): Promise<PanelStatus[]> {
  await page.goto(`${up.ui}${dashboardPath(id, window)}`);
  await page.getByTestId('dashboard').waitFor({ timeout: 30_000 });
  return await loadEveryPanel(page);
}

/** A full-page screenshot of the dashboard as loaded (charts settled, the pointer off every chart). */
export async function screenshotDashboard(page: Page, file: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  await page.screenshot({ path: file, fullPage: true });
}
