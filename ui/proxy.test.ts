/**
 * The proxy on API paths (pages need a session store: the role matrix in test/ui covers them on
 * the real server): Host, CSRF, undeclared routes, security headers.
 */
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { proxy } from './proxy.ts';

const call = (path: string, init: { method?: string; headers?: Record<string, string> } = {}) =>
  proxy(
    new NextRequest(`http://127.0.0.1:3000${path}`, {
      method: init.method ?? 'GET',
      headers: { host: '127.0.0.1:3000', ...init.headers },
    }),
  );

describe('the proxy on API requests', () => {
  it('lets a declared route through with the security headers', async () => {
    const res = await call('/api/search');
    expect(res.headers.get('x-middleware-next')).toBe('1');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
  it('refuses a foreign Host with 421 as JSON', async () => {
    const res = await call('/api/search', { headers: { host: 'rebound.evil.example:3000' } });
    expect(res.status).toBe(421);
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
  it('refuses cross-site cookie writes and non-JSON writes before any route runs', async () => {
    const cookie = { cookie: 'driftwood_session=x', 'content-type': 'application/json' };
    expect(
      (await call('/api/saved-searches', { method: 'POST', headers: { ...cookie, origin: 'http://evil' } })).status,
    ).toBe(403);
    const form = await call('/api/saved-searches', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://127.0.0.1:3000' },
    });
    expect(form.status).toBe(415);
    const same = await call('/api/saved-searches', {
      method: 'POST',
      headers: { ...cookie, origin: 'http://127.0.0.1:3000' },
    });
    expect(same.headers.get('x-middleware-next')).toBe('1');
  });
  it('refuses a declared body over the cap before reading it (413)', async () => {
    const res = await call('/api/saved-searches', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(2 << 20) },
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });
  it('refuses undeclared routes (404) and methods (405)', async () => {
    expect((await call('/api/not-a-route')).status).toBe(404);
    const wrong = await call('/api/search', { method: 'DELETE', headers: { 'content-type': 'application/json' } });
    expect(wrong.status).toBe(405);
  });
});
