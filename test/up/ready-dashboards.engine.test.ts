/**
 * The ready dashboards (dashboards/*.json) on `driftwood up --demo`, in Chromium (issue #17), as a
 * user opens them: every panel of each one loads with no error and shows data, and the numbers on
 * screen equal what Discover counts (/api/search total) for the same query, window and value:
 *
 * - each count metric panel: its big number = the total of the dashboard's query AND the panel's;
 * - each table ranked by count: its top row's count = the total of that row's value
 *   (`field:"value"` for every breakdown of the row).
 *
 * The window is a fixed, absolute 12 h inside the backfill (demoWindow), so live demo traffic never
 * moves a number while the test reads it. Needs Chromium and Mosquitto (the demo's IoT fleet);
 * without them it is skipped with one line (a failure under CI=true).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, parseDashboard, printKqlField, quoteKql } from '@driftwood/core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, findMosquitto, skipWithout } from '../system.ts';
import { buildUi, launchChromium, REPO_ROOT, screenshotPath } from '../ui/harness.ts';
import {
  apiTotal,
  type DemoUp,
  demoWindow,
  openDashboard,
  READY_DASHBOARDS,
  startDemoUp,
  themedContext,
} from './dashboards-browser.ts';

const skip = skipWithout('the ready dashboards on `up --demo` in Chromium', findMosquitto(), findChromium());

function readDashboard(id: string): Dashboard {
  const file = `dashboards/${id}.json`;
  const parsed = parseDashboard(readFileSync(path.join(REPO_ROOT, file), 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.dashboard;
}

/** KQL for a row's value of a terms breakdown. */
const term = (field: string, value: string) => `${printKqlField(field)}:${quoteKql(value)}`;

/** The KQL clauses ANDed, each in parentheses. */
const and = (...clauses: Array<string | undefined>) =>
  clauses
    .filter((c): c is string => c !== undefined && c.trim() !== '')
    .map((c) => `(${c})`)
    .join(' and ');

/** "17,209" → 17209 (a count on screen is a whole number with separators). */
const whole = (text: string | null): number => {
  const digits = (text ?? '').replace(/[^\d]/g, '');
  if (digits === '') throw new Error(`not a number on screen: ${JSON.stringify(text)}`);
  return Number(digits);
};

/** Labels a table shows for the rows that are not one value. */
const NOT_A_VALUE = new Set(['Other', '(missing)', '']);

describe.skipIf(skip)('the ready dashboards on `up --demo` (Chromium)', () => {
  let root: string;
  let up: DemoUp;
  let browser: Browser;
  let page: Page;
  let window: { from: string; to: string };
  let range: { from: number; to: number };

  beforeAll(async () => {
    await buildUi();
    root = await mkdtemp(path.join(tmpdir(), 'driftwood-ready-dash-'));
    up = await startDemoUp(path.join(root, 'data'));
    window = demoWindow(up.backfillAt);
    range = { from: Date.parse(window.from), to: Date.parse(window.to) + 1 };
    browser = await launchChromium();
    page = await (await themedContext(browser, up, 'light')).newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await up?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  const panel = (id: string): Locator => page.locator(`[data-testid="panel"][data-panel-id="${id}"]`);

  for (const id of READY_DASHBOARDS) {
    it(`${id}: every panel loads with data and its counts equal Discover's`, async () => {
      const dashboard = readDashboard(id);
      const statuses = await openDashboard(page, up, id, window);
      await page.screenshot({ path: screenshotPath(`ready-${id}`), fullPage: true });

      // every panel of the file is on screen, ready, with data
      expect(statuses.map((s) => s.id).sort()).toEqual(dashboard.panels.map((p) => p.id).sort());
      expect(statuses.filter((s) => s.state !== 'ready')).toEqual([]);
      expect(statuses.filter((s) => s.empty).map((s) => s.id)).toEqual([]);

      let checked = 0;
      for (const p of dashboard.panels) {
        const data = 'data' in p ? p.data : undefined;
        const onlyCount = data?.metrics.length === 1 && data.metrics[0]?.type === 'count';
        const ratio = (p.options as { ratio?: unknown } | undefined)?.ratio !== undefined;

        // a count metric: the big number is Discover's total
        if (p.type === 'metric' && onlyCount && !ratio && data?.buckets.length === 0) {
          const shown = whole(await panel(p.id).getByTestId('metric-value').textContent());
          const total = await apiTotal(up.get, and(dashboard.query, p.query), range);
          expect({ panel: p.id, shown }).toEqual({ panel: p.id, shown: total });
          expect(total).toBeGreaterThan(0);
          checked++;
        }

        // a table ranked by count: the top row's count is Discover's total for that row's values
        const sort = (p.options as { sort?: { column: string; order: string } } | undefined)?.sort;
        const terms = data?.buckets.filter((b) => b.type === 'terms') ?? [];
        if (p.type === 'table' && sort?.column === 'count' && sort.order === 'desc' && terms.length > 0) {
          const rows = panel(p.id).getByTestId('table-row');
          const n = await rows.count();
          let row: { values: string[]; count: number } | undefined;
          for (let i = 0; i < n && row === undefined; i++) {
            const r = rows.nth(i);
            const values = await Promise.all(
              terms.map(async (_, k) => (await r.locator(`[data-column="b${k}"]`).textContent()) ?? ''),
            );
            if (values.some((v) => NOT_A_VALUE.has(v.trim()))) continue;
            row = { values, count: whole(await r.locator('[data-column="count"]').textContent()) };
          }
          if (row === undefined) throw new Error(`${id}/${p.id}: no row of plain values`);
          const clauses = terms.map((b, k) => term((b as { field: string }).field, (row.values[k] as string).trim()));
          const total = await apiTotal(up.get, and(dashboard.query, p.query, ...clauses), range);
          expect({ panel: p.id, row: row.values, count: row.count }).toEqual({
            panel: p.id,
            row: row.values,
            count: total,
          });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    }, 180_000);
  }
});
