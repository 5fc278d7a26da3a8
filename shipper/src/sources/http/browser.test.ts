import { describe, expect, it } from 'vitest';
import { checkBrowser } from './browser.ts';

const open = { anonymous: true, loopbackListen: true, allowedOrigins: ['https://app.example.com'] };

describe('checkBrowser', () => {
  it('lets curl-, winston- and device-like requests through', () => {
    expect(checkBrowser({ host: '127.0.0.1:8080', 'content-type': 'text/plain' }, open)).toEqual({
      ok: true,
      cors: {},
    });
    expect(checkBrowser({ host: 'localhost:8080', 'sec-fetch-mode': 'cors' }, open).ok).toBe(true);
  });

  it('refuses an unlisted Origin or a cross-site Sec-Fetch-Site without the api_key (403)', () => {
    expect(checkBrowser({ host: '127.0.0.1:8080', origin: 'https://evil.example' }, open)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkBrowser({ host: '127.0.0.1:8080', 'sec-fetch-site': 'cross-site' }, open)).toMatchObject({
      status: 403,
    });
  });

  it('lets a listed origin in with CORS headers, and keyed requests from anywhere', () => {
    expect(checkBrowser({ host: '127.0.0.1:8080', origin: 'https://app.example.com' }, open)).toEqual({
      ok: true,
      cors: { 'access-control-allow-origin': 'https://app.example.com', vary: 'Origin' },
    });
    const keyed = { ...open, anonymous: false };
    expect(checkBrowser({ host: 'logs.example', origin: 'https://evil.example' }, keyed)).toEqual({
      ok: true,
      cors: {},
    });
  });

  it('refuses a foreign Host (421) only while listening on loopback', () => {
    expect(checkBrowser({ host: 'attacker.example:8080' }, open)).toMatchObject({ ok: false, status: 421 });
    expect(checkBrowser({ host: 'shipper.lan:8080' }, { ...open, loopbackListen: false }).ok).toBe(true);
  });
});
