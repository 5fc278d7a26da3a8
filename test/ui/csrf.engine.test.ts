/**
 * CSRF (issue #16): a page served from another loopback port — the same site as the UI to a
 * browser, so Chromium sends the SameSite session cookie along — tries every kind of write a page
 * can send without the UI's consent while the user is logged in: HTML form POSTs (text/plain made
 * to look like JSON, and urlencoded) and `fetch(…, { credentials: 'include', mode: 'no-cors' })`
 * POSTs and DELETEs (and a CORS DELETE, which needs a preflight) to the saved-search and alert-rule
 * routes and to logout. Afterwards, through the API, nothing has changed; the same writes from the
 * UI's own page with the same cookie succeed, so it was the origin rule that stopped them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, skipWithout } from '../system.ts';
import { launchChromium, logIn, type UiServer } from './harness.ts';
import { callApi, type SecurityFixture, securityFixture } from './security-fixture.ts';

/** What the API says the state is: saved searches and rules, as comparable values. */
async function snapshot(server: UiServer) {
  const searches = await callApi(server, 'GET', '/api/saved-searches');
  const rules = await callApi(server, 'GET', '/api/alerts/rules');
  return {
    searches: (searches.body.searches as Array<{ id: string; title: string; params: string }>)
      .map((s) => ({ id: s.id, title: s.title, params: s.params }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    rules: (rules.body.rules as Array<{ id: string; name: string; muted: boolean; snoozedUntil?: string | null }>)
      .map((r) => ({ id: r.id, name: r.name, muted: r.muted, snoozedUntil: r.snoozedUntil ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The attacker's page: forms and a script aimed at `ui`. */
function attackerPage(ui: string, savedId: string, ruleId: string): string {
  const rule = `${ui}/api/alerts/rules/${encodeURIComponent(ruleId)}`;
  const saved = `${ui}/api/saved-searches/${encodeURIComponent(savedId)}`;
  // text/plain: name=value sent as is, shaped to be a JSON object
  const plainName = '{"title":"csrf form","params":"q=*","x":"';
  const ruleName = '{"name":"csrf rule","query":"*","condition":{"type":"count","comparator":">","threshold":1},"x":"';
  return `<!doctype html><html><body>
<form id="plain-search" method="POST" enctype="text/plain" action="${ui}/api/saved-searches">
  <input name="${escapeAttr(plainName)}" value='"}'>
</form>
<form id="plain-rule" method="POST" enctype="text/plain" action="${ui}/api/alerts/rules">
  <input name="${escapeAttr(ruleName)}" value='"}'>
</form>
<form id="urlencoded-mute" method="POST" action="${rule}/mute">
  <input name="muted" value="true">
</form>
<form id="urlencoded-search" method="POST" action="${ui}/api/saved-searches">
  <input name="title" value="csrf urlencoded"><input name="params" value="q=*">
</form>
<script>
window.attack = async function () {
  const results = [];
  const send = async (label, url, init) => {
    try {
      const r = await fetch(url, init);
      results.push(label + ': ' + r.type + ' ' + r.status);
    } catch (e) {
      results.push(label + ': threw ' + e.name);
    }
  };
  const json = (v) => JSON.stringify(v);
  const base = { credentials: 'include', mode: 'no-cors' };
  await send('POST saved text', ${JSON.stringify(`${ui}/api/saved-searches`)}, { ...base, method: 'POST', body: json({ title: 'csrf fetch', params: 'q=*' }) });
  await send('POST saved json-header', ${JSON.stringify(`${ui}/api/saved-searches`)}, { ...base, method: 'POST', headers: { 'content-type': 'application/json' }, body: json({ title: 'csrf fetch json', params: 'q=*' }) });
  await send('POST rule', ${JSON.stringify(`${ui}/api/alerts/rules`)}, { ...base, method: 'POST', body: json({ name: 'csrf fetch rule', query: '*', condition: { type: 'count', comparator: '>', threshold: 1 } }) });
  await send('POST mute', ${JSON.stringify(`${rule}/mute`)}, { ...base, method: 'POST', body: json({ muted: true }) });
  await send('POST snooze', ${JSON.stringify(`${rule}/snooze`)}, { ...base, method: 'POST', body: json({ until: new Date(Date.now() + 3600000).toISOString() }) });
  await send('POST logout', ${JSON.stringify(`${ui}/api/auth/logout`)}, { ...base, method: 'POST', body: '{}' });
  await send('DELETE saved no-cors', ${JSON.stringify(saved)}, { ...base, method: 'DELETE' });
  await send('DELETE rule no-cors', ${JSON.stringify(rule)}, { ...base, method: 'DELETE' });
  await send('DELETE saved cors', ${JSON.stringify(saved)}, { credentials: 'include', method: 'DELETE' });
  await send('DELETE rule cors', ${JSON.stringify(rule)}, { credentials: 'include', method: 'DELETE' });
  return results;
};
</script>
</body></html>`;
}

describe.skipIf(skipWithout('the CSRF browser tests', findChromium()))(
  'CSRF from another loopback port (Chromium)',
  () => {
    let fx: SecurityFixture;
    let server: UiServer;
    let attacker: Server;
    let attackerUrl = '';
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    /** Requests the attacker's server saw (to be sure the page was served from it). */
    const served: string[] = [];

    beforeAll(async () => {
      fx = await securityFixture('csrf');
      server = fx.server;
      const html = attackerPage(server.url, fx.savedSearchId, fx.ruleId);
      attacker = createServer((req, res) => {
        served.push(`${req.method} ${req.url}`);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      });
      await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
      attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
      browser = await launchChromium();
      context = await browser.newContext();
      await logIn(context, server);
      page = await context.newPage();
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise<void>((r) => (attacker ? attacker.close(() => r()) : r()));
      await fx?.close();
    });

    it('the logged-in browser can write from the UI’s own page (the cookie works)', async () => {
      await page.goto(`${server.url}/discover`);
      const status = await page.evaluate(async (id) => {
        const r = await fetch(`/api/alerts/rules/${encodeURIComponent(id)}/mute`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ muted: false }),
        });
        return r.status;
      }, fx.ruleId);
      expect(status).toBe(200);
    });

    it('form posts from the other port are refused, and change nothing', async () => {
      const before = await snapshot(server);
      for (const form of ['plain-search', 'plain-rule', 'urlencoded-mute', 'urlencoded-search']) {
        const tab = await context.newPage(); // a tab per form: each submit navigates away
        await tab.goto(`${attackerUrl}/${form}`);
        const [response] = await Promise.all([
          tab.waitForResponse((r) => r.url().startsWith(server.url) && r.request().method() === 'POST'),
          tab.evaluate((id) => (document.getElementById(id) as HTMLFormElement).submit(), form),
        ]);
        // refused by the origin / content-type rule before any route: 403 or 415, never a write
        expect([403, 415], `${form}: ${response.status()}`).toContain(response.status());
        const sent = await response.request().allHeaders();
        expect(sent.origin, form).toBe(attackerUrl);
        // same site to the browser (another port), so the SameSite session cookie went along
        expect(sent.cookie ?? '', form).toContain('driftwood_session=');
        await tab.close();
      }
      expect(served.length).toBeGreaterThanOrEqual(4);
      expect(await snapshot(server)).toEqual(before);
    });

    it('fetch writes from the other port (no-cors POST and DELETE, CORS DELETE) change nothing and log nobody out', async () => {
      const before = await snapshot(server);
      await page.goto(`${attackerUrl}/fetch`);
      const results = await page.evaluate(() => (window as unknown as { attack: () => Promise<string[]> }).attack());
      expect(results).toHaveLength(10);
      // a CORS DELETE never gets past its preflight (the UI grants no cross-origin access)
      expect(results.filter((r) => r.startsWith('DELETE') && r.includes('cors:') && !r.includes('no-cors'))).toEqual([
        'DELETE saved cors: threw TypeError',
        'DELETE rule cors: threw TypeError',
      ]);
      expect(await snapshot(server)).toEqual(before);
      // still logged in: the cross-site logout was refused too
      const me = await page.request.get(`${server.url}/api/auth/me`);
      expect(me.status()).toBe(200);
    });
  },
);
