import { describe, expect, it } from 'vitest';
import { refuseAnonymousBrowser } from './browser-guard.ts';

describe('refuseAnonymousBrowser', () => {
  it('lets a shipper-like request with a loopback Host through', () => {
    for (const host of ['127.0.0.1:9280', 'localhost:9280', 'localhost', '[::1]:9280', '127.0.0.2', 'LOCALHOST:1']) {
      expect(refuseAnonymousBrowser({ host, 'content-type': 'application/x-ndjson' }), host).toBeUndefined();
    }
    expect(refuseAnonymousBrowser({})).toBeUndefined();
  });

  it('refuses Origin and Sec-Fetch-* with 403', () => {
    expect(refuseAnonymousBrowser({ host: '127.0.0.1:9280', origin: 'https://evil.example' })?.status).toBe(403);
    expect(refuseAnonymousBrowser({ host: '127.0.0.1:9280', origin: 'null' })?.status).toBe(403);
    const fetchSite = refuseAnonymousBrowser({ host: '127.0.0.1:9280', 'sec-fetch-site': 'cross-site' });
    expect(fetchSite).toMatchObject({ status: 403, type: 'security_exception' });
    expect(fetchSite?.reason).toContain('Sec-Fetch-Site: cross-site');
    expect(refuseAnonymousBrowser({ host: 'localhost', 'sec-fetch-site': 'same-site' })?.status).toBe(403);
    // Node's fetch sends sec-fetch-mode: cors on every request; a user typing the URL is `none`
    expect(refuseAnonymousBrowser({ host: 'localhost', 'sec-fetch-mode': 'cors' })).toBeUndefined();
    expect(refuseAnonymousBrowser({ host: 'localhost', 'sec-fetch-site': 'none' })).toBeUndefined();
  });

  it('refuses a non-loopback Host (DNS rebinding) with 421', () => {
    for (const host of ['attacker.example:9280', '127.0.0.1.evil.example', 'localhost.evil.example:9280', '10.0.0.1']) {
      expect(refuseAnonymousBrowser({ host })?.status, host).toBe(421);
    }
  });
});
