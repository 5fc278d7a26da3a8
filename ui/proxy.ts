/**
 * The UI server's gate (Next 16 "proxy", the successor of middleware; Node.js runtime): every
 * page and API request passes here first.
 *
 * 1. Host: refused (421) unless it names this server (lib/server/guard.ts `hostAllowed`).
 * 2. CSRF: a mutating request with ambient credentials must be same-origin JSON (`csrfRefusal`).
 * 3. API: a path or method that lib/server/policy.ts does not declare is refused here (404 / 405);
 *    the route's own wrapper (lib/server/route.ts) authenticates and checks the policy.
 * 4. Pages: a visitor without a valid session is sent to `/login?next=<path>`; one whose roles lack
 *    the page's privilege gets 403.
 * 5. Security headers on every answer.
 *
 * Next buffers a request body for a proxy (next.config.ts caps that at twice MAX_BODY_BYTES, so a
 * route still sees that a cut chunked body was over the cap); a declared Content-Length over the cap
 * is refused here, before anything is read.
 */
import type { Principal } from '@driftwood/core';
import { type NextRequest, NextResponse } from 'next/server';
import { uiSecurityConfig } from './lib/server/config.ts';
import {
  bodyTooLarge,
  csrfRefusal,
  hostAllowed,
  type Refusal,
  readCookie,
  requestProtocol,
  SECURITY_HEADERS,
  SESSION_COOKIE_NAME,
} from './lib/server/guard.ts';
import { apiPolicy, pagePolicy } from './lib/server/policy.ts';
import { getSecurity } from './lib/server/security.ts';

function withHeaders<R extends Response>(res: R): R {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
  return res;
}

function refuse(api: boolean, refusal: Refusal): Response {
  const headers = { 'cache-control': 'no-store' };
  const res = api
    ? Response.json({ error: { code: refusal.code, message: refusal.message } }, { status: refusal.status, headers })
    : new Response(`${refusal.message}\n`, {
        status: refusal.status,
        headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
      });
  return withHeaders(res);
}

export async function proxy(request: NextRequest): Promise<Response> {
  const config = uiSecurityConfig();
  const { pathname, search } = request.nextUrl;
  const api = pathname === '/api' || pathname.startsWith('/api/');
  const host = request.headers.get('host');
  if (!hostAllowed(host, config)) {
    return refuse(api, { status: 421, code: 'FORBIDDEN', message: 'this server does not answer to that Host' });
  }
  const origin = `${requestProtocol(request.nextUrl, request.headers, config)}://${host}`;
  const csrf = csrfRefusal({ method: request.method, pathname, headers: request.headers }, origin);
  if (csrf) return refuse(api, csrf);
  const tooLarge = bodyTooLarge(request.headers);
  if (tooLarge) return refuse(api, tooLarge);

  if (api) {
    if (apiPolicy(pathname, request.method) === undefined) {
      const known = apiPolicy(pathname, 'GET') ?? apiPolicy(pathname, 'POST');
      return refuse(true, {
        status: known === undefined ? 404 : 405,
        code: known === undefined ? 'NOT_FOUND' : 'INPUT_INVALID',
        message: known === undefined ? 'no such API route' : `${request.method} is not allowed here`,
      });
    }
    return withHeaders(NextResponse.next());
  }

  const policy = pagePolicy(pathname);
  if (policy !== undefined && policy !== 'public') {
    const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE_NAME);
    let principal: Principal | undefined;
    try {
      principal = token ? await (await getSecurity()).session(token) : undefined;
    } catch {
      return refuse(false, {
        status: 503,
        code: 'STORE_UNAVAILABLE',
        message: 'the store is not reachable; try again',
      });
    }
    if (!principal) {
      const login = new URL('/login', request.nextUrl);
      login.search = new URLSearchParams({ next: `${pathname}${search}` }).toString();
      const res = NextResponse.redirect(login, 303);
      if (token) res.cookies.delete(SESSION_COOKIE_NAME);
      res.headers.set('cache-control', 'no-store');
      return withHeaders(res);
    }
    if (!principal.privileges.includes(policy)) {
      return refuse(false, { status: 403, code: 'FORBIDDEN', message: `this page needs the ${policy} privilege` });
    }
  }
  return withHeaders(NextResponse.next());
}

export const config = {
  // everything but Next's own static files (their headers come from next.config.ts)
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
