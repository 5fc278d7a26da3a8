/**
 * The checks the proxy (ui/proxy.ts) makes on every request before a page or route sees it, as
 * pure functions of the request's method, URL and headers:
 *
 * - Host: only names this server answers to (the bind address, localhost / 127.0.0.1 / [::1] on
 *   its port, DRIFTWOOD_PUBLIC_URL's host, DRIFTWOOD_ALLOWED_HOSTS). A page on an attacker's domain
 *   that rebinds its name to 127.0.0.1 sends its own name as Host and is refused (DNS rebinding).
 * - CSRF: a mutating request (POST, PUT, PATCH, DELETE) that a browser could send with ambient
 *   credentials (a cookie, HTTP Basic) must be same-origin — `Origin` equal to this server's own
 *   origin, or, without `Origin`, `Sec-Fetch-Site: same-origin | none`. A cookie with neither
 *   header is refused (every browser that sends cookies sends one of them); Basic with neither is a
 *   script (curl) and passes. `Authorization: ApiKey` without a cookie is never ambient and is
 *   exempt from the origin rule. Every mutating request with a body must be `application/json`
 *   (a cross-site form can only send form or text bodies); POST, PUT and PATCH always.
 * - The security headers of every answer, and the `next` of a login redirect.
 */

import { type ErrorCode, MAX_API_BODY_BYTES } from '@driftwood/core';
import type { UiSecurityConfig } from './config.ts';

export const SESSION_COOKIE_NAME = 'driftwood_session';

/** The largest request body any route reads (request.ts); the proxies refuse a larger one. */
export const MAX_BODY_BYTES = MAX_API_BODY_BYTES;

/** The 413 for a request whose Content-Length is over MAX_BODY_BYTES (undefined otherwise). */
export function bodyTooLarge(headers: Headers): Refusal | undefined {
  const length = Number(headers.get('content-length'));
  if (!Number.isFinite(length) || length <= MAX_BODY_BYTES) return undefined;
  return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `request body over ${MAX_BODY_BYTES} bytes` };
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

export interface GuardRequest {
  method: string;
  /** The request path (no origin). */
  pathname: string;
  headers: Headers;
}

export interface Refusal {
  status: number;
  code: ErrorCode;
  message: string;
}

/** `host` or `host:port` split, lower case; `[::1]:80` keeps its brackets. */
function splitHost(value: string): { name: string; port?: string } {
  const v = value.trim().toLowerCase();
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(v);
  if (!m) return { name: v };
  return m[2] === undefined ? { name: m[1] ?? v } : { name: m[1] ?? v, port: m[2] };
}

const bracketed = (name: string): string => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name);

/** Whether `host` (the Host header) names this server. */
export function hostAllowed(host: string | null, config: UiSecurityConfig): boolean {
  if (host === null || host === '') return false;
  const { name, port } = splitHost(host);
  const portMatches = (wanted: string | undefined) => wanted === undefined || port === wanted;
  const loopbackNames = [...LOOPBACK];
  if (config.bindHost && config.bindHost !== '0.0.0.0' && config.bindHost !== '::') {
    loopbackNames.push(bracketed(config.bindHost));
  }
  // the server's own names on its own port (any port when the port is not known, as in tests)
  if (loopbackNames.includes(name) && portMatches(config.port)) return true;
  if (config.publicUrl) {
    const pub = config.publicUrl;
    const pubPort = pub.port !== '' ? pub.port : undefined;
    const defaultPort = pub.protocol === 'https:' ? '443' : '80';
    if (name === pub.hostname.toLowerCase() && (port === pubPort || (port ?? defaultPort) === (pubPort ?? defaultPort)))
      return true;
  }
  for (const allowed of config.allowedHosts) {
    const a = splitHost(allowed);
    if (a.name === name && (a.port === undefined || a.port === port)) return true;
  }
  return false;
}

/** The scheme this request came over: https only when the connection was, or a trusted proxy says so. */
export function requestProtocol(url: URL, headers: Headers, config: UiSecurityConfig): 'http' | 'https' {
  if (config.trustProxy) {
    const forwarded = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded === 'https' || forwarded === 'http') return forwarded;
  }
  return url.protocol === 'https:' ? 'https' : 'http';
}

/** `name=value` pairs of a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

function isJson(contentType: string | null): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return headers.has('transfer-encoding');
}

/**
 * The CSRF refusal for this request, or undefined when it may go on. `origin` is this server's
 * own origin (`http://127.0.0.1:3000`), from the request's protocol and its (allowed) Host.
 */
export function csrfRefusal(request: GuardRequest, origin: string): Refusal | undefined {
  const method = request.method.toUpperCase();
  if (!MUTATING.has(method)) return undefined;
  const h = request.headers;
  const contentType = h.get('content-type');
  if ((method !== 'DELETE' || hasBody(h) || contentType !== null) && !isJson(contentType)) {
    return { status: 415, code: 'INPUT_INVALID', message: 'a request that changes something must be application/json' };
  }
  const cookie = (h.get('cookie') ?? '').trim() !== '';
  const authorization = h.get('authorization')?.trim() ?? '';
  const basic = /^basic\s/i.test(authorization);
  if (!cookie && !basic) return undefined; // anonymous or ApiKey: nothing ambient to abuse
  const requestOrigin = h.get('origin');
  const fetchSite = h.get('sec-fetch-site')?.toLowerCase();
  if (requestOrigin !== null) {
    if (requestOrigin.toLowerCase() === origin.toLowerCase()) return undefined;
    return { status: 403, code: 'FORBIDDEN', message: 'cross-origin request refused' };
  }
  if (fetchSite !== undefined) {
    if (fetchSite === 'same-origin' || fetchSite === 'none') return undefined;
    return { status: 403, code: 'FORBIDDEN', message: 'cross-site request refused' };
  }
  if (cookie) return { status: 403, code: 'FORBIDDEN', message: 'a request with a cookie must say its origin' };
  return undefined; // Basic from a script (no browser headers)
}

/**
 * The Content-Security-Policy of every answer. Next's App Router inlines its bootstrap and flight
 * data as `<script>` elements without a nonce on prerendered pages, so scripts need
 * 'unsafe-inline'; everything else is this origin only, nothing may frame the app, no plugins,
 * forms post only here.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
});

/**
 * Where the login page may send the user back to: a path on this site (`/discover?q=…`), never
 * `//evil.example`, `/\evil`, a scheme, or anything with control characters; else `/discover`.
 */
export function safeNext(next: string | null | undefined): string {
  const fallback = '/discover';
  if (!next || next.length > 2048) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return fallback;
  try {
    const resolved = new URL(next, 'http://driftwood.invalid');
    if (resolved.origin !== 'http://driftwood.invalid') return fallback;
    return `${resolved.pathname}${resolved.search}${resolved.hash}`;
  } catch {
    return fallback;
  }
}
