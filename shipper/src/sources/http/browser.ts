/**
 * What keeps a web page from posting into an http source that takes requests without an
 * `api_key`: a page in the user's browser can POST `text/plain` to http://127.0.0.1:8080 with no
 * CORS preflight, and with DNS rebinding (`Host: attacker.example:8080`) do it same-origin.
 * Without an `api_key`:
 * - a request carrying `Origin`, or a `Sec-Fetch-Site` other than `none`/`same-origin`, is refused
 *   (403) unless its origin is in `allowed_origins` (browsers send them on every cross-origin
 *   request; curl, winston, devices and the shipper never do; Node's fetch sends only
 *   `sec-fetch-mode`, which is not looked at);
 * - while listening on loopback, a `Host` that is not a loopback name (`localhost`, `127.x.x.x`,
 *   `[::1]`, any port) is refused (421). Listening beyond loopback, devices reach the source under
 *   its LAN name, so the Host is not checked there.
 * Requests with the `api_key` are not refused here. Origins in `allowed_origins` get CORS answers
 * (preflight included) in both cases.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { browserHeader, isLoopbackHostHeader } from '@driftwood/core';

export interface BrowserPolicy {
  /** True when the source has no `api_key`. */
  anonymous: boolean;
  /** True when the source listens on a loopback address. */
  loopbackListen: boolean;
  allowedOrigins: readonly string[];
}

export type BrowserVerdict =
  | { ok: true; cors: Record<string, string> }
  | { ok: false; status: 403 | 421; message: string };

/** The CORS headers an allowed origin gets on every answer (preflight adds methods and headers). */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

export const PREFLIGHT_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers': 'content-type, authorization, x-api-key, x-request-id',
  'access-control-max-age': '600',
  // Chrome's Private Network Access asks before a public page may reach a loopback address.
  'access-control-allow-private-network': 'true',
};

export function checkBrowser(headers: IncomingHttpHeaders, policy: BrowserPolicy): BrowserVerdict {
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  const allowed = origin !== undefined && policy.allowedOrigins.includes(origin);
  const cors = allowed ? corsHeaders(origin) : {};
  if (!policy.anonymous) return { ok: true, cors };
  const header = browserHeader(headers);
  if (header !== undefined && !allowed) {
    const what = origin !== undefined ? `origin ${origin}` : header;
    return {
      ok: false,
      status: 403,
      message: `requests from a web browser (${what}) are refused: list the origin in allowed_origins, or set an api_key`,
    };
  }
  const host = headers.host;
  if (policy.loopbackListen && typeof host === 'string' && !isLoopbackHostHeader(host)) {
    return {
      ok: false,
      status: 421,
      message: `this source listens on loopback and takes only loopback host names (localhost, 127.0.0.1, [::1]), not [${host}]`,
    };
  }
  return { ok: true, cors };
}
