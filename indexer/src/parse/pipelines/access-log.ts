/**
 * Shared fast path for NCSA access lines (nginx `combined`, Apache `common`/`combined`, with
 * trailing extras such as `"$http_x_forwarded_for"` or `rt=0.012`): one precompiled RegExp, a
 * fixed-layout HTTPDATE reader (no Date string parsing), and the request line split by hand.
 *
 * The request's latency, when the line carries it after the combined fields, becomes ECS
 * `event.duration` (nanoseconds, a whole number): a `rt=` / `request_time=` / `rtime=` key or the
 * first bare number of the extras. A number with a decimal point is seconds (nginx
 * `$request_time`, `0.012`); a whole number is microseconds (Apache `%D`, the usual way Apache logs
 * latency; `%T`'s whole seconds cannot be told from it, so `%T` is not read).
 */
import type { JsonValue, LogDocument } from '@driftwood/core';
import { digits2, digits4, monthIndex } from '@driftwood/core';
import { isIp } from '../ip.ts';
import { applyUserAgent } from '../user-agent.ts';

const ACCESS =
  /^(\S+) (\S+) (\S+) \[(\d{2}\/[A-Za-z]{3}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] "((?:[^"\\]|\\.)*)" (\d{3}|-) (\d+|-)(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?(.*)$/;

/** `10/Oct/2000:13:55:36 -0700` → epoch ms (NaN if invalid). */
export function parseHttpDate(s: string): number {
  const d = digits2(s, 0);
  const mo = monthIndex(s.slice(3, 6));
  const y = digits4(s, 7);
  const h = digits2(s, 12);
  const mi = digits2(s, 15);
  const sec = digits2(s, 18);
  const sign = s.charCodeAt(21) === 45 ? -1 : 1;
  const oh = digits2(s, 22);
  const om = digits2(s, 24);
  if (mo < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || Number.isNaN(oh + om + y)) return Number.NaN;
  return Date.UTC(y, mo, d, h, mi, sec) - sign * (oh * 60 + om) * 60000;
}

function unescapeField(s: string): string {
  return s.includes('\\')
    ? s.replace(/\\x([0-9a-fA-F]{2})|\\(.)/g, (_a, hex: string | undefined, c: string | undefined) =>
        hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : (c ?? ''),
      )
    : s;
}

const SECONDS_KEYS = new Set(['rt', 'request_time', 'rtime']);
const NUMBER = /^\d{1,12}(?:\.\d{1,9})?$/;

/** The extras' tokens outside double quotes (a quoted `"$http_x_forwarded_for"` is not a latency); one pass. */
function bareTokens(extra: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  let quoted = false;
  for (let i = 0; i <= extra.length; i++) {
    const c = i < extra.length ? extra.charCodeAt(i) : 32;
    if (quoted) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) quoted = false;
    } else if (c === 34) {
      if (start !== -1) tokens.push(extra.slice(start, i));
      start = -1;
      quoted = true;
    } else if (c === 32 || c === 9) {
      if (start !== -1) tokens.push(extra.slice(start, i));
      start = -1;
    } else if (start === -1) start = i;
  }
  return tokens;
}

/** The latency in the extras after the combined fields, in nanoseconds; undefined when none. */
export function accessLatencyNs(extra: string): number | undefined {
  let bare: string | undefined;
  for (const token of bareTokens(extra)) {
    const eq = token.indexOf('=');
    if (eq > 0) {
      const value = token.slice(eq + 1);
      if (SECONDS_KEYS.has(token.slice(0, eq)) && NUMBER.test(value)) return Math.round(Number(value) * 1e9);
    } else if (bare === undefined && NUMBER.test(token)) bare = token;
  }
  if (bare === undefined) return undefined;
  return bare.includes('.') ? Math.round(Number(bare) * 1e9) : Number(bare) * 1000;
}

/** Parse an access line into an ECS document; undefined when the line is not one. */
export function parseAccessLine(line: string, dataset: string): LogDocument | undefined {
  const m = ACCESS.exec(line);
  if (m === null) return undefined;
  const ms = parseHttpDate(m[4] as string);
  if (Number.isNaN(ms)) return undefined;
  const client = m[1] as string;
  const source: { [k: string]: JsonValue } = { address: client };
  if (isIp(client)) source.ip = client;
  const request = unescapeField(m[5] as string);
  const http: { [k: string]: JsonValue } = {};
  const url: { [k: string]: JsonValue } = {};
  const sp1 = request.indexOf(' ');
  const sp2 = request.lastIndexOf(' ');
  let target: string | undefined;
  if (sp1 > 0 && sp2 > sp1 && request.startsWith('HTTP/', sp2 + 1)) {
    http.request = { method: request.slice(0, sp1) };
    target = request.slice(sp1 + 1, sp2);
    http.version = request.slice(sp2 + 6);
  } else if (sp1 > 0 && sp2 === sp1) {
    http.request = { method: request.slice(0, sp1) };
    target = request.slice(sp1 + 1);
  } else if (request !== '' && request !== '-') {
    http.request = { method: '' };
    target = undefined;
  }
  if (target !== undefined) {
    url.original = target;
    const q = target.indexOf('?');
    if (q === -1) url.path = target;
    else {
      url.path = target.slice(0, q);
      url.query = target.slice(q + 1);
    }
  }
  if (http.request !== undefined && (http.request as { method: string }).method === '') delete http.request;
  const status = m[6] as string;
  const response: { [k: string]: JsonValue } = {};
  if (status !== '-') response.status_code = Number(status);
  const bytes = m[7] as string;
  if (bytes !== '-') response.body = { bytes: Number(bytes) };
  if (status !== '-' || bytes !== '-') http.response = response;
  const referrer = m[8];
  if (referrer !== undefined && referrer !== '-' && referrer !== '') {
    if (http.request === undefined) http.request = {};
    (http.request as { [k: string]: JsonValue }).referrer = unescapeField(referrer);
  }
  const doc: LogDocument = {
    '@timestamp': new Date(ms).toISOString(),
    message: line,
    source,
    http,
  };
  if (Object.keys(url).length > 0) doc.url = url;
  const ident = m[2] as string;
  const user = m[3] as string;
  if (user !== '-') doc.user = { name: user };
  if (ident !== '-') doc.ident = ident;
  const agent = m[9];
  if (agent !== undefined && agent !== '-' && agent !== '') {
    const ua = unescapeField(agent);
    doc.user_agent = { original: ua };
    applyUserAgent(doc, ua);
  }
  const extra = (m[10] as string).trim();
  if (extra !== '') {
    const xff = /^"([^"]*)"/.exec(extra);
    if (xff !== null && xff[1] !== '-' && xff[1] !== '') {
      const first = (xff[1] as string).split(',')[0]?.trim() ?? '';
      if (isIp(first)) doc.client = { ip: first };
    }
    doc.access_log_extra = extra;
  }
  const event: { [k: string]: JsonValue } = {
    dataset,
    category: ['web'],
    kind: 'event',
    outcome: status === '-' ? 'unknown' : Number(status) >= 400 ? 'failure' : 'success',
  };
  const duration = extra === '' ? undefined : accessLatencyNs(extra);
  if (duration !== undefined) event.duration = duration;
  doc.event = event;
  return doc;
}
