/**
 * The wrapper every API route handler is exported through:
 *
 *   export const GET = route('read', async (request, ctx) => json(await ctx.store.count({})));
 *
 * It finds the principal (the session cookie, else `Authorization: Basic | ApiKey`), answers 401
 * UNAUTHORIZED without one (and for a stale session or wrong credentials) and 403 FORBIDDEN when
 * it lacks the policy's privilege, then calls the handler with:
 *
 * - `ctx.principal` (undefined only on a `public` route),
 * - `ctx.store`: the store as the principal reads it (restrictStore with its readFilter), for
 *   every read of events,
 * - `ctx.plainStore`: the store itself, for saved objects (rules, saved searches) and writes,
 * - `ctx.security`, `ctx.params`, `ctx.address`.
 *
 * `WWW-Authenticate: Basic` goes only to clients that are not browsers (no `Sec-Fetch-Mode`), so a
 * page's fetch never pops the browser's password dialog. Every throw becomes a JSON error answer.
 * The policy is kept on the handler (`policyOf`) so policy.test.ts can check it against policy.ts.
 */
import { DriftwoodError, NOT_AUDIT_FILTER, type Policy, type Principal } from '@driftwood/core';
import { type LogStore, restrictStore, type SecurityService } from '@driftwood/store';
import { uiSecurityConfig } from './config.ts';
import { readCookie, SESSION_COOKIE_NAME } from './guard.ts';
import { observeRequest } from './metrics.ts';
import { errorResponse } from './respond.ts';
import { getSecurity } from './security.ts';
import { getStore } from './store.ts';

export interface RouteContext<P> {
  principal: Principal | undefined;
  /** Reads: filtered by the principal's read filter. */
  store: LogStore;
  /** Saved objects and writes: the store itself. */
  plainStore: LogStore;
  security: SecurityService;
  params: P;
  /** The client address when a trusted proxy forwards it. */
  address: string | undefined;
}

/** A route's context once its policy admits a principal. */
export interface AuthedContext<P> extends RouteContext<P> {
  principal: Principal;
}

const POLICY: unique symbol = Symbol.for('driftwood.route.policy');
const UNFILTERED: unique symbol = Symbol.for('driftwood.route.unfiltered');

type NextContext<P> = { params: Promise<P> };

export type RouteHandler<P> = ((request: Request, context?: NextContext<P>) => Promise<Response>) & {
  readonly [POLICY]: Policy;
  readonly [UNFILTERED]: boolean;
};

export interface RouteOptions {
  /**
   * The answer is computed over every document (see UNFILTERED_ROUTES in policy.ts): refused (403)
   * to a principal whose roles filter what it reads.
   */
  unfiltered?: boolean;
}

/** Whether the principal's roles limit the documents it reads (beyond hiding the audit trail). */
export function filtersDocuments(principal: Principal): boolean {
  return principal.readFilter !== undefined && principal.readFilter !== NOT_AUDIT_FILTER;
}

/** The policy a handler was wrapped with; undefined for one that was not wrapped. */
export function policyOf(handler: unknown): Policy | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as Partial<RouteHandler<unknown>>)[POLICY];
}

/** Whether a handler was wrapped with `{ unfiltered: true }`. */
export function isUnfiltered(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as Partial<RouteHandler<unknown>>)[UNFILTERED] === true;
}

/** The client address: only a trusted proxy's X-Forwarded-For (Next does not expose the socket). */
export function clientAddress(headers: Headers): string | undefined {
  if (!uiSecurityConfig().trustProxy) return undefined;
  const first = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return first && first.length <= 64 ? first : undefined;
}

/** The principal of a request: its session cookie, else its Authorization header, else none. */
export async function principalOf(
  request: Request,
  security: SecurityService,
  address: string | undefined,
): Promise<Principal | undefined> {
  const token = readCookie(request.headers.get('cookie'), SESSION_COOKIE_NAME);
  const authorization = request.headers.get('authorization') ?? undefined;
  if (token !== undefined && token !== '') {
    const principal = await security.session(token);
    if (principal) return principal;
    // a stale cookie with valid credentials beside it: the credentials speak
    if (authorization === undefined) throw new DriftwoodError('UNAUTHORIZED', 'the session has expired; log in again');
  }
  return await security.authenticate(authorization, address ? { address } : {});
}

function unauthorized(request: Request, error: unknown): Response {
  const res = errorResponse(error);
  if (res.status === 401 && !request.headers.has('sec-fetch-mode')) {
    res.headers.set('www-authenticate', 'Basic realm="driftwood", charset="UTF-8"');
  }
  return res;
}

export function route<P = Record<string, never>>(
  policy: 'public',
  handler: (request: Request, ctx: RouteContext<P>) => Promise<Response>,
): RouteHandler<P>;
export function route<P = Record<string, never>>(
  policy: Exclude<Policy, 'public'>,
  handler: (request: Request, ctx: AuthedContext<P>) => Promise<Response>,
  options?: RouteOptions,
): RouteHandler<P>;
export function route<P>(
  policy: Policy,
  handler: (request: Request, ctx: AuthedContext<P>) => Promise<Response>,
  options: RouteOptions = {},
): RouteHandler<P> {
  const unfiltered = options.unfiltered === true;
  const answer = async (request: Request, context?: NextContext<P>): Promise<Response> => {
    let ctx: RouteContext<P>;
    try {
      const [security, plainStore] = await Promise.all([getSecurity(), getStore()]);
      const address = clientAddress(request.headers);
      let principal: Principal | undefined;
      try {
        principal = await principalOf(request, security, address);
      } catch (error) {
        // a public route still answers a visitor whose cookie went stale (login, logout, me)
        if (policy !== 'public') return unauthorized(request, error);
      }
      if (policy !== 'public') {
        if (!principal) {
          return unauthorized(request, new DriftwoodError('UNAUTHORIZED', 'log in or send credentials'));
        }
        if (!principal.privileges.includes(policy)) {
          throw new DriftwoodError('FORBIDDEN', `this needs the ${policy} privilege`);
        }
        if (unfiltered && filtersDocuments(principal)) {
          throw new DriftwoodError(
            'FORBIDDEN',
            'alert rules are evaluated over all documents; a role with a read filter cannot use them',
          );
        }
      }
      ctx = {
        principal,
        store: restrictStore(plainStore, principal?.readFilter),
        plainStore,
        security,
        params: ((await context?.params) ?? {}) as P,
        address,
      };
    } catch (error) {
      return errorResponse(error);
    }
    try {
      return await handler(request, ctx as AuthedContext<P>);
    } catch (error) {
      return errorResponse(error);
    }
  };
  const wrapped = async (request: Request, context?: NextContext<P>): Promise<Response> => {
    const started = performance.now();
    const response = await answer(request, context);
    observeRequest(request, response.status, (performance.now() - started) / 1000);
    return response;
  };
  return Object.assign(wrapped, { [POLICY]: policy, [UNFILTERED]: unfiltered }) as RouteHandler<P>;
}

/**
 * Writes an audit event for a change or an export; a refused audit write is logged, not thrown
 * (the change it records has happened).
 */
export async function audit(
  ctx: RouteContext<unknown>,
  action: string,
  target: string | undefined,
  details?: Record<string, unknown>,
): Promise<void> {
  try {
    await ctx.security.audit({
      action,
      outcome: 'success',
      ...(ctx.principal ? { principal: ctx.principal } : {}),
      ...(target !== undefined ? { target } : {}),
      ...(ctx.address ? { address: ctx.address } : {}),
      ...(details ? { details } : {}),
    });
  } catch (error) {
    console.error('[ui api] audit event not written:', action, (error as Error).message);
  }
}
