import { describe, expect, it } from 'vitest';
import {
  alertsAvailable,
  allowed,
  deniedReason,
  loginFailureMessage,
  loginHref,
  type Me,
  readOnlyNote,
  retryIn,
  safeNext,
  sessionLost,
} from './session.ts';

const viewer: Me = { username: 'vera', roles: ['viewer'], privileges: ['read'] };
const editor: Me = { username: 'ed', roles: ['editor'], privileges: ['read', 'write'] };

describe('safeNext', () => {
  it('keeps a path on this site with its query and hash', () => {
    expect(safeNext('/discover')).toBe('/discover');
    expect(safeNext('/discover?q=a%20b&from=now-15m#x')).toBe('/discover?q=a%20b&from=now-15m#x');
    expect(safeNext('/alerts/abc')).toBe('/alerts/abc');
    // percent-encoded characters stay encoded: a path, never a header
    expect(safeNext('/%0d%0aSet-Cookie:x')).toBe('/%0d%0aSet-Cookie:x');
  });
  it('sends anything else to Discover', () => {
    for (const bad of [
      null,
      undefined,
      '',
      'discover',
      '//evil.example/x',
      '/\\evil.example',
      '/\\/evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/a\nb',
      '/a\tb',
      '/login',
      '/login?next=/discover',
      `/${'a'.repeat(3000)}`,
    ])
      expect(safeNext(bad), String(bad)).toBe('/discover');
  });
});

describe('loginHref', () => {
  it('carries the current path as next', () => {
    expect(loginHref('/discover?q=error')).toBe('/login?next=%2Fdiscover%3Fq%3Derror');
    expect(loginHref('/')).toBe('/login');
    expect(loginHref('/discover')).toBe('/login');
    expect(loginHref('//evil.example')).toBe('/login');
  });
});

describe('sessionLost', () => {
  it('is a 401 from any API call but the login call, on any page but the login page', () => {
    expect(sessionLost(401, '/api/search?q=x', '/discover')).toBe(true);
    expect(sessionLost(401, 'http://127.0.0.1:3000/api/export?f=csv', '/discover')).toBe(true);
    expect(sessionLost(401, '/api/auth/me', '/alerts')).toBe(true);
    expect(sessionLost(401, '/api/auth/login', '/discover')).toBe(false);
    expect(sessionLost(401, '/api/auth/me', '/login')).toBe(false);
    expect(sessionLost(403, '/api/saved-searches', '/discover')).toBe(false);
    expect(sessionLost(500, '/api/search', '/discover')).toBe(false);
  });
});

describe('privileges', () => {
  it('allows what the privileges name, nothing before /api/auth/me answered', () => {
    expect(allowed(editor, 'write')).toBe(true);
    expect(allowed(viewer, 'write')).toBe(false);
    expect(allowed(undefined, 'read')).toBe(false);
  });
  it('says why a control is disabled', () => {
    expect(deniedReason(editor, 'write')).toBeUndefined();
    expect(deniedReason(viewer, 'write')).toBe(
      'Your role (viewer) can only read here; this needs the editor or admin role.',
    );
    expect(deniedReason(editor, 'admin')).toContain('needs the admin role');
    expect(deniedReason({ username: 'n', roles: [], privileges: [] }, 'write')).toContain('(no role)');
    expect(deniedReason(undefined, 'write')).toBe('Checking what you may do…');
  });
  it('says in one line why a view is read-only', () => {
    expect(readOnlyNote(viewer, 'alert rules')).toBe('Read-only: your role (viewer) cannot change alert rules.');
    expect(readOnlyNote({ username: 'n', roles: [], privileges: [] }, 'alert rules')).toBe(
      'Read-only: your role (no role) cannot change alert rules.',
    );
  });
  it('offers alert rules only to a reader whose reads are not filtered', () => {
    expect(alertsAvailable(viewer)).toBe(true);
    expect(alertsAvailable(editor)).toBe(true);
    expect(alertsAvailable({ ...viewer, filtered: false })).toBe(true);
    expect(alertsAvailable({ ...viewer, filtered: true })).toBe(false);
    expect(alertsAvailable({ username: 'i', roles: ['ingest'], privileges: ['ingest'] })).toBe(false);
    expect(alertsAvailable(undefined)).toBe(false);
  });
});

describe('loginFailureMessage', () => {
  it('names each failure a user can act on', () => {
    expect(loginFailureMessage({ code: 'UNAUTHORIZED', status: 401 })).toBe('Wrong username or password.');
    expect(loginFailureMessage({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 90 } })).toBe(
      'Too many failed attempts. Try again in 1 minute 30 seconds.',
    );
    expect(loginFailureMessage({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 0.2 } })).toBe(
      'Too many failed attempts. Try again in 1 second.',
    );
    expect(loginFailureMessage({ code: 'RATE_LIMITED', status: 429 })).toBe(
      'Too many failed attempts. Try again in a while.',
    );
    expect(loginFailureMessage({ code: 'NETWORK', status: 0 })).toMatch(/Cannot reach the Driftwood server/);
    expect(loginFailureMessage({ code: 'STORE_UNAVAILABLE', status: 503 })).toMatch(/log store is not answering/);
    expect(loginFailureMessage({ code: 'INTERNAL', status: 500, message: 'boom' })).toBe(
      'The server could not sign you in (HTTP 500: boom). Try again in a moment.',
    );
  });
  it('writes waits in minutes and seconds', () => {
    expect(retryIn(0)).toBe('in 0 seconds');
    expect(retryIn(1)).toBe('in 1 second');
    expect(retryIn(60)).toBe('in 1 minute');
    expect(retryIn(125)).toBe('in 2 minutes 5 seconds');
  });
});
