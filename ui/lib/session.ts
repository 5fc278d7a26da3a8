/**
 * The browser's view of the signed-in user, as pure functions: who `GET /api/auth/me` says is
 * signed in, what they may do, where an expired session sends them and where a login sends them
 * back to. The React side is lib/use-me.ts; the server side is lib/server/ and ui/proxy.ts.
 */
import type { Privilege } from '@driftwood/core';
import { safeNext as sitePath } from './server/guard.ts';

export const LOGIN_PATH = '/login';
/** Where a login goes when it has no (safe) page to go back to. */
export const HOME_PATH = '/discover';
export const ME_PATH = '/api/auth/me';
export const LOGIN_API_PATH = '/api/auth/login';
export const LOGOUT_API_PATH = '/api/auth/logout';

/** What `GET /api/auth/me` answers for a signed-in principal. */
export interface Me {
  username: string;
  roles: string[];
  privileges: Privilege[];
  /**
   * Whether its roles filter what it reads (document-level security): such a user is refused the
   * alert rules, which are evaluated over every document. Absent from an older server: false.
   */
  filtered?: boolean;
}

/** Whether `me` may use alert rules (read them at least): not a user whose reads are filtered. */
export function alertsAvailable(me: Me | undefined): boolean {
  return me !== undefined && me.filtered !== true && allowed(me, 'read');
}

/** Whether `me` holds `privilege` (nobody does before /api/auth/me has answered). */
export function allowed(me: Me | undefined, privilege: Privilege): boolean {
  return me?.privileges.includes(privilege) === true;
}

/**
 * Why a control that needs `privilege` is disabled, for its `title`; undefined when `me` may use
 * it. Before /api/auth/me answers, the control waits (disabled) without a reason to show.
 */
export function deniedReason(me: Me | undefined, privilege: Privilege): string | undefined {
  if (me === undefined) return 'Checking what you may do…';
  if (allowed(me, privilege)) return undefined;
  const roles = me.roles.length > 0 ? me.roles.join(', ') : 'no role';
  const needs = privilege === 'admin' ? 'the admin role' : 'the editor or admin role';
  return `Your role (${roles}) can only read here; this needs ${needs}.`;
}

/** The one line a read-only view shows: `Read-only: your role (viewer) cannot change alert rules.` */
export function readOnlyNote(me: Me, what: string): string {
  const roles = me.roles.length > 0 ? me.roles.join(', ') : 'no role';
  return `Read-only: your role (${roles}) cannot change ${what}.`;
}

/**
 * Where a login may send the user back to: a path on this site (the server's own check,
 * lib/server/guard.ts, which refuses `//evil.example`, `/\\evil`, schemes and control characters),
 * and never the login page itself; otherwise Discover.
 */
export function safeNext(next: string | null | undefined): string {
  const path = sitePath(next);
  return path.split(/[?#]/)[0] === LOGIN_PATH ? HOME_PATH : path;
}

/** The login page that sends the user back to `current` (a path with its query) afterwards. */
export function loginHref(current: string): string {
  const next = safeNext(current);
  return next === HOME_PATH || next === '/' ? LOGIN_PATH : `${LOGIN_PATH}?next=${encodeURIComponent(next)}`;
}

/**
 * Whether a 401 from `requestPath`, seen on the page at `pagePath`, means the session is gone and
 * the page should go to the login page: not on the login page itself, and not the login call
 * (whose 401 is a wrong password).
 */
export function sessionLost(status: number, requestPath: string, pagePath: string): boolean {
  if (status !== 401 || pagePath === LOGIN_PATH) return false;
  const path = requestPath.split(/[?#]/)[0] ?? '';
  return !path.endsWith(LOGIN_API_PATH);
}

let leaving = false;

/**
 * Sends the browser to the login page, coming back to where it is now (no-op outside a browser).
 * Once per page: the page's other calls failing at the same moment do not start the navigation again.
 */
export function goToLogin(): void {
  if (typeof window === 'undefined' || leaving) return;
  leaving = true;
  const { pathname, search, hash } = window.location;
  window.location.assign(loginHref(`${pathname}${search}${hash}`));
}

/** After a 401 from `requestPath`: to the login page when the session is gone (browser only). */
export function onUnauthorized(status: number, requestPath: string): void {
  if (typeof window === 'undefined') return;
  if (sessionLost(status, requestPath, window.location.pathname)) goToLogin();
}

/** The message the login form shows for a failed login. */
export function loginFailureMessage(error: {
  code: string;
  status: number;
  message?: string;
  details?: Record<string, unknown>;
}): string {
  if (error.code === 'RATE_LIMITED' || error.status === 429) {
    const seconds = Number(error.details?.retryAfterSeconds);
    const wait = Number.isFinite(seconds) && seconds > 0 ? retryIn(Math.ceil(seconds)) : 'in a while';
    return `Too many failed attempts. Try again ${wait}.`;
  }
  if (error.code === 'UNAUTHORIZED' || error.status === 401) return 'Wrong username or password.';
  if (error.code === 'INPUT_INVALID' || error.status === 400) return 'Enter a username and a password.';
  if (error.code === 'NETWORK' || error.status === 0)
    return 'Cannot reach the Driftwood server. Is it running? Try again in a moment.';
  if (error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_TIMEOUT' || error.code === 'ENGINE_UNAVAILABLE')
    return 'The log store is not answering, so your password cannot be checked. Try again in a moment.';
  const said = error.message ? `: ${error.message}` : '';
  return `The server could not sign you in (HTTP ${error.status}${said}). Try again in a moment.`;
}

/** `in 1 minute 5 seconds`, `in 30 seconds`. */
export function retryIn(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  const parts: string[] = [];
  if (m > 0) parts.push(`${m} ${m === 1 ? 'minute' : 'minutes'}`);
  if (s > 0 || m === 0) parts.push(`${s} ${s === 1 ? 'second' : 'seconds'}`);
  return `in ${parts.join(' ')}`;
}
