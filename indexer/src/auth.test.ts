import { createEmbeddedStore, type LogStore, SecurityService } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccess, STATIC_KEY_PRINCIPAL, staticKeyMatcher, unauthorizedBody } from './auth.ts';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('static keys', () => {
  it('match nothing without keys', () => {
    expect(staticKeyMatcher([])({ authorization: 'ApiKey anything' })).toBe(false);
  });

  it('accept ApiKey (plain or base64), Bearer and x-api-key; refuse the rest', () => {
    const ok = staticKeyMatcher(['id1:secret-one', 'k2-abcdefgh']);
    expect(ok({ authorization: 'ApiKey id1:secret-one' })).toBe(true);
    expect(ok({ authorization: `ApiKey ${Buffer.from('id1:secret-one').toString('base64')}` })).toBe(true);
    expect(ok({ authorization: 'apikey k2-abcdefgh' })).toBe(true);
    expect(ok({ authorization: 'Bearer k2-abcdefgh' })).toBe(true);
    expect(ok({ 'x-api-key': 'k2-abcdefgh' })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ authorization: 'ApiKey k2-abcdefgX' })).toBe(false);
    expect(ok({ authorization: 'Basic dXNlcjpwYXNz' })).toBe(false);
    expect(ok({ 'x-api-key': '' })).toBe(false);
  });
});

describe('access with the security service', () => {
  let store: LogStore;
  let security: SecurityService;
  let ingestKey: string;
  let viewerKey: string;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    security = await SecurityService.open(store);
    ingestKey = (await security.createApiKey({ name: 'shipper', roles: ['ingest'] })).encoded;
    viewerKey = (await security.createApiKey({ name: 'reader', roles: ['viewer'] })).encoded;
    await security.addUser({ username: 'ana', password: 'ana-password-1', roles: ['admin'] });
    await security.addUser({ username: 'vic', password: 'vic-password-1', roles: ['viewer'] });
  });
  afterAll(async () => {
    await store.close();
  });

  const access = (mode: 'required' | 'loopback_open', staticKeys: string[] = []) =>
    createAccess({ mode, staticKeys, authenticator: async () => security });

  it('required: an ingest key or an admin user may write; no credentials is 401 naming the path', async () => {
    const check = access('required');
    const key = await check({ authorization: `ApiKey ${ingestKey}` }, '/_bulk', 'ingest');
    expect(key).toMatchObject({ ok: true, principal: { kind: 'api_key', roles: ['ingest'] } });
    const user = await check({ authorization: basic('ana', 'ana-password-1') }, '/_bulk', 'ingest');
    expect(user).toMatchObject({ ok: true, principal: { kind: 'user', name: 'ana' } });
    const none = await check({}, '/_bulk', 'ingest');
    expect(none.ok).toBe(false);
    if (none.ok) return;
    expect(none.refusal.status).toBe(401);
    expect(none.refusal.headers['www-authenticate']).toMatch(/ApiKey/);
    expect(none.refusal.body).toEqual(unauthorizedBody('/_bulk', false));
  });

  it('a principal without ingest gets 403 security_exception; it may still read setup endpoints', async () => {
    const check = access('required');
    for (const authorization of [`ApiKey ${viewerKey}`, basic('vic', 'vic-password-1')]) {
      const denied = await check({ authorization }, '/_bulk', 'ingest');
      expect(denied.ok).toBe(false);
      if (denied.ok) continue;
      expect(denied.refusal.status).toBe(403);
      expect(denied.refusal.body).toMatchObject({
        error: { type: 'security_exception', reason: expect.stringMatching(/privileges \[ingest\]/) },
        status: 403,
      });
      expect((await check({ authorization }, '/', 'authenticated')).ok).toBe(true);
    }
  });

  it('wrong, malformed, revoked and unknown credentials are 401 in every mode', async () => {
    const revoked = await security.createApiKey({ name: 'old', roles: ['ingest'] });
    await security.revokeApiKey(revoked.id);
    const [id] = Buffer.from(ingestKey, 'base64').toString().split(':');
    const bad = [
      `ApiKey ${Buffer.from(`${id}:wrong-secret`).toString('base64')}`,
      `ApiKey ${revoked.encoded}`,
      'ApiKey !!!not-base64',
      basic('ana', 'not-her-password'),
      'Negotiate abc',
    ];
    for (const mode of ['required', 'loopback_open'] as const) {
      for (const authorization of bad) {
        const r = await access(mode)({ authorization }, '/_bulk', 'ingest');
        expect(r.ok ? 200 : r.refusal.status, `${mode} ${authorization}`).toBe(401);
      }
      const x = await access(mode)({ 'x-api-key': 'not-a-configured-key' }, '/ingest', 'ingest');
      expect(x.ok).toBe(false);
    }
  });

  it('loopback_open lets anonymous requests in, and still checks privileges of those that sign in', async () => {
    const check = access('loopback_open');
    expect(await check({}, '/_bulk', 'ingest')).toEqual({ ok: true, principal: undefined });
    const viewer = await check({ authorization: `ApiKey ${viewerKey}` }, '/_bulk', 'ingest');
    expect(viewer.ok ? 200 : viewer.refusal.status).toBe(403);
  });

  it('static keys act as ingest keys beside the security service', async () => {
    const check = access('required', ['static-key-123']);
    expect(await check({ 'x-api-key': 'static-key-123' }, '/_bulk', 'ingest')).toEqual({
      ok: true,
      principal: STATIC_KEY_PRINCIPAL,
    });
    expect((await check({ authorization: `ApiKey ${ingestKey}` }, '/_bulk', 'ingest')).ok).toBe(true);
  });
});
