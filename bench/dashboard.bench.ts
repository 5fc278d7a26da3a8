/**
 * Dashboard bench (issue #17): a 12-panel dashboard (bench/dashboard-bench.json) over N events in
 * Chromium, on the embedded store and on OpenSearch in the same run.
 *
 *   BENCH_DASHBOARD_EVENTS=200000      events (default 10,000,000)
 *   BENCH_DASHBOARD_RUNS=5             measured navigations per store, after one warm-up (default 5)
 *   BENCH_DASHBOARD_SKIP_BUILD=1       reuse ui/.next as it is
 *   OPENSEARCH_URL=...                 use a running OpenSearch instead of starting one
 *   BENCH_NO_RESULTS=1                 do not write bench/RESULTS.md (trial runs at small sizes)
 *
 * Events: DemoCorpus (bench/generate.ts), shaped like `driftwood up --demo` (nginx, a winston app,
 * an IoT fleet), spread over the dashboard's own absolute 24 h window, written to both stores at
 * the same time through the `LogStore` contract (the store and UI benches' path; neither keeps a
 * data dir between runs, so neither does this one). The dashboard is saved into each store as a
 * saved object (`saveDashboard`, as the file loader does), then a UI server runs on each.
 *
 * Answers first, times after: the warm-up navigation on each store records every panel's answer
 * as the page received it (POST /api/panels/query); the embedded answers must equal OpenSearch's
 * panel by panel (bench/answers.ts: exactly, percentiles within 1%, doubles at 10 digits; a
 * last_seen row's `agoMs`/`silent` left out, they depend on the server's clock), the count panel
 * must count all N events and the histograms' bars must add up to it; any difference ends the run
 * with exit code 1 before a time is written.
 *
 * Measured per navigation (a fresh page in a logged-in context, 1600×2000 so all 12 panels are in
 * view and none waits for scrolling): from navigation start (the page's time origin) to the first
 * moment every panel has `data-state="ready"` (a MutationObserver installed before the page's own
 * scripts notes it; ui/lib/dashboards/contract.ts); a panel in `error` fails the run. Also per
 * panel: when it became ready and its answer's `took` (the server's time for its store request).
 * Rounds interleave the stores (embedded, OpenSearch, OpenSearch with its caches cleared before
 * the navigation) so a shared machine's load falls on all of them alike.
 */
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { type Dashboard, parseDashboard } from '@driftwood/core';
import { type AggregationResult, type LogStore, saveDashboard } from '@driftwood/store';
import type { BrowserContext, Page } from 'playwright-core';
import { startOpenSearch } from '../test/engines/opensearch.ts';
import {
  buildUi,
  launchChromium,
  logIn,
  openTestStore,
  type StoreEnv,
  seedTestUsers,
  startUi,
  type UiServer,
} from '../test/ui/harness.ts';
import type { PanelAnswer, PanelQueryBody } from '../ui/lib/dashboards/contract.ts';
import { diff, WrongAnswer } from './answers.ts';
import { DemoCorpus } from './generate.ts';
import { machineLine, percentile, table, writeSection } from './results.ts';

const N = Number(process.env.BENCH_DASHBOARD_EVENTS ?? 10_000_000);
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 5);
/** The target: every panel rendered within this (median of the runs) on the embedded store. */
const TARGET_MS = 1500;
const BATCH = 10_000;
const VIEWPORT = { width: 1600, height: 2000 };
const DASHBOARD_FILE = path.join(import.meta.dirname, 'dashboard-bench.json');
const PANEL_PATH = '/api/panels/query';

function loadDashboard(): Dashboard {
  const parsed = parseDashboard(readFileSync(DASHBOARD_FILE, 'utf8'), 'bench/dashboard-bench.json');
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.dashboard;
}

const dashboard = loadDashboard();
const PANEL_IDS = dashboard.panels.map((p) => p.id);
if (!dashboard.time) throw new Error('bench/dashboard-bench.json: needs an absolute time range');
const START = Date.parse(dashboard.time.from);
const END = Date.parse(dashboard.time.to);
if (!Number.isFinite(START) || !Number.isFinite(END))
  throw new Error('bench/dashboard-bench.json: time must be absolute (ISO 8601) so both stores see the same window');

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => percentile(xs, 50);
const add = (m: Record<string, number[]>, key: string, v: number) => {
  m[key] = [...(m[key] ?? []), v];
};

/** Writes N events in batches, logging progress; answers the seconds it took. */
async function load(name: string, store: LogStore, corpus: DemoCorpus): Promise<number> {
  const started = performance.now();
  let written = 0;
  let nextLog = 1_000_000;
  for (const batch of corpus.events(N, START, END, BATCH)) {
    const outcomes = await store.write(batch);
    const bad = outcomes.find((o) => o.status === 'rejected');
    if (bad) throw new Error(`${name}: event rejected: ${JSON.stringify(bad)}`);
    written += batch.length;
    if (written >= nextLog) {
      const s = (performance.now() - started) / 1000;
      console.log(`dashboard bench: ${name}: ${fmt(written)} events in ${s.toFixed(0)} s (${fmt(written / s)}/s)`);
      nextLog += 1_000_000;
    }
  }
  await store.flush();
  await saveDashboard(store, dashboard);
  await seedTestUsers(store);
  await store.close();
  return (performance.now() - started) / 1000;
}

/**
 * Waits until OpenSearch has no segment merge running on the bench's indices (a bulk load of 10M
 * events leaves merges running for minutes, on the cores the browser and both stores share: the
 * timed rounds measure the stores at rest, as a dashboard is used); answers the seconds waited.
 */
async function mergesSettled(url: string, prefix: string): Promise<number> {
  const started = performance.now();
  await fetch(`${url}/${prefix}-*/_refresh`, { method: 'POST' });
  for (let quiet = 0; performance.now() - started < 15 * 60_000; ) {
    const res = await fetch(`${url}/${prefix}-*/_stats/merge`);
    if (!res.ok) throw new Error(`merge stats: HTTP ${res.status}`);
    const stats = (await res.json()) as { _all: { total: { merges: { current: number } } } };
    // two quiet polls in a row: a merge may start right after another ends
    quiet = stats._all.total.merges.current === 0 ? quiet + 1 : 0;
    if (quiet >= 2) break;
    await new Promise((r) => setTimeout(r, 2000));
  }
  return (performance.now() - started) / 1000;
}

/**
 * Installed before the page's scripts: notes, in performance.now() time (0 = navigation start),
 * when each panel first reached `ready` and when all `expected` panels were ready at once.
 */
function watchPanels(expected: number): void {
  const w = window as unknown as {
    __dashBench: { ready: Record<string, number>; all?: number; error?: string };
  };
  w.__dashBench = { ready: {} };
  const state = w.__dashBench;
  const check = () => {
    const panels = document.querySelectorAll('[data-testid="panel"]');
    let ready = 0;
    for (const p of panels) {
      const id = p.getAttribute('data-panel-id') ?? '';
      const s = p.getAttribute('data-state');
      if (s === 'ready') {
        ready++;
        if (state.ready[id] === undefined) state.ready[id] = performance.now();
      } else if (s === 'error' && state.error === undefined) {
        state.error = `panel ${id}: ${p.querySelector('[data-testid="panel-error"]')?.textContent ?? 'error'}`;
      }
    }
    if (state.all === undefined && panels.length === expected && ready === expected) state.all = performance.now();
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-state'],
  });
}

interface Navigation {
  allMs: number;
  readyMs: Record<string, number>;
  answers: Record<string, PanelAnswer>;
  /** Panel query requests the page sent (a panel asked twice shows up here). */
  requests: number;
  /** ms from navigation start: the first panel request sent, the last answered. */
  firstRequestMs: number;
  lastAnswerMs: number;
}

async function navigate(context: BrowserContext, url: string): Promise<Navigation> {
  const page: Page = await context.newPage();
  const answers: Record<string, PanelAnswer> = {};
  const pending: Array<Promise<void>> = [];
  let requests = 0;
  /** Finished API requests: path and wall-clock start/end (epoch ms). */
  const finished: Array<{ path: string; start: number; end: number }> = [];
  page.on('requestfinished', (request) => {
    const p = new URL(request.url()).pathname;
    if (!p.startsWith('/api/')) return;
    const t = request.timing();
    finished.push({ path: p, start: t.startTime, end: t.startTime + t.responseEnd });
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname !== PANEL_PATH) return;
    requests++;
    pending.push(
      (async () => {
        const body = response.request().postDataJSON() as PanelQueryBody;
        if (!response.ok())
          throw new Error(`panel ${body.panel.id}: HTTP ${response.status()} ${await response.text()}`);
        answers[body.panel.id] = (await response.json()) as PanelAnswer;
      })(),
    );
  });
  try {
    await page.goto(url);
    const handle = await page.waitForFunction(
      () => {
        const s = (window as unknown as { __dashBench?: { all?: number; error?: string } }).__dashBench;
        return s && (s.all !== undefined || s.error !== undefined) ? s : false;
      },
      undefined,
      { timeout: 180_000, polling: 50 },
    );
    const state = (await handle.jsonValue()) as { ready: Record<string, number>; all?: number; error?: string };
    if (state.error !== undefined) throw new Error(`dashboard bench: ${url}: ${state.error}`);
    await Promise.all(pending);
    const origin = await page.evaluate(() => performance.timeOrigin);
    for (let i = 0; i < 100 && finished.filter((f) => f.path === PANEL_PATH).length < requests; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const panels = finished.filter((f) => f.path === PANEL_PATH);
    return {
      allMs: state.all as number,
      readyMs: state.ready,
      answers,
      requests,
      firstRequestMs: Math.min(...panels.map((f) => f.start)) - origin,
      lastAnswerMs: Math.max(...panels.map((f) => f.end)) - origin,
    };
  } finally {
    await page.close();
  }
}

/**
 * `got` with each non-integer number that is within 1e-12 (relative) of `want`'s at the same place
 * replaced by `want`'s: answers.ts compares doubles rounded to 10 digits, and two sums in different
 * orders can straddle a rounding boundary (26.919140624999997 vs 26.919140625); the rest is diffed
 * as answers.ts does.
 */
function alignDoubles(got: unknown, want: unknown): unknown {
  if (typeof got === 'number' && typeof want === 'number') {
    const close = Math.abs(got - want) <= 1e-12 * Math.max(Math.abs(got), Math.abs(want));
    return !Number.isInteger(got) && close ? want : got;
  }
  if (Array.isArray(got) && Array.isArray(want)) return got.map((g, i) => alignDoubles(g, want[i]));
  if (got && want && typeof got === 'object' && typeof want === 'object' && !Array.isArray(got)) {
    const w = want as Record<string, unknown>;
    return Object.fromEntries(Object.entries(got).map(([k, v]) => [k, alignDoubles(v, w[k])]));
  }
  return got;
}

/** The differences between two panels' answers (diff of answers.ts after alignDoubles). */
const panelDiff = (got: PanelAnswer | undefined, want: PanelAnswer | undefined): string[] => {
  const w = comparable(want);
  return diff(alignDoubles(comparable(got), w), w);
};

/** What is compared of a panel's answer: all of it but the clock-dependent parts. */
function comparable(a: PanelAnswer | undefined): unknown {
  if (a === undefined) return undefined;
  return {
    request: a.request,
    aggs: a.aggs,
    previous: a.previous,
    lastSeen: a.lastSeen?.map(({ agoMs: _a, silent: _s, ...row }) => row),
  };
}

const countOf = (r: AggregationResult | undefined): number | undefined => (r?.type === 'count' ? r.value : undefined);
const barsOf = (r: AggregationResult | undefined): number | undefined =>
  r?.type === 'date_histogram' ? r.buckets.reduce((s, b) => s + b.count, 0) : undefined;

/** Throws WrongAnswer unless the two stores' answers are the same and add up (module comment). */
function checkAnswers(
  mine: Record<string, PanelAnswer>,
  theirs: Record<string, PanelAnswer>,
  reference: string,
): string {
  const lines: string[] = [];
  for (const [name, answers] of [
    ['embedded', mine],
    [reference, theirs],
  ] as const) {
    const missing = PANEL_IDS.filter((id) => {
      const p = dashboard.panels.find((x) => x.id === id);
      return p?.type !== 'markdown' && answers[id] === undefined;
    });
    if (missing.length > 0) lines.push(`${name}: no answer for ${missing.join(', ')}`);
    const total = countOf(answers.events?.aggs.count);
    if (total !== N) lines.push(`${name}: the Events panel counts ${total}, ${N} were written`);
    for (const id of ['events-over-time', 'hosts-stacked']) {
      const bars = barsOf(answers[id]?.aggs.b0);
      if (bars !== N) lines.push(`${name}: ${id}'s bars add up to ${bars}, ${N} were written`);
    }
  }
  for (const id of PANEL_IDS) {
    const d = panelDiff(mine[id], theirs[id]);
    if (d.length === 0) continue;
    lines.push(`panel ${id}: ${d.length} difference(s) (got = embedded, want = ${reference})`);
    for (const l of d.slice(0, 5)) lines.push(`  ${l}`);
    if (d.length > 5) lines.push(`  … and ${d.length - 5} more`);
  }
  if (lines.length > 0) throw new WrongAnswer(`dashboard bench: the panels' answers differ:\n${lines.join('\n')}`);
  return `${PANEL_IDS.length} panels' answers identical on embedded and ${reference}; Events = ${fmt(N)}, both histograms' bars = ${fmt(N)}`;
}

interface Series {
  name: string;
  server: UiServer;
  context: BrowserContext;
  before?: () => Promise<void>;
  all: number[];
  ready: Record<string, number[]>;
  took: Record<string, number[]>;
  requests: number[];
  firstRequestMs: number[];
  lastAnswerMs: number[];
}

async function main(): Promise<void> {
  const loadStart = loadavg()[0] ?? 0;
  const dir = await mkdtemp(path.join(tmpdir(), 'driftwood-dashboard-bench-'));
  const embeddedEnv: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: path.join(dir, 'embedded') };
  const engine = await startOpenSearch();
  const prefix = `bench-dashboard-${process.pid}`;
  const osEnv: StoreEnv = {
    DRIFTWOOD_STORE: 'opensearch',
    DRIFTWOOD_DATA: path.join(dir, 'opensearch'),
    OPENSEARCH_URL: engine.url,
    DRIFTWOOD_INDEX_PREFIX: prefix,
  };
  const servers: UiServer[] = [];
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    await mkdir(embeddedEnv.DRIFTWOOD_DATA, { recursive: true });
    await mkdir(osEnv.DRIFTWOOD_DATA, { recursive: true });
    const building = process.env.BENCH_DASHBOARD_SKIP_BUILD === '1' ? Promise.resolve() : buildUi();
    // one corpus, replayed into both stores at the same time (each at its own pace)
    const corpus = new DemoCorpus(Math.min(N, 100_000));
    const [embeddedLoad, osLoad] = await Promise.all([
      openTestStore(embeddedEnv).then((s) => load('embedded', s, corpus)),
      openTestStore(osEnv).then((s) => load(`OpenSearch ${engine.version}`, s, corpus)),
    ]);
    console.log(
      `dashboard bench: ${fmt(N)} events loaded: embedded ${embeddedLoad.toFixed(0)} s, OpenSearch ${osLoad.toFixed(0)} s (at the same time)`,
    );
    const settledS = await mergesSettled(engine.url, prefix);
    console.log(`dashboard bench: OpenSearch's segment merges after the load finished ${settledS.toFixed(0)} s later`);
    await building;
    const [embeddedUi, osUi] = await Promise.all([startUi({ ...embeddedEnv }), startUi({ ...osEnv })]);
    servers.push(embeddedUi, osUi);
    browser = await launchChromium();
    const contextFor = async (server: UiServer) => {
      const context = await (browser as NonNullable<typeof browser>).newContext({ viewport: VIEWPORT });
      await logIn(context, server);
      await context.addInitScript(watchPanels, PANEL_IDS.length);
      return context;
    };
    const clearCaches = async () => {
      const res = await fetch(`${engine.url}/${prefix}-*/_cache/clear`, { method: 'POST' });
      if (!res.ok) throw new Error(`cache clear: HTTP ${res.status}`);
    };
    const series = (name: string, server: UiServer, context: BrowserContext, before?: () => Promise<void>): Series => ({
      name,
      server,
      context,
      ...(before ? { before } : {}),
      all: [],
      ready: {},
      took: {},
      requests: [],
      firstRequestMs: [],
      lastAnswerMs: [],
    });
    const osName = `OpenSearch ${engine.version}`;
    const embedded = series('embedded (DuckDB)', embeddedUi, await contextFor(embeddedUi));
    const os = series(osName, osUi, await contextFor(osUi));
    const osCold = series(`${osName}, caches cleared before each navigation`, osUi, os.context, clearCaches);
    const urlOf = (s: Series) => `${s.server.url}/dashboards/${dashboard.id}`;

    // warm-up, and the answers checked before any time is kept
    const warmEmbedded = await navigate(embedded.context, urlOf(embedded));
    const warmOs = await navigate(os.context, urlOf(os));
    console.log(
      `dashboard bench: warm-up: embedded ${warmEmbedded.allMs.toFixed(0)} ms, OpenSearch ${warmOs.allMs.toFixed(0)} ms`,
    );
    const checked = checkAnswers(warmEmbedded.answers, warmOs.answers, osName);
    console.log(`dashboard bench: answers checked: ${checked}`);

    /** One measured navigation of a series; its numbers must be `reference`'s (the warm-up's, checked above). */
    const measure = async (s: Series, run: number, reference: Record<string, PanelAnswer>) => {
      await s.before?.();
      const nav = await navigate(s.context, urlOf(s));
      for (const id of PANEL_IDS) {
        const d = panelDiff(nav.answers[id], reference[id]);
        if (d.length > 0) throw new WrongAnswer(`${s.name}, run ${run}: panel ${id} changed:\n  ${d.join('\n  ')}`);
      }
      s.all.push(nav.allMs);
      s.requests.push(nav.requests);
      s.firstRequestMs.push(nav.firstRequestMs);
      s.lastAnswerMs.push(nav.lastAnswerMs);
      for (const id of PANEL_IDS) {
        const ready = nav.readyMs[id];
        if (ready !== undefined) add(s.ready, id, ready);
        const took = nav.answers[id]?.took;
        if (took !== undefined) add(s.took, id, took);
      }
      console.log(
        `dashboard bench: run ${run} ${s.name}: all ${PANEL_IDS.length} panels ready at ${nav.allMs.toFixed(0)} ms (first panel request ${nav.firstRequestMs.toFixed(0)} ms, last answer ${nav.lastAnswerMs.toFixed(0)} ms; ${nav.requests} panel requests)`,
      );
    };
    const all = [embedded, os, osCold];
    for (let run = 1; run <= RUNS; run++) {
      for (const s of all) await measure(s, run, s === embedded ? warmEmbedded.answers : warmOs.answers);
    }
    // The embedded store with its answer cache off (DRIFTWOOD_EMBEDDED_PLAIN=answer-cache): every
    // panel computed on every navigation, as after any change of the events (a live dashboard).
    // Its own UI on the same data dir (one process owns the file), after the interleaved rounds.
    await embeddedUi.stop();
    const coldUi = await startUi({ ...embeddedEnv, DRIFTWOOD_EMBEDDED_PLAIN: 'answer-cache' });
    servers.push(coldUi);
    const embeddedCold = series('embedded (DuckDB), answer cache off', coldUi, await contextFor(coldUi));
    await navigate(embeddedCold.context, urlOf(embeddedCold)); // its warm-up (the scripts, DuckDB's own caches)
    for (let run = 1; run <= RUNS; run++) await measure(embeddedCold, run, warmEmbedded.answers);
    all.push(embeddedCold);

    const summary = all.map((s) => [
      s.name,
      fmt(median(s.all)),
      fmt(Math.min(...s.all)),
      fmt(Math.max(...s.all)),
      s === embedded ? (median(s.all) <= TARGET_MS ? 'met' : 'missed') : '',
    ]);
    const phases = all.map((s) => [
      s.name,
      fmt(median(s.firstRequestMs)),
      fmt(median(s.lastAnswerMs.map((x, i) => x - (s.firstRequestMs[i] as number)))),
      fmt(median(s.all.map((x, i) => x - (s.lastAnswerMs[i] as number)))),
      fmt(median(s.all)),
    ]);
    const perPanel = PANEL_IDS.map((id) => {
      const p = dashboard.panels.find((x) => x.id === id);
      return [
        `\`${id}\` (${p?.type})`,
        ...all.flatMap((s) => [fmt(median(s.ready[id] ?? [])), fmt(median(s.took[id] ?? []))]),
      ];
    });
    const tookSum = (s: Series) => PANEL_IDS.reduce((sum, id) => sum + median(s.took[id] ?? [0]), 0);
    const lines = [
      '## Dashboard: 12 panels in Chromium (`bench/dashboard.bench.ts`)',
      '',
      `${machineLine()}; 1-minute load average ${loadStart.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end (the machine is shared).`,
      '',
      `\`bench/dashboard-bench.json\` (12 panels: count and unique-count metrics, a filters ratio (5xx rate), a gauge, a line by date histogram, a stacked bar by date histogram × terms, an area of p95, a heatmap, a pie, a horizontal bar, a top-10 URL table with an average, a last-seen table) over ${fmt(N)} events shaped like \`driftwood up --demo\` (\`DemoCorpus\`: nginx, a winston app, an IoT fleet) in the dashboard's absolute 24 h window, on the embedded store and on ${osName} in the same run. Answers checked before timing: every panel's answer as the page received it is identical on both stores (percentiles within 1%), the count panel counts all events, the histograms' bars add up to them. Headless Chromium, ${VIEWPORT.width}×${VIEWPORT.height} (all panels in view), a logged-in session; time from navigation start to every panel \`data-state="ready"\`; median of ${RUNS} navigations after a warm-up, the stores interleaved round by round. Panels run at most 4 at a time (PANEL_CONCURRENCY). Loading (not timed in the figures): embedded ${embeddedLoad.toFixed(0)} s, OpenSearch ${osLoad.toFixed(0)} s, both at the same time through \`LogStore.write\` in batches of ${fmt(BATCH)}; the rounds start once OpenSearch's segment merges after the load have finished (${settledS.toFixed(0)} s later). OpenSearch answers repeated aggregations from its shard request cache, the embedded store from its answer cache (\`store/src/embedded/answer-cache.ts\`: kept until the events change); the third row empties OpenSearch's caches (\`POST /_cache/clear\`) before each navigation, and the last row runs the embedded store with its answer cache off (\`DRIFTWOOD_EMBEDDED_PLAIN=answer-cache\`, its own UI on the same data after the interleaved rounds): every panel computed on every navigation, as on a dashboard whose events change between views. Target: ≤ ${fmt(TARGET_MS)} ms median on the embedded store.`,
      '',
      table(['store', 'all panels ready, median ms', 'min ms', 'max ms', `≤ ${fmt(TARGET_MS)} ms`], summary),
      '',
      'Where the time goes (medians, ms): the page until it sends the first panel query (HTML with the dashboard record in it, scripts, hydration), the panel queries (first sent → last answered, 4 at a time), and rendering after the last answer.',
      '',
      table(['store', 'first panel query sent', 'panel queries', 'render after last answer', 'all ready'], phases),
      '',
      'Per panel, medians: ready = when the panel reached `ready` (ms from navigation start); took = its store request on the server (`PanelAnswer.took`, ms).',
      '',
      table(['panel', ...all.flatMap((s) => [`${s.name.replace(/, caches.*/, ' (cold)')} ready`, 'took'])], perPanel),
      '',
      `Sum of the panels' median \`took\`: embedded ${fmt(tookSum(embedded))} ms, OpenSearch ${fmt(tookSum(os))} ms, OpenSearch with caches cleared ${fmt(tookSum(osCold))} ms (4 run at a time).`,
    ];
    console.log(lines.join('\n'));
    writeSection('dashboard', lines.join('\n'));
  } finally {
    await browser?.close();
    for (const s of servers) await s.stop();
    // a shared OpenSearch (OPENSEARCH_URL) keeps nothing of ours
    await fetch(`${engine.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${engine.url}/_index_template/${prefix}-logs`, { method: 'DELETE' }).catch(() => undefined);
    await engine.stop();
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
