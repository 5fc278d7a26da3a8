/**
 * The route wrapper on a real embedded store and SecurityService: who gets in (session cookie,
 * Basic, ApiKey), 401 / 403 as JSON, WWW-Authenticate only for non-browsers, and the store the
 * handler reads through (the principal's read filter applied).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from './respond.ts';
import { policyOf, route } from './route.ts';
import { getSecurity } from './security.ts';
import { getStore } from './store.ts';

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const get = (headers: Record<string, string> = {}) => new Request('http://127.0.0.1/api/x', { headers });

describe('route(policy, handler)', () => {
  let dir: string;
  let store: LogStore;
  let apiKey = '';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-route-'));
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    const t = Date.now() - 60_000;
    await store.write(
      ['a', 'b', 'b'].map((site, i) => ({ id: `r${i}`, doc: { '@timestamp': new Date(t + i).toISOString(), site } })),
    );
    await store.flush();
    const security = await getSecurity();
    await security.addUser({ username: 'vera', password: 'viewer-password', roles: ['viewer'] });
    await security.putRole({ name: 'only-a', privileges: ['read'], filter: 'site:a' });
    await security.addUser({ username: 'anna', password: 'anna-password', roles: ['only-a'] });
    apiKey = (await security.createApiKey({ name: 'ship', roles: ['ingest'] })).encoded;
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const counting = route('read', async (_request, ctx) =>
    json({ who: ctx.principal.name, count: await ctx.store.count({ query: 'site:*' }) }),
  );

  it('keeps its policy on the handler for the policy test', () => {
    expect(policyOf(counting)).toBe('read');
    expect(policyOf(async () => new Response())).toBeUndefined();
  });

  it('answers 401 without credentials, with WWW-Authenticate for scripts only', async () => {
    const script = await counting(get());
    expect(script.status).toBe(401);
    expect(await script.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(script.headers.get('www-authenticate')).toMatch(/^Basic realm="driftwood"/);
    const browser = await counting(get({ 'sec-fetch-mode': 'cors' }));
    expect(browser.status).toBe(401);
    expect(browser.headers.get('www-authenticate')).toBeNull();
    expect((await counting(get({ authorization: basic('vera', 'wrong-password') }))).status).toBe(401);
    expect((await counting(get({ authorization: 'Bearer x' }))).status).toBe(401);
  });

  it('answers 403 when the principal lacks the privilege', async () => {
    const writing = route('write', async () => json({ ok: true }));
    const res = await writing(get({ authorization: basic('vera', 'viewer-password') }));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await counting(get({ authorization: `ApiKey ${apiKey}` }))).status).toBe(403);
  });

  it('reads through the principal’s read filter; a session cookie works like Basic; a stale cookie is 401', async () => {
    const vera = await counting(get({ authorization: basic('vera', 'viewer-password') }));
    expect(await vera.json()).toEqual({ who: 'vera', count: 3 });
    const anna = await counting(get({ authorization: basic('anna', 'anna-password') }));
    expect(await anna.json()).toEqual({ who: 'anna', count: 1 });
    const { token } = await (await getSecurity()).login('anna', 'anna-password');
    const byCookie = await counting(get({ cookie: `other=1; driftwood_session=${encodeURIComponent(token)}` }));
    expect(await byCookie.json()).toEqual({ who: 'anna', count: 1 });
    const stale = await counting(get({ cookie: 'driftwood_session=not-a-session' }));
    expect(stale.status).toBe(401);
  });

  it('refuses a route computed over all documents to a principal whose roles filter its reads', async () => {
    const rules = route('read', async () => json({ ok: true }), { unfiltered: true });
    expect((await rules(get({ authorization: basic('anna', 'anna-password') }))).status).toBe(403);
    expect((await rules(get({ authorization: basic('vera', 'viewer-password') }))).status).toBe(200);
  });

  it('lets anyone into a public route, with the principal when there is one', async () => {
    const open = route('public', async (_request, ctx) => json({ who: ctx.principal?.name ?? null }));
    expect(await (await open(get())).json()).toEqual({ who: null });
    expect(await (await open(get({ cookie: 'driftwood_session=stale' }))).json()).toEqual({ who: null });
    expect(await (await open(get({ authorization: basic('vera', 'viewer-password') }))).json()).toEqual({
      who: 'vera',
    });
  });

  it('passes the route params and turns a throw into its JSON answer', async () => {
    const withParams = route<{ id: string }>('read', async (_request, ctx) => {
      if (ctx.params.id === 'boom') throw new Error('boom');
      return json({ id: ctx.params.id });
    });
    const auth = { authorization: basic('vera', 'viewer-password') };
    expect(await (await withParams(get(auth), { params: Promise.resolve({ id: 'r1' }) })).json()).toEqual({ id: 'r1' });
    const original = console.error;
    console.error = () => {};
    try {
      const failed = await withParams(get(auth), { params: Promise.resolve({ id: 'boom' }) });
      expect(failed.status).toBe(500);
      expect(await failed.json()).toMatchObject({ error: { code: 'INTERNAL' } });
    } finally {
      console.error = original;
    }
  });
});
