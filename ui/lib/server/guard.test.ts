import { describe, expect, it } from 'vitest';
import { readUiSecurityConfig } from './config.ts';
import { csrfRefusal, hostAllowed, readCookie, requestProtocol, safeNext } from './guard.ts';

const config = readUiSecurityConfig({
  PORT: '3000',
  __NEXT_PRIVATE_ORIGIN: 'http://127.0.0.1:3000',
  DRIFTWOOD_PUBLIC_URL: 'https://logs.example.com',
  DRIFTWOOD_ALLOWED_HOSTS: 'driftwood.lan, box:8443',
});
const ORIGIN = 'http://127.0.0.1:3000';

const req = (method: string, headers: Record<string, string>) => ({
  method,
  pathname: '/api/x',
  headers: new Headers(headers),
});
const JSON_TYPE = { 'content-type': 'application/json' };

describe('the Host check', () => {
  it('answers to the bind address, loopback names on its port, the public URL and the allowed hosts', () => {
    for (const host of [
      '127.0.0.1:3000',
      'localhost:3000',
      '[::1]:3000',
      'LOCALHOST:3000',
      'logs.example.com',
      'logs.example.com:443',
      'driftwood.lan',
      'driftwood.lan:9999',
      'box:8443',
    ])
      expect(hostAllowed(host, config), host).toBe(true);
  });
  it('refuses any other name (DNS rebinding), loopback on another port, and no Host', () => {
    for (const host of ['evil.example:3000', 'localhost:3001', '127.0.0.2:3000', 'box:8080', 'logs.example.com:80', ''])
      expect(hostAllowed(host, config), host).toBe(false);
    expect(hostAllowed(null, config)).toBe(false);
  });
  it('without a known port (not under next start) accepts loopback names on any port', () => {
    const bare = readUiSecurityConfig({});
    expect(hostAllowed('localhost:1234', bare)).toBe(true);
    expect(hostAllowed('evil.example', bare)).toBe(false);
  });
  it('trusts X-Forwarded-Proto only when told to', () => {
    const h = new Headers({ 'x-forwarded-proto': 'https' });
    expect(requestProtocol(new URL('http://x/'), h, config)).toBe('http');
    expect(requestProtocol(new URL('http://x/'), h, readUiSecurityConfig({ DRIFTWOOD_TRUST_PROXY: 'true' }))).toBe(
      'https',
    );
    expect(() => readUiSecurityConfig({ DRIFTWOOD_TRUST_PROXY: 'yes' })).toThrow();
  });
});

describe('the CSRF check', () => {
  it('lets reads through whatever their origin', () => {
    expect(csrfRefusal(req('GET', { cookie: 'driftwood_session=t', origin: 'http://evil' }), ORIGIN)).toBeUndefined();
  });
  it('refuses a cookie-carrying write from another origin or site, and one that names no origin', () => {
    const cookie = { cookie: 'driftwood_session=t', ...JSON_TYPE };
    expect(csrfRefusal(req('POST', { ...cookie, origin: 'http://evil.example' }), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('POST', { ...cookie, origin: 'http://127.0.0.1:3001' }), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('DELETE', { ...cookie, 'sec-fetch-site': 'same-site' }), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('PUT', { ...cookie, 'sec-fetch-site': 'cross-site' }), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('PATCH', cookie), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('POST', { ...cookie, origin: ORIGIN }), ORIGIN)).toBeUndefined();
    expect(csrfRefusal(req('POST', { ...cookie, 'sec-fetch-site': 'same-origin' }), ORIGIN)).toBeUndefined();
  });
  it('refuses a write that is not JSON, whatever its credentials (a form posts text/plain)', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = csrfRefusal(req('POST', { 'content-type': type, origin: ORIGIN, cookie: 'a=b' }), ORIGIN);
      expect(r?.status, type).toBe(415);
      expect(csrfRefusal(req('POST', { 'content-type': type, authorization: 'ApiKey abc' }), ORIGIN)?.status).toBe(415);
    }
    expect(csrfRefusal(req('POST', {}), ORIGIN)?.status).toBe(415);
    // a DELETE without a body needs no type, but still the origin
    expect(csrfRefusal(req('DELETE', { cookie: 'a=b', origin: ORIGIN }), ORIGIN)).toBeUndefined();
    expect(csrfRefusal(req('DELETE', { cookie: 'a=b', origin: 'http://evil' }), ORIGIN)?.status).toBe(403);
  });
  it('holds Basic to the origin rule in a browser, lets a script (no browser headers) and ApiKey through', () => {
    const basic = { authorization: 'Basic YTpi', ...JSON_TYPE };
    expect(csrfRefusal(req('POST', { ...basic, origin: 'http://evil' }), ORIGIN)?.status).toBe(403);
    expect(csrfRefusal(req('POST', basic), ORIGIN)).toBeUndefined();
    expect(
      csrfRefusal(req('POST', { authorization: 'ApiKey abc', origin: 'http://evil', ...JSON_TYPE }), ORIGIN),
    ).toBeUndefined();
    // an ApiKey beside a cookie does not lift the cookie's origin rule
    expect(
      csrfRefusal(
        req('POST', { authorization: 'ApiKey abc', cookie: 'a=b', origin: 'http://evil', ...JSON_TYPE }),
        ORIGIN,
      )?.status,
    ).toBe(403);
  });
});

describe('cookies and the login redirect', () => {
  it('reads one cookie of a header', () => {
    expect(readCookie('a=1; driftwood_session=tok%3D; b=2', 'driftwood_session')).toBe('tok=');
    expect(readCookie('a=1', 'driftwood_session')).toBeUndefined();
    expect(readCookie(null, 'driftwood_session')).toBeUndefined();
  });
  it('sends the user back only to a path on this site', () => {
    expect(safeNext('/discover?q=a#x')).toBe('/discover?q=a#x');
    expect(safeNext('/alerts/r1')).toBe('/alerts/r1');
    for (const bad of [
      '//evil.example/',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/\tx',
      '',
    ])
      expect(safeNext(bad), bad).toBe('/discover');
    expect(safeNext(null)).toBe('/discover');
  });
});
