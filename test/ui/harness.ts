/**
 * For the browser test and bench: build the UI, seed a store, run `next start` against it, and
 * drive Chromium with playwright-core.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LogEvent } from '@driftwood/core';
import {
  createStoreHandler,
  type LogStore,
  openStore,
  publishStoreServer,
  SecurityService,
  selectStore,
} from '@driftwood/store';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { uiBuilt } from '../../bin/up/ui-process.ts';
import { freePort } from '../engines/process.ts';
import { findChromium } from '../system.ts';

const _execFileAsync = promisify(execFile);

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const UI_DIR = path.join(REPO_ROOT, 'ui');
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'ui');
const NEXT_BIN = path.join(REPO_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/** Newest modification time of the sources a UI build depends on. */
function runBuild(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [NEXT_BIN, 'build'], {
      cwd: UI_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * Builds the UI unless an up-to-date build exists (`npm test` builds before the tests run). When
 * another test file is building at the same time (Next holds `.next/lock`), waits for it.
 */
export async function buildUi(): Promise<void> {
  const deadline = Date.now() + 8 * 60_000;
  while (!uiBuilt()) {
    const { code, output } = await runBuild();
    if (code === 0) return;
    if (!/already running/i.test(output) || Date.now() > deadline) throw new Error(`next build failed:\n${output}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

export interface StoreEnv {
  DRIFTWOOD_STORE: 'embedded' | 'opensearch';
  DRIFTWOOD_DATA: string;
  OPENSEARCH_URL?: string;
  DRIFTWOOD_INDEX_PREFIX?: string;
}

/** Opens the store the UI server will use (embedded: close it before starting the server). */
export async function openTestStore(env: StoreEnv): Promise<LogStore> {
  return await openStore(selectStore({}, { ...env } as NodeJS.ProcessEnv), { owner: true });
}

export interface OwnedStore {
  store: LogStore;
  /** Unpublishes the store API, stops serving it and closes the store. */
  close: () => Promise<void>;
}

/**
 * Opens the embedded store as its owner and serves its store API on loopback, published in the
 * data dir as `driftwood up` does: a UI started on the same DRIFTWOOD_DATA reaches it through
 * that API, and the test writes events and runs alerting against `store` in its own process (so
 * the shipped app needs no test-only routes).
 */
export async function ownTestStore(env: StoreEnv): Promise<OwnedStore> {
  const store = await openTestStore(env);
  const handler = createStoreHandler(store);
  const server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404).end();
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const unpublish = publishStoreServer(
    env.DRIFTWOOD_DATA,
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  );
  return {
    store,
    close: async () => {
      unpublish();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}

export async function writeAll(store: LogStore, batches: Iterable<LogEvent[]>): Promise<number> {
  let n = 0;
  for (const batch of batches) {
    const outcomes = await store.write(batch);
    const bad = outcomes.find((o) => o.status === 'rejected');
    if (bad) throw new Error(`seed event rejected: ${JSON.stringify(bad)}`);
    n += batch.length;
  }
  await store.flush();
  return n;
}

/** The first-run admin's password the harness gives the UI (DRIFTWOOD_ADMIN_PASSWORD); test-only. */
export const TEST_ADMIN_PASSWORD = 'harness-admin-password';

export interface TestUser {
  username: string;
  password: string;
}

/**
 * The users of a harness UI: `admin` (created on first run from DRIFTWOOD_ADMIN_PASSWORD) and
 * `tester`, an editor (reads and writes, but not the audit events an admin also sees, so counts
 * are those of the seeded events alone).
 */
export const TEST_USERS = {
  admin: { username: 'admin', password: TEST_ADMIN_PASSWORD },
  tester: { username: 'tester', password: 'harness-tester-password' },
} as const satisfies Record<string, TestUser>;

/** Creates the harness users on the store the UI will use (before it starts; idempotent). */
export async function seedTestUsers(store: LogStore): Promise<void> {
  const security = await SecurityService.open(store);
  await security.ensureInitialAdmin({ password: TEST_USERS.admin.password });
  if (!(await security.listUsers()).some((u) => u.username === TEST_USERS.tester.username)) {
    await security.addUser({ ...TEST_USERS.tester, roles: ['editor'] });
  }
}

/** `Authorization: Basic …` for a user (HTTP Basic, as scripts call the API). */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface UiServer {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
  /** The first-run admin's credentials. */
  admin: TestUser;
  /**
   * fetch(`url + path`) with HTTP Basic as `as` (default TEST_USERS.tester, who must have been
   * seeded with seedTestUsers); `init.headers` are kept, and an Authorization or Cookie there wins.
   */
  fetch: (path: string, init?: RequestInit, as?: TestUser) => Promise<Response>;
}

/** Logs in through POST /api/auth/login and returns the session cookie's value. */
export async function loginSession(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('driftwood_session='));
  if (!cookie) throw new Error('login set no session cookie');
  return decodeURIComponent(cookie.slice('driftwood_session='.length).split(';')[0] ?? '');
}

/** Puts a logged-in session (TEST_USERS.tester's unless a user is given) into a browser context. */
export async function logIn(
  context: BrowserContext,
  server: Pick<UiServer, 'url'>,
  user: TestUser = TEST_USERS.tester,
): Promise<void> {
  const token = await loginSession(server.url, user.username, user.password);
  await context.addCookies([
    { name: 'driftwood_session', value: token, url: server.url, httpOnly: true, sameSite: 'Lax' },
  ]);
}

/**
 * `next start` on a free port against the store of `env`. On a store with no users the UI creates
 * `admin` with DRIFTWOOD_ADMIN_PASSWORD (TEST_ADMIN_PASSWORD unless `env` gives one).
 */
export async function startUi(env: StoreEnv & Record<string, string | undefined>): Promise<UiServer> {
  const port = await freePort();
  const adminPassword = env.DRIFTWOOD_ADMIN_PASSWORD ?? TEST_ADMIN_PASSWORD;
  const admin = { username: 'admin', password: adminPassword };
  const authorization = basicAuth(admin.username, admin.password);
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: UI_DIR,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env, DRIFTWOOD_ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/fields`, { headers: { authorization } });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`next start did not answer within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    admin,
    fetch: (p, init = {}, as = TEST_USERS.tester) => {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization') && !headers.has('cookie'))
        headers.set('authorization', basicAuth(as.username, as.password));
      return fetch(`${url}${p}`, { ...init, headers });
    },
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The Chromium to launch (test/system.ts finds it); a test that needs it skips without it. */
function chromiumPath(): string {
  const found = findChromium();
  if (!found.ok) throw new Error(found.reason);
  return found.path;
}

export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export function screenshotPath(name: string): string {
  if (!existsSync(SCREENSHOTS)) mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}
