/**
 * The session cookie: HttpOnly (no script reads it), Path=/, SameSite=Lax, Secure when the request
 * came over HTTPS (directly, or through a proxy trusted by DRIFTWOOD_TRUST_PROXY).
 *
 * Lax, not Strict: a link into the app from elsewhere (an alert's link in Slack or an email) opens
 * logged in; Strict would send the user to /login although they have a session. Lax still keeps
 * the cookie off every cross-site subrequest and cross-site POST, and the CSRF defence does not
 * rest on it: every mutating request must be same-origin JSON (guard.ts), and GETs change nothing.
 */
import { uiSecurityConfig } from './config.ts';
import { requestProtocol, SESSION_COOKIE_NAME } from './guard.ts';

function secure(request: Request): boolean {
  return requestProtocol(new URL(request.url), request.headers, uiSecurityConfig()) === 'https';
}

/** Set-Cookie for a new session that ends (at the latest) at `expiresAt` (epoch ms). */
export function sessionCookie(request: Request, token: string, expiresAt: number, now = Date.now()): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - now) / 1000));
  const parts = [`${SESSION_COOKIE_NAME}=${encodeURIComponent(token)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  parts.push(`Max-Age=${maxAge}`);
  if (secure(request)) parts.push('Secure');
  return parts.join('; ');
}

/** Set-Cookie that removes the session cookie. */
export function clearedSessionCookie(request: Request): string {
  const parts = [`${SESSION_COOKIE_NAME}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0'];
  if (secure(request)) parts.push('Secure');
  return parts.join('; ');
}
