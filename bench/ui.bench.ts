/**
 * UI bench: Discover over N events in the embedded store, in headless Chromium.
 *
 *   node bench/ui.bench.ts            # N = 1,000,000 (default; generating takes a few minutes)
 *   DRIFTWOOD_UI_BENCH_EVENTS=100000 node bench/ui.bench.ts
 *   DRIFTWOOD_UI_BENCH_RUNS=5 (measured navigations, default 5) · DRIFTWOOD_UI_BENCH_SKIP_BUILD=1 (reuse ui/.next)
 *
 * Events: DemoCorpus (bench/generate.ts), shaped like `driftwood up --demo` (nginx, a winston app,
 * an IoT fleet; over 31 rolled fields).
 *
 * Before any time is taken, the warm-up page's answers are checked (`checkPage`): the histogram's
 * bars add up to the hit count on the page, and the field sidebar's top values (GET
 * /api/fields/top, as the sidebar asks) of 4 fields equal the hit counts of their `field:"value"`
 * searches over the page's own time range; a difference ends the run with exit code 1 and
 * nothing is written. `BENCH_NO_RESULTS=1` runs without writing bench/RESULTS.md.
 *
 * Measures, per navigation to /discover (7-day range holding all N events), the time from
 * navigation start to the `driftwood:histogram` and `driftwood:rows` performance marks (first
 * histogram and first page of 100 rows on screen), median of the runs after one warm-up; and the
 * gzipped size of the JavaScript the Discover page loads, read from ui/.next/static. Figures go
 * to bench/RESULTS.md between `<!-- ui:start -->` and `<!-- ui:end -->`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  buildUi,
  launchChromium,
  logIn,
  openTestStore,
  seedTestUsers,
  startUi,
  UI_DIR,
  writeAll,
} from '../test/ui/harness.ts';
import { WrongAnswer } from './answers.ts';
import { DemoCorpus } from './generate.ts';
import { machineLine, writeSection } from './results.ts';

const N = Number(process.env.DRIFTWOOD_UI_BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.DRIFTWOOD_UI_BENCH_RUNS ?? 5);
const DAY = 86_400_000;

/** Sidebar fields whose top values are checked against `field:"value"` searches. */
const CHECKED_FIELDS = ['event.dataset', 'log.level', 'host.name', 'service.name'];

/**
 * What the page shows must add up (see the module comment); throws WrongAnswer. Reads the time
 * range the page itself sent (its /api/search request), so every count is over the same range.
 */
async function checkPage(page: Page): Promise<string> {
  const shown = await page.evaluate(() => ({
    bars: document.querySelector('[data-testid=histogram]')?.getAttribute('data-total') ?? '',
    hits: document.querySelector('[data-testid=hit-count]')?.textContent ?? '',
    search: performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .find((n) => new URL(n).pathname === '/api/search'),
  }));
  const hits = Number(shown.hits.replace(/[^0-9]/g, ''));
  const bars = Number(shown.bars);
  const problems: string[] = [];
  if (!Number.isInteger(hits) || shown.hits.trim() === '') problems.push(`no hit count on the page (${shown.hits})`);
  if (bars !== hits) problems.push(`the histogram's bars add up to ${shown.bars}, the page shows ${hits} hits`);
  if (!shown.search) throw new WrongAnswer('ui bench: the page sent no /api/search request');
  const range = new URL(shown.search).searchParams;
  const params = (extra: Record<string, string>) => {
    const p = new URLSearchParams({ from: range.get('from') ?? '', to: range.get('to') ?? '', ...extra });
    return p.toString();
  };
  const getJson = (url: string) =>
    page.evaluate(async (u) => {
      const res = await fetch(u);
      if (!res.ok) throw new Error(`${u}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    }, url);
  let checked = 0;
  for (const field of CHECKED_FIELDS) {
    const top = (await getJson(`/api/fields/top?${params({ field })}`)) as {
      total: number;
      buckets: Array<{ key: string | number; count: number }>;
    };
    if (top.total !== hits) problems.push(`${field}: the sidebar counts ${top.total} events, the page shows ${hits}`);
    if (top.buckets.length === 0) problems.push(`${field}: no top values`);
    for (const b of top.buckets) {
      const q = `${field}:${typeof b.key === 'string' ? JSON.stringify(b.key) : b.key}`;
      const res = (await getJson(`/api/search?${params({ q, size: '0' })}`)) as { total: number };
      checked++;
      if (res.total !== b.count)
        problems.push(`${field}: top value ${q} shows ${b.count}, the search finds ${res.total}`);
    }
  }
  if (problems.length > 0)
    throw new WrongAnswer(`ui bench: Discover's answers do not add up:\n  ${problems.join('\n  ')}`);
  return `histogram bars = ${hits.toLocaleString('en-US')} hits; ${checked} top values of ${CHECKED_FIELDS.length} fields = their field:value counts`;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-bench-'));
  const env = { DRIFTWOOD_STORE: 'embedded' as const, DRIFTWOOD_DATA: dir };
  try {
    const building = process.env.DRIFTWOOD_UI_BENCH_SKIP_BUILD === '1' ? Promise.resolve() : buildUi();
    const now = Date.now();
    const t0 = performance.now();
    const store = await openTestStore(env);
    await writeAll(store, new DemoCorpus(Math.min(N, 100_000)).events(N, now - 7 * DAY + 60_000, now - 1000, 20_000));
    await seedTestUsers(store); // Discover needs a signed-in user
    await store.close();
    const seedSeconds = (performance.now() - t0) / 1000;
    console.log(`ui bench: ${N.toLocaleString('en-US')} events written in ${seedSeconds.toFixed(1)} s`);
    await building;
    const server = await startUi(env);
    const browser = await launchChromium();
    try {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      await logIn(context, server);
      const url = `${server.url}/discover?from=now-7d&to=now`;
      const histogram: number[] = [];
      const rows: number[] = [];
      let scripts: string[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const page = await context.newPage();
        await page.goto(url);
        if (new URL(page.url()).pathname !== '/discover') throw new Error(`ui bench: ${url} went to ${page.url()}`);
        await page.waitForFunction(
          () =>
            performance.getEntriesByName('driftwood:histogram').length > 0 &&
            performance.getEntriesByName('driftwood:rows').length > 0,
          undefined,
          { timeout: 120_000 },
        );
        const marks = await page.evaluate(() => ({
          histogram: performance.getEntriesByName('driftwood:histogram')[0]?.startTime ?? Number.NaN,
          rows: performance.getEntriesByName('driftwood:rows')[0]?.startTime ?? Number.NaN,
          rowCount: Number(document.querySelector('[data-testid=doc-table]')?.getAttribute('data-rows')),
          scripts: performance
            .getEntriesByType('resource')
            .map((e) => new URL(e.name).pathname)
            .filter((p) => p.startsWith('/_next/static/') && p.endsWith('.js')),
        }));
        if (marks.rowCount < Math.min(100, N)) throw new Error(`expected 100 rows, got ${marks.rowCount}`);
        // answers first: the warm-up page is checked before any time is kept
        if (i === 0) console.log(`ui bench: answers checked: ${await checkPage(page)}`);
        if (i > 0) {
          histogram.push(marks.histogram);
          rows.push(marks.rows);
        }
        scripts = marks.scripts;
        console.log(
          `ui bench: run ${i === 0 ? 'warm-up' : i}: histogram ${marks.histogram.toFixed(0)} ms, rows ${marks.rows.toFixed(0)} ms`,
        );
        await page.close();
      }
      let raw = 0;
      let gz = 0;
      for (const p of new Set(scripts)) {
        const file = path.join(UI_DIR, '.next', 'static', decodeURIComponent(p.slice('/_next/static/'.length)));
        if (!existsSync(file)) continue;
        const body = readFileSync(file);
        raw += body.length;
        gz += gzipSync(body, { level: 9 }).length;
      }
      const h = median(histogram);
      const r = median(rows);
      const both = median(histogram.map((x, i) => Math.max(x, rows[i] ?? Number.NaN)));
      const lines = [
        '## UI: Discover in Chromium (`bench/ui.bench.ts`)',
        '',
        machineLine(),
        '',
        `Embedded store with ${N.toLocaleString('en-US')} generated events shaped like \`driftwood up --demo\` (\`DemoCorpus\`: nginx, a winston app, an IoT fleet) over 7 days; answers checked before timing (histogram bars = hits, sidebar top values = \`field:value\` counts); headless Chromium, 1440×900; \`/discover?from=now-7d&to=now\`; a signed-in session (an editor); median of ${RUNS} navigations after a warm-up. Run: \`node bench/ui.bench.ts\` (\`DRIFTWOOD_UI_BENCH_EVENTS\` sets N).`,
        '',
        '| measure | value |',
        '|---|---|',
        `| navigation → histogram rendered | ${h.toFixed(0)} ms |`,
        `| navigation → first 100 rows rendered | ${r.toFixed(0)} ms |`,
        `| navigation → both | ${both.toFixed(0)} ms |`,
        `| Discover page JS (${new Set(scripts).size} files) | ${(raw / 1024).toFixed(0)} KiB raw, ${(gz / 1024).toFixed(0)} KiB gzipped |`,
        `| seeding ${N.toLocaleString('en-US')} events (store.write) | ${seedSeconds.toFixed(1)} s |`,
      ];
      console.log(lines.join('\n'));
      writeSection('ui', lines.join('\n'));
    } finally {
      await browser.close();
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  if (error instanceof WrongAnswer) {
    console.error(`\n${error.message}\nno figures reported or written.`);
    process.exit(1);
  }
  throw error;
});
