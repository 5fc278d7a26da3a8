/**
 * The first five minutes: `driftwood up --demo` on a fresh data dir, as a user runs it.
 *
 * 1. It starts (indexer, alerting, shipper, UI, Mosquitto, the demo traffic and its 24 h backfill)
 *    and says "Driftwood is up".
 * 2. Within 60 s, the three demo sources — nginx (files), the winston app (HTTP input) and the IoT
 *    fleet (MQTT) — are searchable through the UI's server routes, history included, and show in
 *    Discover in Chromium (screenshots in test-results/up/).
 * 3. Ctrl-C (SIGINT to the process group, as a terminal sends it) exits 0 within 20 s, and every
 *    backfilled event is in the store (`driftwood query --count`, run after the exit).
 * 4. A second start on the same data dir: no second backfill, the shipper resumes from its
 *    checkpoints (no duplicates), new events arrive; Ctrl-C again exits 0.
 * 5. The README's start command (`npm start`, arguments after `--`) serves the UI, and its banner
 *    says where to log in (`Log in: <url>/login as admin, password from DRIFTWOOD_ADMIN_PASSWORD`):
 *    that page answers, that admin logs in there, and the password is printed nowhere.
 *
 * Needs Mosquitto (the demo's IoT fleet); without it the demo tests are skipped with one line,
 * unless CI=true.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../engines/process.ts';
import { findChromium, findMosquitto, skipWithout } from '../system.ts';
import { basicAuth, buildUi, launchChromium, loginSession } from '../ui/harness.ts';
import { childEnv, DRIFTWOOD, driftwood, eventually, GroupProcess, REPO_ROOT } from './child.ts';

const HOUR = 3_600_000;
/** The first-run admin `up` creates (DRIFTWOOD_ADMIN_PASSWORD); the API is read with it. */
const ADMIN = { username: 'admin', password: 'up-test-admin-password' };
const AUTH = { authorization: basicAuth(ADMIN.username, ADMIN.password) };
const upEnv = () => childEnv({ DRIFTWOOD_ADMIN_PASSWORD: ADMIN.password });
const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'up');
const skipDemo = skipWithout('the `driftwood up --demo` tests', findMosquitto(), findChromium());

/** The three demo sources: how to find each in the store, and what makes two of its documents the same event. */
const SOURCES = {
  nginx: {
    query: 'log.file.path:*nginx*',
    key: (d: Doc) => `${get(d, 'log.file.path')}@${get(d, 'log.offset')}`,
  },
  app: {
    query: 'service.name:demo-shop',
    key: (d: Doc) => `${get(d, '@timestamp')}|${get(d, 'message')}|${get(d, 'order_id')}|${get(d, 'user.name')}`,
  },
  iot: {
    query: 'device.id:*',
    key: (d: Doc) => `${get(d, 'device.id')}|${get(d, '@timestamp')}|${get(d, 'message')}`,
  },
} as const;
type Source = keyof typeof SOURCES;
const NAMES = Object.keys(SOURCES) as Source[];
type Counts = Record<Source, number>;
type Doc = Record<string, unknown>;

/** A field of a document, nested (`{log: {offset}}`) or dotted (`{'log.offset'}`). */
function get(doc: Doc, field: string): unknown {
  if (field in doc) return doc[field];
  const dot = field.indexOf('.');
  if (dot === -1) return undefined;
  const head = doc[field.slice(0, dot)];
  return head && typeof head === 'object' ? get(head as Doc, field.slice(dot + 1)) : undefined;
}

interface Ports {
  ui: number;
  indexer: number;
  http: number;
  syslog: number;
}

async function ports(): Promise<Ports> {
  const [ui, indexer, http, syslog] = [await freePort(), await freePort(), await freePort(), await freePort()];
  return { ui, indexer, http, syslog } as Ports;
}

const portArgs = (p: Ports) => [
  '--ui-port',
  String(p.ui),
  '--indexer-port',
  String(p.indexer),
  '--http-port',
  String(p.http),
  '--syslog-port',
  String(p.syslog),
];

/** `driftwood up --demo`, waited for: "Driftwood is up" on stdout, then the UI answering. */
async function startUp(dataDir: string, p: Ports): Promise<GroupProcess> {
  const up = new GroupProcess(
    process.execPath,
    [DRIFTWOOD, 'up', '--demo', '--data', dataDir, ...portArgs(p)],
    upEnv(),
  );
  running.push(up);
  await up.waitForStdout(/Driftwood is up/, 120_000);
  await eventually('the UI answering', 30_000, async () => {
    const res = await fetch(`http://127.0.0.1:${p.ui}/api/fields`, { headers: AUTH });
    return res.ok ? true : undefined;
  });
  return up;
}

/** Total hits of a query through the UI's /api/search route (no time range: the whole store). */
async function apiTotal(ui: string, q: string, range?: { from: number; to: number }): Promise<number> {
  const params = new URLSearchParams({ q, size: '0' });
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
  const res = await fetch(`${ui}/api/search?${params}`, { headers: AUTH });
  if (!res.ok) throw new Error(`/api/search?${params}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { total: number }).total;
}

async function apiCounts(ui: string): Promise<Counts> {
  const out = {} as Counts;
  for (const name of NAMES) out[name] = await apiTotal(ui, SOURCES[name].query);
  return out;
}

/** The millisecond before an ISO time: `--to` is included, and these ranges end before it. */
const beforeMs = (iso: string): string => new Date(Date.parse(iso) - 1).toISOString();

/** Per-source counts with `driftwood query --count` (after `up` exited: it opens the data read-only). */
async function queryCounts(dataDir: string, to?: string): Promise<Counts> {
  const out = {} as Counts;
  for (const name of NAMES) {
    const args = ['query', '--data', dataDir, '--count', ...(to ? ['--to', to] : []), SOURCES[name].query];
    out[name] = Number((await driftwood(args)).trim());
  }
  return out;
}

/**
 * Every document of a source with `driftwood query --size` (pages are capped at 10,000, so the
 * time line is cut into windows, each checked to be below the cap).
 */
async function allDocs(dataDir: string, source: Source, from: number, to: number, windows: number): Promise<Doc[]> {
  const docs: Doc[] = [];
  const step = Math.ceil((to - from) / windows);
  for (let start = from; start < to; start += step) {
    const end = Math.min(start + step, to);
    const args = ['query', '--data', dataDir, '--size', '10000'];
    // --to is included: the window ends one millisecond before the next one starts
    args.push('--from', new Date(start).toISOString(), '--to', new Date(end - 1).toISOString(), SOURCES[source].query);
    const lines = (await driftwood(args)).split('\n').filter((l) => l !== '');
    expect(lines.length, `${source} window ${new Date(start).toISOString()} is under the page cap`).toBeLessThan(
      10_000,
    );
    for (const line of lines) docs.push(JSON.parse(line) as Doc);
  }
  return docs;
}

function duplicates(docs: Doc[], key: (d: Doc) => string): string[] {
  const seen = new Set<string>();
  const dup: string[] = [];
  for (const d of docs) {
    const k = key(d);
    if (seen.has(k)) dup.push(k);
    seen.add(k);
  }
  return dup;
}

/** "demo: backfilled the last 24 h (nginx 17209, app 4317, iot 7200, syslog 2147 events)" → the first three numbers. */
function backfilled(stderr: string): { nginxAccess: number; app: number; iot: number } {
  const m = /demo: backfilled the last 24 h \(nginx (\d+), app (\d+), iot (\d+)(?:, syslog \d+)? events\)/.exec(stderr);
  if (!m) throw new Error(`no backfill line on stderr:\n${stderr}`);
  return { nginxAccess: Number(m[1]), app: Number(m[2]), iot: Number(m[3]) };
}

const lineCount = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

const running: GroupProcess[] = [];
const timings: Record<string, number> = {};

afterAll(async () => {
  for (const p of running) p.kill();
  await Promise.all(running.map((p) => p.exited));
  if (Object.keys(timings).length > 0) console.log(`up: timings (ms) ${JSON.stringify(timings)}`);
});

describe.skipIf(skipDemo)('driftwood up --demo: the first five minutes', () => {
  let root: string;
  let dataDir: string;
  let up: GroupProcess;
  let ui: string;
  let browser: Browser | undefined;
  let startedAt: number;
  let readyAt: number;
  /** When the backfill ran: every backfilled event is older, every live one newer. */
  let backfillAt: string;
  let reported: ReturnType<typeof backfilled>;
  let afterFirst: { all: Counts; backfill: Counts; accessBackfill: number; nginxLines: number };

  beforeAll(async () => {
    await buildUi(); // up builds only when there is no build at all; the test wants a fresh one
    root = await mkdtemp(path.join(tmpdir(), 'driftwood-up-'));
    dataDir = path.join(root, 'data');
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    for (const p of running) p.kill();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('starts on a fresh data dir and says so', async () => {
    const p = await ports();
    startedAt = Date.now();
    up = await startUp(dataDir, p);
    readyAt = Date.now();
    timings.firstStartToReady = readyAt - startedAt;
    ui = `http://127.0.0.1:${p.ui}`;
    expect(up.stdout).toContain(`UI:        ${ui}/discover`);
    expect(up.stdout).toMatch(/MQTT mqtt:\/\/127\.0\.0\.1:\d+/);
    expect(up.stdout).toContain('Demo:');
    backfillAt = readFileSync(path.join(dataDir, 'demo', 'backfilled'), 'utf8').trim();
    reported = backfilled(up.stderr);
    expect(reported.iot).toBeGreaterThan(1000);
  }, 180_000);

  it('within 60 s, all three sources are searchable through the UI routes, 24 h of history included', async () => {
    const olderThanAnHour = () => ({ from: Date.now() - 26 * HOUR, to: Date.now() - HOUR });
    const seen = await eventually(
      'events from nginx, the app and the IoT fleet, recent and older than 1 h',
      60_000 - (Date.now() - readyAt),
      async () => {
        const all = await apiCounts(ui);
        const old = {} as Counts;
        for (const name of NAMES) old[name] = await apiTotal(ui, SOURCES[name].query, olderThanAnHour());
        return NAMES.every((n) => all[n] > 0 && old[n] > 0 && all[n] > old[n]) ? { all, old } : undefined;
      },
    );
    timings.readyToAllSourcesSearchable = Date.now() - readyAt;
    console.log(`up: first seen through /api/search ${JSON.stringify(seen)}`);
    // The indexer parsed the access log (not just stored the lines).
    expect(await apiTotal(ui, 'event.dataset:http.access and http.response.status_code >= 200')).toBeGreaterThan(0);
    // The histogram route charts the history: buckets with events across most of the last 24 h.
    const params = new URLSearchParams({ q: SOURCES.nginx.query, from: 'now-24h', to: 'now' });
    const hist = (await (await fetch(`${ui}/api/histogram?${params}`, { headers: AUTH })).json()) as {
      buckets: Array<{ count: number }>;
    };
    expect(hist.buckets.filter((b) => b.count > 0).length).toBeGreaterThan(hist.buckets.length / 2);
    // The whole backfill arrives (the IoT fleet's goes through Mosquitto one message at a time).
    const backfillRange = { from: 0, to: Date.parse(backfillAt) };
    await eventually('the whole backfill searchable', 60_000, async () => {
      const app = await apiTotal(ui, SOURCES.app.query, backfillRange);
      const iot = await apiTotal(ui, SOURCES.iot.query, backfillRange);
      const access = await apiTotal(ui, 'log.file.path:*access.log', backfillRange);
      return app === reported.app && iot === reported.iot && access === reported.nginxAccess ? true : undefined;
    });
    timings.readyToWholeBackfill = Date.now() - readyAt;
  }, 130_000);

  it('shows each source in Discover in Chromium (hit count and rows)', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'UTC' });
    const token = await loginSession(ui, ADMIN.username, ADMIN.password);
    await context.addCookies([{ name: 'driftwood_session', value: token, url: ui, httpOnly: true, sameSite: 'Lax' }]);
    const page: Page = await context.newPage();
    const hitCount = async () => {
      const el = page.getByTestId('hit-count');
      await expect
        .poll(async () => /\d[\d,]* hits?/.test((await el.textContent()) ?? ''), { timeout: 20_000 })
        .toBe(true);
      return Number(((await el.textContent()) ?? '').replace(/[^\d]/g, ''));
    };
    const shown: Record<string, number> = {};
    for (const name of NAMES) {
      const params = new URLSearchParams({ q: SOURCES[name].query, from: 'now-24h', to: 'now' });
      await page.goto(`${ui}/discover?${params}`);
      shown[name] = await hitCount();
      expect(shown[name], `${name} hits in Discover`).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('doc-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, `discover-${name}.png`) });
    }
    await page.goto(`${ui}/discover?from=now-24h&to=now`);
    expect(await hitCount()).toBeGreaterThanOrEqual(shown.nginx ?? 0);
    await expect.poll(() => page.getByTestId('doc-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'discover.png') });
    console.log(`up: Discover hit counts ${JSON.stringify(shown)}`);
    await browser.close();
    browser = undefined;
  }, 90_000);

  it('Ctrl-C exits 0 within 20 s, with everything read in the store', async () => {
    // The app logs 0-2 events a second: wait until every source has live events in the store
    // (after the backfill), so that the run being interrupted has some to keep.
    const live = { from: Date.parse(backfillAt), to: Date.now() + HOUR };
    await eventually('live events from every source', 30_000, async () => {
      for (const name of NAMES) if ((await apiTotal(ui, SOURCES[name].query, live)) === 0) return undefined;
      return true;
    });
    up.interrupt();
    const exit = await up.exit(30_000);
    timings.firstInterruptToExit = exit.afterMs;
    expect(exit, up.output()).toMatchObject({ code: 0, signal: null });
    expect(exit.afterMs).toBeLessThan(20_000);
    await eventually('the UI and Mosquitto gone too', 5_000, async () => (up.groupAlive() ? undefined : true), 100);
    expect(up.stderr).toMatch(/SIGINT: stopping/);
    expect(up.stderr).not.toMatch(/driftwood up: |Error:/);
    const all = await queryCounts(dataDir);
    const backfill = await queryCounts(dataDir, beforeMs(backfillAt));
    const accessBackfill = Number(
      (
        await driftwood([
          'query',
          '--data',
          dataDir,
          '--count',
          '--to',
          beforeMs(backfillAt),
          'log.file.path:*access.log',
        ])
      ).trim(),
    );
    const nginxDir = path.join(dataDir, 'demo', 'nginx');
    const nginxLines = lineCount(path.join(nginxDir, 'access.log')) + lineCount(path.join(nginxDir, 'error.log'));
    afterFirst = { all, backfill, accessBackfill, nginxLines };
    console.log(`up: after the first run ${JSON.stringify({ ...afterFirst, reported })}`);
    // Every backfilled event, exactly once.
    expect(backfill.app).toBe(reported.app);
    expect(backfill.iot).toBe(reported.iot);
    expect(accessBackfill).toBe(reported.nginxAccess);
    // nginx: the lines the file input had read are all indexed (at most the last tick's are still unread).
    expect(all.nginx).toBeLessThanOrEqual(nginxLines);
    expect(all.nginx).toBeGreaterThanOrEqual(nginxLines - 50);
    for (const name of NAMES) expect(all[name]).toBeGreaterThan(backfill[name]);
  }, 60_000);

  it('a second start resumes: no second backfill, no duplicates, new events arrive, Ctrl-C exits 0', async () => {
    const p = await ports();
    const started = Date.now();
    up = await startUp(dataDir, p);
    timings.secondStartToReady = Date.now() - started;
    ui = `http://127.0.0.1:${p.ui}`;
    expect(up.stderr).not.toMatch(/backfilled/);
    const atStart = await apiCounts(ui);
    for (const name of NAMES) expect(atStart[name], name).toBeGreaterThanOrEqual(afterFirst.all[name]);
    const grown = await eventually('new events from every source', 30_000, async () => {
      const now = await apiCounts(ui);
      return NAMES.every((n) => now[n] > atStart[n]) ? now : undefined;
    });
    timings.secondReadyToGrowth = Date.now() - started - timings.secondStartToReady;
    console.log(`up: second run ${JSON.stringify({ atStart, grown })}`);

    up.interrupt();
    const exit = await up.exit(30_000);
    timings.secondInterruptToExit = exit.afterMs;
    expect(exit, up.output()).toMatchObject({ code: 0, signal: null });
    expect(exit.afterMs).toBeLessThan(20_000);
    expect(up.stderr).not.toMatch(/driftwood up: |Error:/);

    const all = await queryCounts(dataDir);
    const backfill = await queryCounts(dataDir, beforeMs(backfillAt));
    expect(readFileSync(path.join(dataDir, 'demo', 'backfilled'), 'utf8').trim()).toBe(backfillAt);
    for (const name of NAMES) {
      expect(all[name], name).toBeGreaterThan(afterFirst.all[name]);
      expect(backfill[name], `${name} backfill (not run twice)`).toBe(afterFirst.backfill[name]);
    }
    // Everything the first run wrote to the nginx files is in now (the second resumed from its checkpoints).
    expect(all.nginx).toBeGreaterThanOrEqual(afterFirst.nginxLines);

    // No event twice: page through every document of each source.
    const from = Date.parse(backfillAt) - 25 * HOUR;
    const to = Date.now() + 60_000;
    for (const [name, windows] of [
      ['nginx', 4],
      ['app', 1],
      ['iot', 2],
    ] as const) {
      const docs = await allDocs(dataDir, name, from, to, windows);
      expect(docs.length, `${name}: every document paged`).toBe(all[name]);
      expect(duplicates(docs, SOURCES[name].key), `${name} duplicates`).toEqual([]);
    }
    console.log(`up: after the second run ${JSON.stringify({ all, backfill })}`);
  }, 150_000);

  it('Ctrl-C still exits 0 when Mosquitto died first', async () => {
    const p = await ports();
    const noUi = new GroupProcess(
      process.execPath,
      [DRIFTWOOD, 'up', '--demo', '--no-ui', '--data', dataDir, ...portArgs(p)],
      childEnv(),
    );
    running.push(noUi);
    await noUi.waitForStdout(/Driftwood is up/, 60_000);
    const pids = execFileSync('pgrep', ['-P', String(noUi.child.pid), 'mosquitto'], { encoding: 'utf8' }).trim();
    expect(pids).toMatch(/^\d+$/);
    process.kill(Number(pids), 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500)); // the fleet and the shipper notice
    noUi.interrupt();
    const exit = await noUi.exit(30_000);
    timings.brokerGoneInterruptToExit = exit.afterMs;
    expect(exit, noUi.output()).toMatchObject({ code: 0, signal: null });
    expect(exit.afterMs).toBeLessThan(20_000);
  }, 90_000);
});

describe('the README start command', () => {
  let root: string;

  beforeAll(async () => {
    await buildUi();
    root = await mkdtemp(path.join(tmpdir(), 'driftwood-readme-'));
  }, 600_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('`npm start` (arguments after --) serves the UI and says where to log in; Ctrl-C stops it', async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```bash\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => /npm start/.test(b));
    expect(block, 'a bash block in README.md with `npm start`').toBeDefined();
    const line = (block ?? '').split('\n').find((l) => /npm start/.test(l) && !l.trim().startsWith('#')) ?? '';
    // `. scripts/node.sh && npm ci && npm start`: this runner already has Node 24 and the packages.
    const steps = line.split('&&').map((s) => s.trim());
    expect(steps).toContain('. scripts/node.sh');
    expect(steps.at(-1)).toBe('npm start');
    expect(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts.start).toBe(
      'bin/driftwood up',
    );

    const p = await ports();
    const npm = new GroupProcess('npm', ['start', '--', '--data', path.join(root, 'data'), ...portArgs(p)], upEnv());
    running.push(npm);
    const started = Date.now();
    await npm.waitForStdout(/Driftwood is up/, 120_000);
    const ui = `http://127.0.0.1:${p.ui}`;
    expect(npm.stdout).toContain(`${ui}/discover`);
    // the banner's login line: the URL, the user, and where the password comes from (not the password)
    const loginLine = /^ {2}Log in: +(\S+) {2}as admin, password from DRIFTWOOD_ADMIN_PASSWORD$/m.exec(npm.stdout);
    expect(loginLine, npm.output()).not.toBeNull();
    const loginUrl = loginLine?.[1] ?? '';
    expect(loginUrl).toBe(`${ui}/login`);
    const status = await eventually(`GET ${loginUrl}`, 30_000, async () => {
      const res = await fetch(loginUrl);
      await res.arrayBuffer();
      return res.status === 200 ? res.status : undefined;
    });
    expect(status).toBe(200);
    timings.npmStartToUi = Date.now() - started;
    const login = await fetch(new URL('/api/auth/login', loginUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: new URL(loginUrl).origin },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ username: 'admin', roles: ['admin'] });
    expect(existsSync(path.join(root, 'data', 'initial-admin-password'))).toBe(false);

    npm.interrupt();
    const exit = await npm.exit(30_000);
    timings.npmInterruptToExit = exit.afterMs;
    expect(exit.afterMs).toBeLessThan(20_000);
    // npm itself dies of the SIGINT (or answers 130); what matters is that `up` under it stopped
    // cleanly: no error, and nothing of the group left running.
    expect(exit.code === 0 || exit.code === 130 || exit.signal === 'SIGINT', npm.output()).toBe(true);
    await eventually('every process of `npm start` gone', 20_000 - exit.afterMs, async () =>
      npm.groupAlive() ? undefined : true,
    );
    expect(npm.stderr).toMatch(/SIGINT: stopping/);
    expect(npm.stderr).not.toMatch(/driftwood up: |Error:/);
    expect(`${npm.stdout}${npm.stderr}`).not.toContain(ADMIN.password);
  }, 180_000);
});
