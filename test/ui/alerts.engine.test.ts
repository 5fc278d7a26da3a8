import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Evaluator } from '@driftwood/alerting';
import type { LogEvent } from '@driftwood/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium, skipWithout } from '../system.ts';
import {
  buildUi,
  launchChromium,
  logIn,
  type OwnedStore,
  ownTestStore,
  type StoreEnv,
  screenshotPath,
  seedTestUsers,
  startUi,
  type UiServer,
  writeAll,
} from './harness.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface Delivery {
  headers: IncomingHttpHeaders;
  body: {
    id: string;
    rule: { name: string; query: string };
    transition: string;
    state: string;
    value: number;
    window: { from: string; to: string };
    link: string;
  };
}

/** A local webhook receiver recording every POST. */
async function startReceiver(): Promise<{ url: string; deliveries: Delivery[]; close: () => Promise<void> }> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Delivery['body'],
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/driftwood`,
    deliveries,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A day of quiet traffic: info lines every 2 min and an error every 30 min, plus an old error burst. */
function seed(now: number): LogEvent[] {
  const events: LogEvent[] = [];
  for (let t = now - 24 * HOUR + MINUTE; t < now - 10 * MINUTE; t += 2 * MINUTE) {
    const i = events.length;
    events.push({
      id: `bg-${i}`,
      doc: {
        '@timestamp': new Date(t).toISOString(),
        message: 'request served',
        log: { level: 'info' },
        host: { name: `web-${i % 3}` },
        service: { name: 'checkout' },
      },
    });
    if (i % 15 === 0)
      events.push({
        id: `bg-err-${i}`,
        doc: {
          '@timestamp': new Date(t + 17_000).toISOString(),
          message: 'payment gateway timeout',
          log: { level: 'error' },
          host: { name: `web-${i % 3}` },
          service: { name: 'checkout' },
        },
      });
  }
  // an incident six hours ago, so the preview shows a breach
  for (let i = 0; i < 25; i++)
    events.push({
      id: `old-burst-${i}`,
      doc: {
        '@timestamp': new Date(now - 6 * HOUR + i * 6_000).toISOString(),
        message: 'failed to connect to database',
        log: { level: 'error' },
        host: { name: 'web-1' },
        service: { name: 'checkout' },
      },
    });
  return events;
}

function spike(slot: number): LogEvent[] {
  return Array.from({ length: 15 }, (_, i) => ({
    id: `spike-${i}`,
    doc: {
      '@timestamp': new Date(slot - 4 * MINUTE + i * 5_000).toISOString(),
      message: `NullPointerException in CartService #${i}`,
      log: { level: 'error' },
      host: { name: 'web-2' },
      service: { name: 'checkout' },
    },
  }));
}

describe.skipIf(skipWithout('the Alerts browser tests', findChromium()))('Alerts (embedded store, Chromium)', () => {
  let dir: string;
  let server: UiServer;
  let browser: Browser;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owned: OwnedStore;
  /** The alerting evaluator, run on demand in this process against the store the UI reaches. */
  let evaluator: Evaluator;
  let ruleId = '';
  const now = Date.now();

  const post = async (route: string, body: unknown) => {
    const res = await server.fetch(route, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers in a test
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-ui-alerts-'));
    const env: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir };
    [, owned, receiver] = await Promise.all([buildUi(), ownTestStore(env), startReceiver()]);
    await writeAll(owned.store, [seed(now)]);
    await seedTestUsers(owned.store);
    server = await startUi({ ...env });
    evaluator = new Evaluator({
      store: owned.store,
      publicUrl: server.url,
      attemptsPerRun: 1,
      timeoutMs: 5000,
      egress: { allow: ['127.0.0.1'] }, // the test's receiver listens on loopback
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
    await logIn(context, server);
    page = await context.newPage();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await owned?.close();
    await receiver?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('starts with an empty list and a link in the navigation', async () => {
    await page.goto(`${server.url}/alerts`);
    await expect.poll(() => page.getByTestId('no-rules').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('.app-header nav a', { hasText: 'Alerts' }).getAttribute('href')).toBe('/alerts');
  });

  it('creates a count rule in the form, with inline KQL errors and a live preview', async () => {
    await page.getByTestId('new-rule').click();
    await page.waitForURL('**/alerts/new');
    await page.getByTestId('rule-name').fill('Checkout errors');
    await page.getByTestId('rule-query').fill('log.level:(');
    await expect.poll(() => page.getByTestId('kql-error').isVisible()).toBe(true);
    expect(await page.getByTestId('kql-error').textContent()).toMatch(/\^.*column 12/s);
    await page.getByTestId('rule-query').fill('log.level:error');
    await expect.poll(() => page.getByTestId('kql-error').count()).toBe(0);
    await page.getByTestId('rule-window').fill('5m');
    await page.getByTestId('comparator').selectOption('>');
    await page.getByTestId('threshold').fill('10');
    await page.getByTestId('add-webhook').click();
    await page.getByTestId('action-url').fill('not a url');
    await expect.poll(() => page.getByTestId('error-actions.0.url').textContent()).toBe('not a valid URL');
    await page.getByTestId('action-url').fill(receiver.url);
    await expect.poll(() => page.getByTestId('error-actions.0.url').count()).toBe(0);

    const chart = page.getByTestId('preview-chart');
    await expect
      .poll(async () => Number((await chart.getAttribute('data-points')) || 0), { timeout: 30_000 })
      .toBeGreaterThan(100);
    await expect.poll(() => chart.getAttribute('data-loading')).toBe('0');
    expect(await chart.locator('.recharts-line').count()).toBe(1);
    expect(await chart.locator('.recharts-reference-line').count()).toBe(1);
    // the incident six hours ago breaches > 10
    expect(Number(await chart.getAttribute('data-breaches'))).toBeGreaterThan(0);
    expect(await page.getByTestId('preview-summary').textContent()).toContain('threshold > 10');

    // the preview follows the form: a higher threshold, no breach
    await page.getByTestId('threshold').fill('1000');
    await expect.poll(() => chart.getAttribute('data-breaches'), { timeout: 20_000 }).toBe('0');
    await page.getByTestId('threshold').fill('10');
    await expect.poll(() => chart.getAttribute('data-breaches'), { timeout: 20_000 }).not.toBe('0');
    await page.screenshot({ path: screenshotPath('alerts-editor'), fullPage: true });

    await page.getByTestId('save-rule').click();
    await page.waitForURL(/\/alerts\/checkout-errors-[0-9a-f]{6}$/, { timeout: 20_000 });
    ruleId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await expect.poll(() => page.getByTestId('rule-title').textContent(), { timeout: 20_000 }).toBe('Checkout errors');
    expect(await page.getByTestId('rule-status').getAttribute('data-status')).toBe('ok');
    // The history loads on its own, after the rule.
    await expect.poll(() => page.getByTestId('history-empty').count(), { timeout: 10_000 }).toBe(1);
  });

  it('answers an invalid rule with 400 and the issues per field', async () => {
    const res = await post('/api/alerts/rules', {
      name: 'Bad',
      query: 'log.level:(',
      condition: { type: 'count', comparator: 'between', threshold: 3 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INPUT_INVALID');
    const paths = (res.body.error.details.issues as Array<{ path: string }>).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['query', 'condition.threshold']));
  });

  it('fires on an error spike: exactly one webhook, then the list and the history show it', async () => {
    const slot = Math.floor(Date.now() / MINUTE) * MINUTE;
    // a quiet run first (the previous slot), so the rule goes ok → firing
    const quiet = await evaluator.evaluate(slot - MINUTE + 1000);
    expect(quiet).toMatchObject({ evaluated: 1, errors: 0, notifications: 0 });

    expect(await writeAll(owned.store, [spike(slot)])).toBe(15);
    const fired = await evaluator.evaluate(slot + 1000);
    expect(fired).toMatchObject({ evaluated: 1, errors: 0, notifications: 1 });
    await expect.poll(() => receiver.deliveries.length, { timeout: 15_000 }).toBe(1);
    // the same slot again: nothing is due, nothing is sent again
    const again = await evaluator.evaluate(slot + 2000);
    expect(again).toMatchObject({ evaluated: 0, notifications: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.deliveries.length).toBe(1);

    const delivery = receiver.deliveries[0] as Delivery;
    expect(delivery.body).toMatchObject({
      rule: { name: 'Checkout errors', query: 'log.level:error' },
      transition: 'firing',
      state: 'firing',
      window: { from: new Date(slot - 5 * MINUTE).toISOString(), to: new Date(slot).toISOString() },
    });
    expect(delivery.body.value).toBeGreaterThan(10);
    expect(delivery.headers['idempotency-key']).toBe(delivery.body.id);
    expect(delivery.body.link).toContain('/discover?q=log.level');

    await page.goto(`${server.url}/alerts`);
    const row = page.locator(`[data-testid=rule-row][data-rule-id="${ruleId}"]`);
    await expect
      .poll(() => row.getByTestId('rule-status').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('firing');
    expect(await row.getByTestId('last-run').textContent()).not.toBe('never');
    expect(await page.getByTestId('rules-summary').textContent()).toContain('1 firing');
    await page.screenshot({ path: screenshotPath('alerts-list') });

    await page.goto(`${server.url}/alerts/${encodeURIComponent(ruleId)}#history`);
    const entries = page.getByTestId('history-entry');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(3);
    // newest first: the notification, then the firing evaluation, then the quiet one
    expect(await entries.nth(0).getAttribute('data-kind')).toBe('notification');
    expect(await entries.nth(0).getByTestId('history-title').textContent()).toBe(
      'Firing notification via webhook (webhook-0) sent',
    );
    expect(await entries.nth(1).getAttribute('data-kind')).toBe('evaluation');
    expect(await entries.nth(1).getByTestId('history-title').textContent()).toContain('firing');
    expect(await entries.nth(2).getByTestId('history-title').textContent()).toBe('Evaluated count: ok');
    expect(await page.getByTestId('rule-status').getAttribute('data-status')).toBe('firing');
    await page.getByTestId('history').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('alerts-history'), fullPage: true });
  });

  it('links to Discover with the rule query and the evaluated window', async () => {
    const value = (receiver.deliveries[0] as Delivery).body.value;
    await page.getByTestId('discover-link').first().click();
    await page.waitForURL('**/discover?**');
    const params = new URL(page.url()).searchParams;
    expect(params.get('q')).toBe('log.level:error');
    expect(params.get('from')).toMatch(/^\d{4}-\d\d-\d\dT/);
    const hits = page.getByTestId('hit-count');
    await expect.poll(() => hits.textContent(), { timeout: 20_000 }).toMatch(/\d+ hits?/);
    expect(Number(((await hits.textContent()) ?? '').replace(/[^\d]/g, ''))).toBe(value);
  });

  it('mutes and snoozes a rule from the list', async () => {
    await page.goto(`${server.url}/alerts`);
    const row = page.locator(`[data-testid=rule-row][data-rule-id="${ruleId}"]`);
    await row.getByTestId('mute-toggle').click();
    await expect.poll(() => row.getByTestId('mute-toggle').isChecked(), { timeout: 10_000 }).toBe(true);
    await row.getByTestId('snooze-select').selectOption({ label: 'for 1 hour' });
    await expect.poll(() => row.getByTestId('unsnooze').count(), { timeout: 10_000 }).toBe(1);
    const res = await server.fetch(`/api/alerts/rules/${encodeURIComponent(ruleId)}`);
    const { rule } = (await res.json()) as { rule: { muted: boolean; snoozedUntil?: string } };
    expect(rule.muted).toBe(true);
    expect(Date.parse(rule.snoozedUntil ?? '')).toBeGreaterThan(Date.now() + 50 * MINUTE);
    await row.getByTestId('unsnooze').click();
    await expect.poll(() => row.getByTestId('snooze-select').count(), { timeout: 10_000 }).toBe(1);
  });
});
