/**
 * The one policy point of the UI server: the Policy (core/src/security/principal.ts) of every page
 * and of every API route and method. Route handlers are wrapped with `route(policy, …)`
 * (route.ts), which enforces it; the proxy (ui/proxy.ts) enforces the page policies.
 * policy.test.ts walks ui/app and fails when a page or route is missing here, or a route's
 * exported method is not wrapped with the policy declared for it.
 *
 * Keys are app paths as the file system names them (`/alerts/[id]`); `pagePolicy` and
 * `apiPolicy` match a request path against them.
 */
import type { Policy } from '@driftwood/core';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export const METHODS: readonly Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every page (`ui/app/**\/page.tsx`). */
export const PAGE_POLICIES: Readonly<Record<string, Policy>> = Object.freeze({
  '/': 'read',
  '/login': 'public',
  '/discover': 'read',
  '/discover/context': 'read',
  '/alerts': 'read',
  '/alerts/new': 'write',
  '/alerts/[id]': 'read',
  '/dashboards': 'read',
  '/dashboards/[id]': 'read',
  '/visualize': 'read',
  '/visualize/new': 'write',
  '/visualize/[id]': 'read',
});

/** Every API route (`ui/app/api/**\/route.ts`) and method. */
export const API_POLICIES: Readonly<Record<string, Readonly<Partial<Record<Method, Policy>>>>> = Object.freeze({
  // sessions: open to anyone (login checks the password, me answers 401 without a principal)
  '/api/auth/login': { POST: 'public' },
  '/api/auth/logout': { POST: 'public' },
  '/api/auth/me': { GET: 'public' },
  // reading events (every read through the principal's read filter)
  '/api/search': { GET: 'read' },
  '/api/histogram': { GET: 'read' },
  '/api/export': { GET: 'read' },
  '/api/tail': { GET: 'read' },
  '/api/doc': { GET: 'read' },
  '/api/surrounding': { GET: 'read' },
  '/api/fields': { GET: 'read' },
  '/api/fields/top': { GET: 'read' },
  '/api/fields/values': { GET: 'read' },
  // saved searches
  '/api/saved-searches': { GET: 'read', POST: 'write' },
  '/api/saved-searches/[id]': { GET: 'read', PUT: 'write', DELETE: 'write' },
  // alert rules
  '/api/alerts/rules': { GET: 'read', POST: 'write' },
  '/api/alerts/rules/[id]': { GET: 'read', PATCH: 'write', PUT: 'write', DELETE: 'write' },
  '/api/alerts/rules/[id]/mute': { POST: 'write' },
  '/api/alerts/rules/[id]/snooze': { POST: 'write' },
  '/api/alerts/rules/[id]/history': { GET: 'read' },
  '/api/alerts/rules/[id]/notifications': { GET: 'read' },
  '/api/alerts/rules/[id]/preview': { GET: 'read' },
  // an unsaved rule's value over the data: a read (POST only because the rule is the body)
  '/api/alerts/preview': { POST: 'read' },
  // dashboards and visualizations (saved objects; issue #17)
  '/api/dashboards': { GET: 'read', POST: 'write' },
  '/api/dashboards/[id]': { GET: 'read', PUT: 'write', DELETE: 'write' },
  '/api/dashboards/[id]/export': { GET: 'read' },
  '/api/visualizations': { GET: 'read', POST: 'write' },
  '/api/visualizations/[id]': { GET: 'read', PUT: 'write', DELETE: 'write' },
  // one panel's aggregations through the read filter: a read (POST only because the panel is the body)
  '/api/panels/query': { POST: 'read' },
  // the UI server's own Prometheus metrics (requests by route and status, process and Node.js)
  '/api/metrics': { GET: 'admin' },
});

/**
 * Routes whose answers come from work done over every document: alert rules are evaluated by the
 * alerting service on the whole store, so their states, history and notifications carry counts of
 * documents outside any read filter (and a rule written by a filtered user would count them for
 * it). A principal whose roles filter what it reads (document-level security) is refused these
 * (403); the previews stay open to it, as they read through its filter. route.ts enforces this
 * with `route(policy, handler, { unfiltered: true })`; policy.test.ts checks the two agree.
 */
export const UNFILTERED_ROUTES: ReadonlySet<string> = new Set([
  '/api/alerts/rules',
  '/api/alerts/rules/[id]',
  '/api/alerts/rules/[id]/mute',
  '/api/alerts/rules/[id]/snooze',
  '/api/alerts/rules/[id]/history',
  '/api/alerts/rules/[id]/notifications',
]);

/** `/alerts/[id]` → a matcher of `/alerts/abc` (a segment in brackets matches one segment). */
function matches(pattern: string, pathname: string): boolean {
  const want = pattern.split('/');
  const got = pathname.replace(/\/+$/, '').split('/');
  if (pattern === '/') return pathname === '/' || pathname === '';
  if (want.length !== got.length) return false;
  return want.every((seg, i) => (seg.startsWith('[') && seg.endsWith(']') ? (got[i] ?? '') !== '' : seg === got[i]));
}

/** The declared key for a request path: exact names win over `[param]` segments. */
function lookupKey(table: Readonly<Record<string, unknown>>, pathname: string): string | undefined {
  if (Object.hasOwn(table, pathname)) return pathname;
  const candidates = Object.keys(table).filter((k) => matches(k, pathname));
  candidates.sort((a, b) => (a.match(/\[/g)?.length ?? 0) - (b.match(/\[/g)?.length ?? 0));
  return candidates[0];
}

function lookup<T>(table: Readonly<Record<string, T>>, pathname: string): T | undefined {
  const key = lookupKey(table, pathname);
  return key === undefined ? undefined : table[key];
}

/** The declared API route of a request path (`/api/dashboards/[id]`), or undefined. */
export function apiRoute(pathname: string): string | undefined {
  return lookupKey(API_POLICIES, pathname);
}

/** The policy of a page path; undefined for a path that is no page (Next answers 404). */
export function pagePolicy(pathname: string): Policy | undefined {
  return lookup(PAGE_POLICIES, pathname === '' ? '/' : pathname);
}

/** The policy of an API request; undefined when the route or method is not declared. */
export function apiPolicy(pathname: string, method: string): Policy | undefined {
  const methods = lookup(API_POLICIES, pathname);
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : (method.toUpperCase() as Method);
  return methods?.[m];
}
