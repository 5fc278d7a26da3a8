/**
 * What keeps a web page out of an indexer that takes requests without credentials
 * (`loopback_open`): a page in the user's browser can POST `text/plain` to
 * http://127.0.0.1:9280/_bulk without a CORS preflight, and DNS rebinding
 * (`Host: attacker.example:9280`) lets it read what the indexer answers. So an anonymous request
 * is refused when it carries an `Origin` header or a cross-site `Sec-Fetch-Site` (browsers send
 * them on every cross-origin request; Filebeat, Vector, Fluent Bit, Logstash, rsyslog, syslog-ng,
 * curl and the shipper never do) — 403 — or when its `Host` is not a loopback name (`localhost`, `127.x.x.x`,
 * `[::1]`, any port) — 421. Requests with valid credentials are not checked here.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { browserHeader, isLoopbackHostHeader } from '@driftwood/core';

export interface BrowserRefusal {
  status: 403 | 421;
  type: 'security_exception' | 'misdirected_request_exception';
  reason: string;
}

/** Why an anonymous request is refused, or undefined when it may go on. */
export function refuseAnonymousBrowser(headers: IncomingHttpHeaders): BrowserRefusal | undefined {
  const header = browserHeader(headers);
  if (header !== undefined)
    return {
      status: 403,
      type: 'security_exception',
      reason: `requests from a web browser (${header} header) need credentials: anonymous access is only for local shippers`,
    };
  const host = headers.host;
  if (typeof host === 'string' && !isLoopbackHostHeader(host))
    return {
      status: 421,
      type: 'misdirected_request_exception',
      reason: `anonymous requests must name a loopback host (localhost, 127.0.0.1, [::1]), not [${host}]; send credentials to use another name`,
    };
  return undefined;
}
