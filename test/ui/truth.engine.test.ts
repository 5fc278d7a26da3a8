/**
 * The browser sees the truth: on `driftwood up --demo` data, what Discover shows in Chromium adds
 * up, with the default (empty) query and with a filter, before and after a restart of `up`.
 *
 * - The histogram's bars (each level's bar in each bucket carries its count, see Histogram.tsx)
 *   add up to the hit count on the page, and each level's bars to that level's top value.
 * - The field sidebar's top values of `event.dataset`, `log.level` and `host.name` are the hit
 *   counts of the matching `field:"value"` searches: the first value of each field typed into the
 *   query bar (Enter, the page's hit count read), the others through `GET /api/search`.
 * - Ctrl-C, `up` again on the same data dir: the same range shows at least as many events, and
 *   the page is consistent again.
 *
 * The demo logs live traffic, so the range is frozen: absolute `from`/`to` in the URL, from 24 h
 * before the backfill to a moment in the past once the whole backfill (and some live traffic) is
 * stored and the range's count has stopped moving — new live events fall after it.
 *
 * This is the test that would have caught the 32-bit grouping-set bitmask (d73db0b): with the
 * demo's 40-odd rolled fields, the empty query's histogram came out ~19 times the hit count and
 * the sidebar's top values far too low. Screenshots in test-results/ui/truth-*.png.
 *
 * Needs Mosquitto (the demo's IoT fleet) and Chromium; without them the test is skipped with one line, unless CI=true.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../engines/process.ts';
import { findChromium, findMosquitto, skipWithout } from '../system.ts';
import { childEnv, DRIFTWOOD, eventually, GroupProcess } from '../up/child.ts';
import { basicAuth, buildUi, launchChromium, logIn, screenshotPath, TEST_USERS } from './harness.ts';

const HOUR = 3_600_000;
const skip = skipWithout('the `driftwood up --demo` browser test', findMosquitto(), findChromium());

/** The sidebar fields whose top values are checked (all three are in every demo source or most). */
const FIELDS = ['event.dataset', 'log.level', 'host.name'] as const;
/** A filtered view: nginx errors and failed requests, the app's and the fleet's warnings. */
const FILTERED = 'http.response.status_code >= 400 or log.level:(error or warn)';
/** A minimum of live traffic (after the backfill) inside the frozen range. */
const LIVE_MS = 20_000;
/** How far behind "now" the frozen range ends: the shipper and indexer deliver within a few seconds. */
const SETTLE_MS = 15_000;

interface Range {
  from: string;
  to: string;
}

interface View {
  hits: number;
  /** Sum of every bar of the histogram (each level in each bucket). */
  bars: number;
  /** Sum of the bars per level. */
  levels: Record<string, number>;
  /** What the histogram panel says its buckets add up to (`data-total`). */
  histogramTotal: number;
  buckets: number;
}

/** A field's details in the sidebar: "N of M events have this field", and its top values with their counts. */
interface Top {
  total: number;
  present: number;
  values: Array<{ value: string; count: number }>;
}

interface Seen {
  view: View;
  top: Record<string, Top>;
}

const running: GroupProcess[] = [];

/** The first-run admin (DRIFTWOOD_ADMIN_PASSWORD): reads everything, as `driftwood query` does. */
const ADMIN = TEST_USERS.admin;
const AUTH = { authorization: basicAuth(ADMIN.username, ADMIN.password) };
/** The browser context each started `up` logs in (the session lives in the store, across restarts). */
let browserContext: BrowserContext | undefined;

/** `driftwood up --demo` on free ports, waited for: "Driftwood is up" on stdout, then the UI answering. */
async function startUp(dataDir: string): Promise<{ up: GroupProcess; ui: string }> {
  const [ui, indexer, http, syslog] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const ports = ['--ui-port', ui, '--indexer-port', indexer, '--http-port', http, '--syslog-port', syslog].map(String);
  const up = new GroupProcess(process.execPath, [DRIFTWOOD, 'up', '--demo', '--data', dataDir, ...ports], {
    ...childEnv(),
    DRIFTWOOD_ADMIN_PASSWORD: ADMIN.password,
  });
  running.push(up);
  await up.waitForStdout(/Driftwood is up/, 120_000);
  const url = `http://127.0.0.1:${ui}`;
  await eventually('the UI answering', 30_000, async () =>
    (await fetch(`${url}/api/fields`, { headers: AUTH })).ok ? true : undefined,
  );
  if (browserContext) await logIn(browserContext, { url }, ADMIN);
  return { up, ui: url };
}

/** Runs `check` against a started `up`, then Ctrl-C: `up` exits 0 (and is stopped whatever `check` did). */
async function withUp<T>(dataDir: string, check: (up: GroupProcess, ui: string) => Promise<T>): Promise<T> {
  const { up, ui } = await startUp(dataDir);
  let result: T;
  try {
    result = await check(up, ui);
  } catch (error) {
    up.interrupt();
    await up.exit(30_000).catch(() => undefined);
    throw error;
  }
  up.interrupt();
  const exit = await up.exit(30_000);
  expect(exit, up.output()).toMatchObject({ code: 0, signal: null });
  return result;
}

/** Total hits of a query through the UI's /api/search route, over the same time expressions as the page. */
async function apiTotal(ui: string, q: string, range: { from: string | number; to: string | number }): Promise<number> {
  const params = new URLSearchParams({ q, size: '0', from: String(range.from), to: String(range.to) });
  const res = await fetch(`${ui}/api/search?${params}`, { headers: AUTH });
  if (!res.ok) throw new Error(`/api/search?${params}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: number }).total;
}

/** "demo: backfilled the last 24 h (nginx 17209, app 4317, iot 7200, syslog 2147 events)" → the first three numbers. */
function backfilled(stderr: string): { nginx: number; app: number; iot: number } {
  const m = /demo: backfilled the last 24 h \(nginx (\d+), app (\d+), iot (\d+)(?:, syslog \d+)? events\)/.exec(stderr);
  if (!m) throw new Error(`no backfill line on stderr:\n${stderr}`);
  return { nginx: Number(m[1]), app: Number(m[2]), iot: Number(m[3]) };
}

/** A term within the view's query: what a sidebar value (`field:"value"`) or its presence (`field:*`) stands for. */
function within(query: string, term: string): string {
  return query === '' ? term : `(${query}) and ${term}`;
}

const valueTerm = (field: string, value: string) => `${field}:${JSON.stringify(value)}`;

async function hitCount(page: Page): Promise<number> {
  const el = page.getByTestId('hit-count');
  await expect.poll(async () => /\d[\d,]* hits?/.test((await el.textContent()) ?? ''), { timeout: 30_000 }).toBe(true);
  return Number(((await el.textContent()) ?? '').replace(/[^\d]/g, ''));
}

/** Every request answered and nothing loading. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.getByTestId('loading').count(), { timeout: 30_000 }).toBe(0);
}

/** The hit count and the histogram's bars as rendered, read once the page has stopped changing. */
async function readView(page: Page): Promise<View> {
  const snapshot = async (): Promise<View> => {
    const hits = await hitCount(page);
    const panel = page.getByTestId('histogram');
    const bars = await page
      .getByTestId('histogram-bar')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-level') ?? '', Number(e.getAttribute('data-count'))]));
    const levels: Record<string, number> = {};
    for (const [level, n] of bars as Array<[string, number]>) levels[level] = (levels[level] ?? 0) + n;
    return {
      hits,
      bars: (bars as Array<[string, number]>).reduce((s, [, n]) => s + n, 0),
      levels,
      histogramTotal: Number(await panel.getAttribute('data-total')),
      buckets: Number(await panel.getAttribute('data-buckets')),
    };
  };
  await settled(page);
  let last = await snapshot();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 300));
    const next = await snapshot();
    if (JSON.stringify(next) === JSON.stringify(last) && next.buckets > 0) return next;
    last = next;
    await settled(page);
  }
  throw new Error(`the page kept changing: ${JSON.stringify(last)}`);
}

/** Opens a field in the sidebar and reads its details (closing it again). */
async function readTop(page: Page, field: string): Promise<Top> {
  const el = page.locator(`[data-testid=field][data-field="${field}"]`);
  await el.locator('.field-row').click();
  const present = el.getByTestId('field-present');
  await expect.poll(() => present.count(), { timeout: 30_000 }).toBe(1);
  await settled(page);
  const values = await el
    .getByTestId('top-value')
    .evaluateAll((els) =>
      els.map((e) => ({ value: e.getAttribute('data-value') ?? '', count: Number(e.getAttribute('data-count')) })),
    );
  // The percentage shown is the count over the total (to its one decimal).
  const pcts = await el.locator('[data-testid=top-value] .pct').allTextContents();
  const top = {
    total: Number(await present.getAttribute('data-total')),
    present: Number(await present.getAttribute('data-present')),
    values,
  };
  values.forEach(({ value, count }, i) => {
    const shown = Number.parseFloat(pcts[i] ?? '');
    expect.soft(Math.abs(shown - (count / top.total) * 100), `${field}: ${value} ${pcts[i]}`).toBeLessThan(0.051);
  });
  await el.locator('.field-row').click();
  await expect.poll(() => present.count()).toBe(0);
  return top;
}

/** Types a query into the query bar as a user does, Enter, and reads the hit count once the page has settled. */
async function typeQuery(page: Page, query: string): Promise<number> {
  const input = page.getByTestId('query-input');
  await input.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await expect.poll(() => new URL(page.url()).searchParams.get('q') ?? '').toBe(query);
  return (await readView(page)).hits;
}

/**
 * One view of Discover (a query over the frozen range) checked as a user sees it: the bars add up
 * to the hit count, and every top value of the three fields is the hit count of its search (soft
 * assertions: a failing run lists every number that disagrees).
 */
async function checkView(page: Page, ui: string, query: string, range: Range, shot: string): Promise<Seen> {
  const params = new URLSearchParams({ from: range.from, to: range.to });
  if (query !== '') params.set('q', query);
  const url = `${ui}/discover?${params}`;
  await page.goto(url);
  const view = await readView(page);
  const what = `${query === '' ? 'the empty query' : query} over ${range.from} → ${range.to}`;
  console.log(`truth: ${shot} ${JSON.stringify(view)}`);
  expect(view.hits, `${what}: hits`).toBeGreaterThan(0);
  expect.soft(view.hits, `${what}: the page's hit count is the store's`).toBe(await apiTotal(ui, query, range));
  expect.soft(view.bars, `${what}: the histogram's bars add up to the hit count`).toBe(view.hits);
  expect.soft(view.histogramTotal, `${what}: the histogram's total`).toBe(view.hits);

  const top: Record<string, Top> = {};
  for (const field of FIELDS) {
    const t = await readTop(page, field);
    top[field] = t;
    expect.soft(t.total, `${what}: ${field}'s "of N events"`).toBe(view.hits);
    expect(t.values.length, `${what}: ${field} has top values`).toBeGreaterThan(0);
    expect.soft(t.present, `${what}: ${field} present`).toBe(await apiTotal(ui, within(query, `${field}:*`), range));
    for (const { value, count } of t.values) {
      const q = within(query, valueTerm(field, value));
      expect
        .soft(count, `${what}: top value ${field}: ${value} is the hit count of ${q}`)
        .toBe(await apiTotal(ui, q, range));
    }
  }
  // Each level's bars add up to the level's top value (the rest of the stack is "(other)").
  const levels = top['log.level']?.values ?? [];
  for (const { value, count } of levels) expect.soft(view.levels[value] ?? 0, `${what}: ${value} bars`).toBe(count);

  // Open log.level for the screenshot: the histogram, the hit count and the top values together.
  await page.locator('[data-testid=field][data-field="log.level"] .field-row').click();
  await expect.poll(() => page.getByTestId('top-value').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: screenshotPath(`truth-${shot}`) });
  await page.locator('[data-testid=field][data-field="log.level"] .field-row').click();

  // The first value of each field, typed into the query bar as a user would: the page's hit count.
  for (const field of FIELDS) {
    const first = top[field]?.values[0];
    if (!first) continue;
    const q = within(query, valueTerm(field, first.value));
    expect.soft(await typeQuery(page, q), `${what}: typed ${q}`).toBe(first.count);
  }
  return { view, top };
}

afterAll(async () => {
  for (const p of running) p.kill();
  await Promise.all(running.map((p) => p.exited));
});

describe.skipIf(skip)('the browser sees the truth (`driftwood up --demo`, Chromium)', () => {
  let root: string;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  let range: Range | undefined;
  const before: Record<string, Seen> = {};

  beforeAll(async () => {
    await buildUi();
    root = await mkdtemp(path.join(tmpdir(), 'driftwood-truth-'));
    dataDir = path.join(root, 'data');
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    browserContext = context;
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    for (const p of running) p.kill();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('the hit count, the histogram and the top values agree (empty query and a filter)', async () => {
    await withUp(dataDir, async (up, ui) => {
      const backfillAt = Date.parse(readFileSync(path.join(dataDir, 'demo', 'backfilled'), 'utf8').trim());
      const reported = backfilled(up.stderr);
      // The whole backfill stored (the fleet's goes through Mosquitto one message at a time)…
      const history = { from: 0, to: backfillAt };
      await eventually('the whole backfill searchable', 90_000, async () => {
        const app = await apiTotal(ui, 'service.name:demo-shop', history);
        const iot = await apiTotal(ui, 'device.id:*', history);
        const access = await apiTotal(ui, 'log.file.path:*access.log', history);
        return app === reported.app && iot === reported.iot && access === reported.nginx ? true : undefined;
      });
      // …and some live traffic: the range ends in the past, once nothing more arrives inside it.
      const to = Math.max(Date.now() - SETTLE_MS, backfillAt + LIVE_MS);
      const frozen = { from: new Date(backfillAt - 24 * HOUR).toISOString(), to: new Date(to).toISOString() };
      let last = -1;
      await eventually(
        'the frozen range no longer growing',
        60_000,
        async () => {
          const n = await apiTotal(ui, '', frozen);
          const stable = n === last && Date.now() > to + SETTLE_MS;
          last = n;
          return stable ? true : undefined;
        },
        2000,
      );
      expect(await apiTotal(ui, '', { from: backfillAt, to: frozen.to }), 'live events in the range').toBeGreaterThan(
        0,
      );
      range = frozen;
      before[''] = await checkView(page, ui, '', range, 'empty');
      before[FILTERED] = await checkView(page, ui, FILTERED, range, 'filtered');
      expect(before[FILTERED]?.view.hits).toBeLessThan(before['']?.view.hits ?? 0);
    });
  }, 300_000);

  it('after Ctrl-C and a second start on the same data dir: at least as many, and they still agree', async () => {
    const frozen = range;
    if (!frozen) throw new Error('the first run did not get as far as freezing a time range');
    await withUp(dataDir, async (up, ui) => {
      expect(up.stderr).not.toMatch(/backfilled/);
      for (const [query, shot] of [
        ['', 'empty-restarted'],
        [FILTERED, 'filtered-restarted'],
      ] as const) {
        const after = await checkView(page, ui, query, frozen, shot);
        const was = before[query];
        if (!was) continue; // the first run failed before this view
        expect.soft(after.view.hits, `${query}: hits after the restart`).toBeGreaterThanOrEqual(was.view.hits);
        for (const field of FIELDS) {
          for (const { value, count } of was.top[field]?.values ?? []) {
            const now = after.top[field]?.values.find((v) => v.value === value)?.count ?? 0;
            expect.soft(now, `${query}: ${field}: ${value} after the restart`).toBeGreaterThanOrEqual(count);
          }
        }
      }
    });
  }, 240_000);
});
