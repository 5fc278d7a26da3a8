/**
 * The browser side of sessions (issue #16), in Chromium against `next start` on an embedded store:
 * log in (and back to the page asked for), a wrong password, log out (the API answers 401 after,
 * even to the old cookie), an idle session expiring (the next API call goes to /login), a session
 * kept busy reaching its absolute lifetime (to /login all the same; the server refuses its token), login rate
 * limiting, a viewer who sees no write controls and whose direct API writes get 403, and a user
 * whose role has a read filter (DLS), who is offered no alert rules and is told why without an error.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, skipWithout } from '../system.ts';
import { launchChromium, logIn, screenshotPath, type TestUser, type UiServer } from './harness.ts';
import { callApi, EDITOR, FILTERED, type SecurityFixture, securityFixture, VIEWER } from './security-fixture.ts';

const COOKIE = 'driftwood_session';

async function fillLogin(page: Page, user: TestUser): Promise<void> {
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
}

/** Submits the login form and waits for the server's answer; its status. */
async function submitLogin(page: Page, user: TestUser): Promise<number> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
  await fillLogin(page, user);
  return (await answered).status();
}

async function sessionCookie(context: BrowserContext, url: string): Promise<string | undefined> {
  return (await context.cookies(url)).find((c) => c.name === COOKIE)?.value;
}

describe.skipIf(skipWithout('the security browser tests', findChromium()))('Sessions in the browser (Chromium)', () => {
  let fx: SecurityFixture;
  let server: UiServer;
  let browser: Browser;

  beforeAll(async () => {
    fx = await securityFixture('security');
    server = fx.server;
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await fx?.close();
  });

  const newContext = () => browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'UTC' });

  describe('log in, log out', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext();
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('sends an anonymous visitor of /discover to /login, with the username field focused', async () => {
      await page.goto(`${server.url}/discover?q=log.level%3Aerror`);
      await page.waitForURL(/\/login\?next=/);
      expect(new URL(page.url()).searchParams.get('next')).toBe('/discover?q=log.level%3Aerror');
      expect(await page.locator('label[for=login-username]').textContent()).toBe('Username');
      expect(await page.locator('label[for=login-password]').textContent()).toBe('Password');
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('login-username');
      // nothing of the app but the brand and the theme before login
      expect(await page.locator('.app-header nav').count()).toBe(0);
      expect(await page.getByTestId('user-menu').count()).toBe(0);
    });

    it('follows the dark theme', async () => {
      const card = page.getByTestId('login-form');
      const background = () => card.evaluate((e) => getComputedStyle(e).backgroundColor);
      const light = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      await expect.poll(background).not.toBe(light);
      expect(await background()).toBe('rgb(29, 30, 36)'); // --panel of the dark theme
      await page.screenshot({ path: screenshotPath('login-dark') });
      await page.emulateMedia({ colorScheme: 'light' });
    });

    it('says so on a wrong password, stays on /login and empties the password', async () => {
      expect(await submitLogin(page, { username: EDITOR.username, password: 'not-the-password' })).toBe(401);
      await expect.poll(() => page.getByTestId('login-error').textContent()).toBe('Wrong username or password.');
      expect(await page.getByTestId('login-error').getAttribute('role')).toBe('alert');
      expect(new URL(page.url()).pathname).toBe('/login');
      expect(await page.getByTestId('login-password').inputValue()).toBe('');
      expect(await sessionCookie(context, server.url)).toBeUndefined();
      await page.screenshot({ path: screenshotPath('login-wrong-password') });
    });

    it('logs in and goes back to the page asked for, with the user in the header', async () => {
      await fillLogin(page, EDITOR);
      await page.waitForURL((u) => u.pathname === '/discover');
      expect(new URL(page.url()).searchParams.get('q')).toBe('log.level:error');
      await expect.poll(() => page.getByTestId('hit-count').textContent(), { timeout: 20_000 }).toMatch(/10/);
      expect(await page.getByTestId('user-name').textContent()).toBe(EDITOR.username);
      const cookie = (await context.cookies(server.url)).find((c) => c.name === COOKIE);
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).not.toBe('None');
      expect(await page.evaluate(() => document.cookie)).not.toContain(COOKIE);
      await page.getByTestId('user-menu').click();
      expect(await page.getByTestId('user-roles').textContent()).toBe('editor');
      await page.screenshot({ path: screenshotPath('user-menu') });
    });

    it('logs out: to /login, and the API answers 401 to the browser and to the old cookie', async () => {
      const token = await sessionCookie(context, server.url);
      expect(token).toBeTruthy();
      await page.getByTestId('logout').click();
      await page.waitForURL((u) => u.pathname === '/login');
      expect((await page.request.get(`${server.url}/api/search?q=*`)).status()).toBe(401);
      expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
      const replay = await fetch(`${server.url}/api/search?q=*`, {
        headers: { cookie: `${COOKIE}=${encodeURIComponent(token ?? '')}` },
      });
      expect(replay.status).toBe(401);
      await page.goto(`${server.url}/alerts`);
      await page.waitForURL(/\/login\?next=%2Falerts/);
    });

    it('never sends a login elsewhere: a next of another site goes to Discover', async () => {
      await page.goto(`${server.url}/login?next=${encodeURIComponent('//evil.example/x')}`);
      await fillLogin(page, EDITOR);
      await page.waitForURL((u) => u.pathname === '/discover');
      expect(new URL(page.url()).origin).toBe(server.url);
    });
  });

  describe('a viewer', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext();
      await logIn(context, server, VIEWER);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('sees the saved searches, with no control to save, update or delete one', async () => {
      await page.goto(`${server.url}/discover`);
      await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 20_000 }).toBe(VIEWER.username);
      await page.getByTestId('saved-searches').click();
      await expect.poll(() => page.getByTestId('saved-item').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('saved-item').textContent()).toContain('Checkout errors');
      for (const id of ['saved-title', 'save-new', 'saved-update', 'saved-delete']) {
        expect(await page.getByTestId(id).count(), id).toBe(0);
      }
      expect(await page.getByTestId('saved-popover').textContent()).not.toContain('Save current search');
      await page.screenshot({ path: screenshotPath('viewer-saved-searches') });
    });

    it('sees the alert rules, with no control to create, mute, snooze, edit or delete one', async () => {
      await page.goto(`${server.url}/alerts`);
      await expect.poll(() => page.getByTestId('rule-row').count(), { timeout: 20_000 }).toBe(1);
      expect(await page.getByTestId('rule-toggles-read-only').count()).toBe(1);
      for (const id of ['new-rule', 'mute-toggle', 'snooze-select', 'unsnooze']) {
        expect(await page.getByTestId(id).count(), id).toBe(0);
      }
      expect(await page.locator('.rules-table input, .rules-table select, .rules-table button').count()).toBe(0);
      await page.getByTestId('rule-link').click();
      await page.waitForURL(`**/alerts/${encodeURIComponent(fx.ruleId)}`);
      await expect
        .poll(() => page.getByTestId('rule-title').textContent(), { timeout: 20_000 })
        .toBe('Checkout errors');
      await expect.poll(() => page.getByTestId('rule-read-only').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.getByTestId('read-only-note').textContent()).toBe(
        'Read-only: your role (viewer) cannot change alert rules.',
      );
      // the rule's values as text
      expect(await page.getByTestId('ro-name').textContent()).toBe('Checkout errors');
      expect(await page.getByTestId('ro-query').textContent()).toBe('log.level:error');
      expect(await page.getByTestId('ro-condition').textContent()).toBe('count > 100');
      // and no write control, nor any input, on the page
      for (const id of ['delete-rule', 'save-rule', 'rule-form', 'rule-fields', 'rule-name', 'add-webhook']) {
        expect(await page.getByTestId(id).count(), id).toBe(0);
      }
      expect(await page.locator('.alerts-page input, .alerts-page select, .alerts-page textarea').count()).toBe(0);
      expect(await page.getByRole('button', { name: /Save changes|Create rule|Delete|Webhook/ }).count()).toBe(0);
      await page.screenshot({ path: screenshotPath('viewer-rule') });
      // the page that only creates rules is refused outright
      const res = await page.goto(`${server.url}/alerts/new`);
      expect(res?.status()).toBe(403);
    });

    it('gets 403 for every write through the API, and nothing changes', async () => {
      const rule = `/api/alerts/rules/${encodeURIComponent(fx.ruleId)}`;
      const saved = `/api/saved-searches/${encodeURIComponent(fx.savedSearchId)}`;
      const writes: Array<[string, string, unknown]> = [
        ['POST', '/api/saved-searches', { title: 'mine', params: 'q=*' }],
        ['PUT', saved, { title: 'renamed', params: 'q=*' }],
        ['DELETE', saved, undefined],
        [
          'POST',
          '/api/alerts/rules',
          { name: 'x', query: '*', condition: { type: 'count', comparator: '>', threshold: 1 } },
        ],
        ['PATCH', rule, { name: 'renamed' }],
        ['DELETE', rule, undefined],
        ['POST', `${rule}/mute`, { muted: true }],
        ['POST', `${rule}/snooze`, { until: new Date(Date.now() + 3_600_000).toISOString() }],
      ];
      for (const [method, route, body] of writes) {
        const res = await callApi(server, method, route, body, VIEWER);
        expect(res.status, `${method} ${route}`).toBe(403);
        expect(res.body?.error?.code, `${method} ${route}`).toBe('FORBIDDEN');
      }
      // the browser session of the viewer is refused too (same-origin JSON, so only the role decides)
      const inPage = await page.evaluate(async () => {
        const r = await fetch('/api/saved-searches', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'from the page', params: 'q=*' }),
        });
        return r.status;
      });
      expect(inPage).toBe(403);
      const searches = await callApi(server, 'GET', '/api/saved-searches', undefined, VIEWER);
      expect(searches.body.searches.map((s: { title: string }) => s.title)).toEqual(['Checkout errors']);
      const rules = await callApi(server, 'GET', '/api/alerts/rules', undefined, VIEWER);
      expect(rules.body.rules.map((r: { name: string; muted: boolean }) => [r.name, r.muted])).toEqual([
        ['Checkout errors', false],
      ]);
    });

    it('while an editor has the same controls, enabled, and the rule editor', async () => {
      const editor = await newContext();
      try {
        await logIn(editor, server, EDITOR);
        const p = await editor.newPage();
        await p.goto(`${server.url}/alerts`);
        await expect.poll(() => p.getByTestId('rule-row').count(), { timeout: 20_000 }).toBe(1);
        await expect.poll(() => p.getByTestId('mute-toggle').isEnabled(), { timeout: 10_000 }).toBe(true);
        expect(await p.getByTestId('new-rule').evaluate((e) => e.tagName)).toBe('A');
        expect(await p.getByTestId('snooze-select').isEnabled()).toBe(true);
        await p.getByTestId('rule-link').click();
        await p.waitForURL(`**/alerts/${encodeURIComponent(fx.ruleId)}`);
        await expect.poll(() => p.getByTestId('rule-name').isEnabled(), { timeout: 20_000 }).toBe(true);
        expect(await p.getByTestId('rule-name').inputValue()).toBe('Checkout errors');
        expect(await p.getByTestId('save-rule').isEnabled()).toBe(true);
        expect(await p.getByTestId('delete-rule').isEnabled()).toBe(true);
        expect(await p.getByTestId('add-webhook').isEnabled()).toBe(true);
        expect(await p.getByTestId('read-only-note').count()).toBe(0);
        expect(await p.getByTestId('rule-read-only').count()).toBe(0);
        await p.goto(`${server.url}/discover`);
        await p.getByTestId('saved-searches').click();
        await expect.poll(() => p.getByTestId('saved-item').count(), { timeout: 10_000 }).toBe(1);
        expect(await p.getByTestId('saved-title').isEnabled()).toBe(true);
        expect(await p.getByTestId('saved-delete').isEnabled()).toBe(true);
      } finally {
        await editor.close();
      }
    });
  });

  describe('a user whose role filters what it reads (DLS)', () => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext();
      await logIn(context, server, FILTERED);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    it('is told by /api/auth/me that it is filtered (and the viewer and editor that they are not)', async () => {
      for (const [user, filtered] of [
        [FILTERED, true],
        [VIEWER, false],
        [EDITOR, false],
      ] as const) {
        const me = await callApi(server, 'GET', '/api/auth/me', undefined, user);
        expect(me.status, user.username).toBe(200);
        expect(me.body.filtered, user.username).toBe(filtered);
      }
    });

    it('has no Alerts link, and /alerts says plainly that rules are not for it, with no error box', async () => {
      await page.goto(`${server.url}/discover`);
      await expect.poll(() => page.getByTestId('user-name').textContent(), { timeout: 20_000 }).toBe(FILTERED.username);
      // it reads only its documents: 14 of the 40 are on web-0
      await expect.poll(() => page.getByTestId('hit-count').textContent(), { timeout: 20_000 }).toMatch(/14/);
      expect(await page.locator('.app-header nav a', { hasText: 'Discover' }).count()).toBe(1);
      expect(await page.getByTestId('nav-alerts').count()).toBe(0);
      expect(await page.locator('.app-header nav a', { hasText: 'Alerts' }).count()).toBe(0);
      await page.goto(`${server.url}/alerts`);
      await expect
        .poll(() => page.getByTestId('alerts-unavailable').textContent(), { timeout: 20_000 })
        .toBe('Alert rules are not available to roles with a document filter.');
      expect(await page.getByTestId('error-notice').count()).toBe(0);
      // a plain statement, not drawn as an error (the error box's border is --danger)
      expect(await page.getByTestId('alerts-unavailable').evaluate((e) => getComputedStyle(e).borderTopColor)).not.toBe(
        'rgb(189, 39, 30)',
      );
      expect(await page.getByTestId('refresh').count()).toBe(0);
      expect(await page.locator('.alerts-page').textContent()).not.toMatch(/Something went wrong|FORBIDDEN/);
      expect(await page.getByTestId('rule-row').count()).toBe(0);
      await page.screenshot({ path: screenshotPath('filtered-alerts') });
      // the API refuses it the rules, by design
      const rules = await callApi(server, 'GET', '/api/alerts/rules', undefined, FILTERED);
      expect(rules.status).toBe(403);
      expect(rules.body?.error?.code).toBe('FORBIDDEN');
    });

    it('sees the same notice on a rule page', async () => {
      await page.goto(`${server.url}/alerts/${encodeURIComponent(fx.ruleId)}`);
      await expect
        .poll(() => page.getByTestId('alerts-unavailable').textContent(), { timeout: 20_000 })
        .toBe('Alert rules are not available to roles with a document filter.');
      expect(await page.getByTestId('error-notice').count()).toBe(0);
    });
  });

  describe('expiry and rate limiting (a UI with a 3 s idle expiry)', () => {
    let short: UiServer;
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      short = await fx.startAnotherUi({ DRIFTWOOD_SESSION_IDLE_MS: '3000' });
      context = await newContext();
      page = await context.newPage();
    }, 120_000);
    afterAll(() => context?.close());

    it('sends the page to /login at the first API call after the session went idle, and back after', async () => {
      await page.goto(`${short.url}/discover`);
      await page.waitForURL(/\/login/);
      await fillLogin(page, EDITOR);
      await page.waitForURL((u) => u.pathname === '/discover');
      await expect.poll(() => page.getByTestId('hit-count').textContent(), { timeout: 20_000 }).toMatch(/40/);
      await page.waitForTimeout(4500);
      await page.getByTestId('query-input').fill('log.level:error');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
      const next = new URL(page.url()).searchParams.get('next') ?? '';
      expect(next.startsWith('/discover')).toBe(true);
      expect(new URLSearchParams(next.split('?')[1] ?? '').get('q')).toBe('log.level:error');
      await fillLogin(page, EDITOR);
      await page.waitForURL((u) => u.pathname === '/discover');
      await expect.poll(() => page.getByTestId('hit-count').textContent(), { timeout: 20_000 }).toMatch(/10/);
    });

    it('sends the page to /login when the live tail is refused for an idle session', async () => {
      await page.waitForTimeout(4500);
      await page.getByTestId('live-tail').click();
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
      expect(new URL(page.url()).searchParams.get('next')).toMatch(/^\/discover\?.*tail=/);
    });

    it('after repeated wrong passwords says how long to wait, and refuses even the right one until then', async () => {
      const fresh = await newContext();
      try {
        const p = await fresh.newPage();
        await p.goto(`${short.url}/login`);
        const wrong = { username: EDITOR.username, password: 'wrong-password' };
        let status = 0;
        for (let i = 0; i < 8 && status !== 429; i++) {
          status = await submitLogin(p, wrong);
          expect([401, 429]).toContain(status);
          await expect
            .poll(() => p.getByTestId('login-error').textContent())
            .toMatch(status === 429 ? /^Too many/ : /^Wrong username or password\.$/);
        }
        expect(status).toBe(429);
        const message = (await p.getByTestId('login-error').textContent()) ?? '';
        expect(message).toMatch(
          /^Too many failed attempts\. Try again in (\d+ minutes?|(\d+ minutes? )?\d+ seconds?)\.$/,
        );
        expect(await p.getByTestId('login-submit').isDisabled()).toBe(true);
        const res = await fetch(`${short.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(EDITOR),
        });
        expect(res.status).toBe(429);
        await p.screenshot({ path: screenshotPath('login-rate-limited') });
      } finally {
        await fresh.close();
      }
    });
  });

  describe('absolute expiry (a UI with a 15 s session lifetime and a 4 s idle expiry)', () => {
    const MAX_MS = 15_000;
    const IDLE_MS = 4_000;
    let short: UiServer;
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      short = await fx.startAnotherUi({
        DRIFTWOOD_SESSION_MAX_MS: String(MAX_MS),
        DRIFTWOOD_SESSION_IDLE_MS: String(IDLE_MS),
      });
      context = await newContext();
      page = await context.newPage();
    }, 120_000);
    afterAll(() => context?.close());

    /** Runs a query in Discover; the status of the /api/search call it makes. */
    const search = async (query: string): Promise<number> => {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/search', { timeout: 15_000 });
      await page.getByTestId('query-input').fill(query);
      await page.keyboard.press('Enter');
      return (await answered).status();
    };

    it('ends a session in use at its absolute lifetime: the page goes to /login, the server refuses the token', async () => {
      await page.goto(`${short.url}/discover`);
      await page.waitForURL(/\/login/);
      // the session ends MAX_MS after the server made it: between the click and the answer
      const login = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
      const clickedAt = Date.now();
      await fillLogin(page, EDITOR);
      expect((await login).status()).toBe(200);
      const earliest = clickedAt + MAX_MS;
      const latest = Date.now() + MAX_MS;
      await page.waitForURL((u) => u.pathname === '/discover');
      const cookie = (await context.cookies(short.url)).find((c) => c.name === COOKIE);
      expect(cookie?.value).toBeTruthy();
      const token = cookie?.value ?? '';
      // the cookie's Max-Age is the lifetime too (whole seconds, rounded down)
      expect(cookie?.expires ?? 0).toBeGreaterThanOrEqual(Math.floor(earliest / 1000) - 1);
      expect(cookie?.expires ?? 0).toBeLessThanOrEqual(Math.ceil(latest / 1000));

      // busy: a query every half second, so the session never goes idle, up to just before the end
      const queries = ['log.level:error', 'log.level:info'];
      let calls = 0;
      let lastCallAt = Date.now(); // the page has just loaded, with its own API calls
      let longestGap = 0;
      while (Date.now() < earliest - 700) {
        expect(await search(queries[calls % 2] as string)).toBe(200);
        calls++;
        longestGap = Math.max(longestGap, Date.now() - lastCallAt);
        lastCallAt = Date.now();
        await page.waitForTimeout(500);
      }
      expect(lastCallAt - clickedAt).toBeGreaterThan(2 * IDLE_MS); // it outlived the idle time twice over
      expect(longestGap).toBeLessThan(IDLE_MS - 1000);
      expect(new URL(page.url()).pathname).toBe('/discover');
      expect(calls).toBeGreaterThan(5);

      // just past the lifetime, well within the idle time of the last call: the next query goes to /login
      await page.waitForTimeout(Math.max(0, latest + 300 - Date.now()));
      expect(Date.now() - lastCallAt).toBeLessThan(IDLE_MS - 1000);
      await page.getByTestId('query-input').fill('host.name:web-1');
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });
      const next = new URL(page.url()).searchParams.get('next') ?? '';
      expect(next.startsWith('/discover')).toBe(true);

      // the server refuses the token itself (not only the browser's expired cookie): the API and
      // the pages, with the old token sent as a cookie that has no expiry
      const replay = await fetch(`${short.url}/api/search?q=*`, {
        headers: { cookie: `${COOKIE}=${encodeURIComponent(token)}` },
      });
      expect(replay.status).toBe(401);
      expect(await replay.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      await context.addCookies([{ name: COOKIE, value: token, url: short.url, httpOnly: true, sameSite: 'Lax' }]);
      expect((await page.request.get(`${short.url}/api/auth/me`)).status()).toBe(401);
      await page.goto(`${short.url}/discover`);
      await page.waitForURL((u) => u.pathname === '/login', { timeout: 15_000 });

      // logging in again gives a new session
      await fillLogin(page, EDITOR);
      await page.waitForURL((u) => u.pathname === '/discover');
      expect(await search('log.level:error')).toBe(200);
    }, 90_000);
  });
});
