/**
 * Who may call the indexer. Credentials are read as Elasticsearch reads them, so Filebeat's and
 * Logstash's `api_key: id:key`, Fluent Bit, Vector and the official clients' `auth: { apiKey }`
 * work unchanged:
 * - `Authorization: ApiKey base64(id:key)` — a key made with `driftwood apikeys create`, checked by
 *   the security service (store/src/security) on the indexer's store;
 * - `Authorization: Basic base64(user:password)` — a user, checked the same way;
 * - a static key from the config's `api_keys` (`ApiKey <key>`, `ApiKey base64(key)`, `Bearer <key>`
 *   or `x-api-key: <key>`), which acts as an `ingest` key.
 * Writes need the `ingest` privilege. In `loopback_open` mode a request without credentials is let
 * in; credentials that are sent are checked in every mode. Refusals answer like Elasticsearch's
 * security layer: 401 `security_exception` with WWW-Authenticate, 403 `security_exception`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { can, isDriftwoodError, type Principal, type Privilege } from '@driftwood/core';
import type { AuthMode } from './config.ts';

/** What checks credentials: the security service (`SecurityService.authenticate`). */
export interface Authenticator {
  /** Principal, or undefined when the header is absent; throws UNAUTHORIZED for bad credentials. */
  authenticate(authorization: string | undefined, context?: { address?: string }): Promise<Principal | undefined>;
}

export interface Refusal {
  status: 401 | 403 | 429;
  body: unknown;
  headers: Record<string, string>;
  reason: 'unauthorized' | 'forbidden' | 'rate_limited';
}

export type AccessResult = { ok: true; principal: Principal | undefined } | { ok: false; refusal: Refusal };

/** What a route needs: `ingest` for writes, `authenticated` for the rest (setup reads, metrics). */
export type Need = Extract<Privilege, 'ingest'> | 'authenticated';

export const WWW_AUTHENTICATE = ['Basic realm="security", charset="UTF-8"', 'ApiKey'];

/** The principal of a static `api_keys` entry. */
export const STATIC_KEY_PRINCIPAL: Principal = Object.freeze({
  kind: 'api_key',
  name: 'config',
  label: 'api_keys (indexer config)',
  roles: ['ingest'],
  privileges: ['ingest'],
}) as Principal;

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Matches a static key as `x-api-key`, `ApiKey <key | base64(key)>` or `Bearer <key>`. */
export function staticKeyMatcher(keys: readonly string[]): (headers: IncomingHttpHeaders) => boolean {
  if (keys.length === 0) return () => false;
  const accepted: Buffer[] = [];
  for (const k of keys) accepted.push(Buffer.from(k), Buffer.from(Buffer.from(k).toString('base64')));
  const ok = (token: string) => {
    const t = Buffer.from(token);
    let found = false;
    for (const k of accepted) found = same(k, t) || found; // every key compared: no early exit
    return found;
  };
  return (headers) => {
    const header = headers['x-api-key'];
    if (typeof header === 'string' && ok(header.trim())) return true;
    const auth = headers.authorization;
    if (typeof auth !== 'string') return false;
    const m = /^ApiKey\s+(\S+)\s*$/i.exec(auth) ?? /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m !== null && ok(m[1] as string);
  };
}

export interface AccessOptions {
  mode: AuthMode;
  staticKeys: readonly string[];
  /** Resolves the security service (opened lazily by the server when none was given). */
  authenticator: () => Promise<Authenticator>;
}

export function createAccess(options: AccessOptions) {
  const matchesStatic = staticKeyMatcher(options.staticKeys);
  return async function access(
    headers: IncomingHttpHeaders,
    path: string,
    need: Need,
    address?: string,
  ): Promise<AccessResult> {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
    const xApiKey = headers['x-api-key'];
    let principal: Principal | undefined;
    if (matchesStatic(headers)) principal = STATIC_KEY_PRINCIPAL;
    else if (xApiKey !== undefined) return { ok: false, refusal: unauthorized(path, true) };
    else if (authorization !== undefined) {
      try {
        const authenticator = await options.authenticator();
        principal = await authenticator.authenticate(authorization, address === undefined ? {} : { address });
      } catch (error) {
        if (isDriftwoodError(error) && error.code === 'UNAUTHORIZED')
          return { ok: false, refusal: unauthorized(path, true) };
        if (isDriftwoodError(error) && error.code === 'RATE_LIMITED') return { ok: false, refusal: rateLimited(error) };
        throw error;
      }
    }
    if (principal === undefined) {
      return options.mode === 'loopback_open'
        ? { ok: true, principal: undefined }
        : { ok: false, refusal: unauthorized(path, false) };
    }
    if (need === 'ingest' && !can(principal, 'ingest')) return { ok: false, refusal: forbidden(principal, path) };
    return { ok: true, principal };
  };
}

function unauthorized(path: string, hadCredentials: boolean): Refusal {
  return {
    status: 401,
    body: unauthorizedBody(path, hadCredentials),
    headers: { 'www-authenticate': WWW_AUTHENTICATE.join(', ') },
    reason: 'unauthorized',
  };
}

function rateLimited(error: { message: string; details?: unknown }): Refusal {
  const seconds = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
  const retryAfter = Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 60;
  const cause = { type: 'security_exception', reason: `too many failed logins: ${error.message}` };
  return {
    status: 429,
    body: { error: { root_cause: [cause], ...cause }, status: 429 },
    headers: { 'retry-after': String(retryAfter) },
    reason: 'rate_limited',
  };
}

function forbidden(principal: Principal, path: string): Refusal {
  const who = principal.kind === 'api_key' ? `API key id [${principal.name}]` : `user [${principal.name}]`;
  const reason = `action [indices:data/write/bulk] on [${path}] is unauthorized for ${who} with roles [${principal.roles.join(',')}], this action is granted by the privileges [ingest]`;
  const cause = { type: 'security_exception', reason };
  return {
    status: 403,
    body: { error: { root_cause: [cause], ...cause }, status: 403 },
    headers: {},
    reason: 'forbidden',
  };
}

export function unauthorizedBody(path: string, hadCredentials: boolean) {
  const reason = hadCredentials
    ? `unable to authenticate with provided credentials and anonymous access is not allowed for this request`
    : `missing authentication credentials for REST request [${path}]`;
  const cause = { type: 'security_exception', reason, header: { 'WWW-Authenticate': WWW_AUTHENTICATE } };
  return { error: { root_cause: [cause], ...cause }, status: 401 };
}
