import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, sessionCookie } from './session-cookie.ts';

describe('the session cookie', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  it('is HttpOnly, SameSite=Lax, Path=/, and lives until the session’s absolute end', () => {
    const c = sessionCookie(new Request('http://127.0.0.1:3000/api/auth/login'), 'a b', now + 8 * 3_600_000, now);
    expect(c).toBe('driftwood_session=a%20b; Path=/; HttpOnly; SameSite=Lax; Max-Age=28800');
  });
  it('is Secure over https, and not over http whatever an untrusted X-Forwarded-Proto says', () => {
    expect(sessionCookie(new Request('https://logs.example.com/api/auth/login'), 't', now + 1000, now)).toMatch(
      /; Secure$/,
    );
    const forwarded = new Request('http://127.0.0.1:3000/api/auth/login', {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(sessionCookie(forwarded, 't', now + 1000, now)).not.toMatch(/Secure/);
  });
  it('is cleared with Max-Age=0', () => {
    expect(clearedSessionCookie(new Request('http://127.0.0.1/'))).toBe(
      'driftwood_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0',
    );
  });
});
