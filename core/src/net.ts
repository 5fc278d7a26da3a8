/**
 * Network addresses: `host:port` parsing for `listen:` / broker settings and IP address checks
 * (the store maps `ip` fields, and a bad value would reject the whole document). Pure string
 * code, no `node:net`, so the browser can use it too.
 */
import { DriftwoodError } from './errors.ts';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** True for a dotted-quad IPv4 address (no leading zeros, each part 0-255). */
export function isIpv4(text: string): boolean {
  return text.length <= 15 && IPV4.test(text);
}

/**
 * True for an IPv6 address: 8 hex groups, one `::` for a run of zero groups, an IPv4 tail
 * (`::ffff:10.0.0.1`); no brackets. A zone id (`fe80::1%eth0`) only with `zone: true` — the
 * store's `ip` type takes none.
 */
export function isIpv6(text: string, options: { zone?: boolean } = {}): boolean {
  if (text.length > 64 || !text.includes(':')) return false;
  let value = text;
  const zone = value.indexOf('%');
  if (zone !== -1) {
    if (!options.zone || !/^[\w.:-]+$/.test(value.slice(zone + 1))) return false;
    value = value.slice(0, zone);
  }
  if (value.includes(':::')) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  const groups: string[] = [];
  for (const half of halves) if (half !== '') groups.push(...half.split(':'));
  if (halves.length === 1 && (value.startsWith(':') || value.endsWith(':'))) return false;
  if (halves.length === 2 && ((halves[0] as string).endsWith(':') || (halves[1] as string).startsWith(':')))
    return false;
  const last = groups[groups.length - 1] ?? '';
  const v4Tail = last.includes('.');
  if (v4Tail && (!isIpv4(last) || !value.endsWith(last))) return false;
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((g) => HEX_GROUP.test(g))) return false;
  const count = hexGroups.length + (v4Tail ? 2 : 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** True for an IPv4 or IPv6 address, as the store's `ip` type takes it (no brackets, no zone id). */
export function isIp(text: string, options: { zone?: boolean } = {}): boolean {
  return isIpv4(text) || isIpv6(text, options);
}

/**
 * 4 or 6 for an address as a log line may write it — IPv6 optionally in `[...]` and with a zone
 * id (like `node:net`'s `isIP`, which it replaces) — else 0.
 */
export function ipVersion(text: string): 0 | 4 | 6 {
  if (isIpv4(text)) return 4;
  const v = text.length > 2 && text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return isIpv6(v, { zone: true }) ? 6 : 0;
}

export interface HostPort {
  host: string;
  port: number;
}

/**
 * `host:port`, `[v6]:port`, `:port` (all interfaces: `0.0.0.0`), `port` (host `defaults.host`,
 * else `127.0.0.1`), or `host` alone when `defaults.port` is given. Port 0 (pick a free one) is
 * allowed. Throws `DriftwoodError` `CONFIG_INVALID` naming the text.
 */
export function parseHostPort(text: string, defaults: { host?: string; port?: number } = {}): HostPort {
  const fail = (why: string): never => {
    throw new DriftwoodError('CONFIG_INVALID', `expected host:port (IPv6 as [::1]:port), got "${text}": ${why}`, {
      details: { value: text },
    });
  };
  const toPort = (digits: string): number => {
    if (!/^\d{1,5}$/.test(digits)) fail(`port "${digits}" is not a number`);
    const port = Number(digits);
    if (port > 65535) fail(`port ${port} is over 65535`);
    return port;
  };
  if (text === '' || /\s/.test(text)) return fail(text === '' ? 'empty' : 'contains white space');
  if (/^\d+$/.test(text)) return { host: defaults.host ?? '127.0.0.1', port: toPort(text) };
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return fail('unclosed "["');
    const host = text.slice(1, close);
    if (!isIpv6(host, { zone: true })) return fail(`"${host}" is not an IPv6 address`);
    const rest = text.slice(close + 1);
    if (rest === '') return defaults.port === undefined ? fail('no port') : { host, port: defaults.port };
    if (!rest.startsWith(':')) return fail('expected ":" after "]"');
    return { host, port: toPort(rest.slice(1)) };
  }
  const colon = text.lastIndexOf(':');
  if (colon === -1) return defaults.port === undefined ? fail('no port') : { host: text, port: defaults.port };
  const host = text.slice(0, colon);
  if (host.includes(':')) return fail('an IPv6 address needs brackets');
  if (/[[\]/]/.test(host)) return fail(`"${host}" is not a host name`);
  return { host: host === '' ? '0.0.0.0' : host, port: toPort(text.slice(colon + 1)) };
}

/** True for a loopback listen host (`127.0.0.0/8`, `::1`, `localhost`); `0.0.0.0` and `::` are not. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h);
}

/** True for a Host header naming loopback: `localhost`, `127.0.0.0/8`, `[::1]`, with any port. */
export function isLoopbackHostHeader(host: string): boolean {
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '');
  if (name === 'localhost' || name === 'localhost.' || name === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * The header that marks a request as sent by a web browser, if it carries one: `Origin` (browsers
 * send it on every cross-origin POST, with or without CORS) or a `Sec-Fetch-Site` other than
 * `none` / `same-origin`. `Sec-Fetch-Mode` alone is not a browser: Node's own fetch sends
 * `sec-fetch-mode: cors` on every request. What an anonymous loopback endpoint (the indexer in
 * `loopback_open`, an http source without `api_key`) refuses, with a Host that is not loopback.
 */
export function browserHeader(headers: {
  origin?: string | string[] | undefined;
  'sec-fetch-site'?: string | string[] | undefined;
}): string | undefined {
  if (headers.origin !== undefined) return 'Origin';
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'none' && site !== 'same-origin') return `Sec-Fetch-Site: ${String(site)}`;
  return undefined;
}

/** `host:port` text for an address (`[v6]:port` for IPv6). */
export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The text shown for a secret (as the UI and the alert API show one). */
const SECRET_MARK = '[secret]';

/** Query parameters whose values are secrets (`?password=…`, `&token=…`, `access_token`, `api_key`, …). */
function isSecretParam(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return (
    n.includes('password') ||
    n.includes('passwd') ||
    n.includes('token') ||
    n.includes('secret') ||
    n === 'pwd' ||
    n === 'pass' ||
    n === 'key' ||
    n === 'apikey' ||
    n === 'auth' ||
    n === 'sig' ||
    n.includes('signature')
  );
}

/** Where the authority of a URL starting at `start` (just after `scheme://`) ends. */
function authorityEnd(url: string, start: number): number {
  for (let i = start; i < url.length; i++) {
    const ch = url[i];
    if (ch === '/' || ch === '?' || ch === '#' || ch === '\\') return i;
  }
  return url.length;
}

function parses(url: string): boolean {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * The URL without its userinfo (`https://admin:secret@es:9200/x` → `https://es:9200/x`), text
 * otherwise unchanged. A URL that does not parse (a password holding `/` or `#`) loses everything
 * up to its last `@`, so no part of a password is printed.
 */
export function withoutUserinfo(url: string): string {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : scheme + 3;
  const end = authorityEnd(url, start);
  let at = url.lastIndexOf('@', end - 1);
  if (at < start && !parses(url)) at = url.lastIndexOf('@');
  return at < start ? url : url.slice(0, start) + url.slice(at + 1);
}

/**
 * A URL as it may be printed or logged: no userinfo, and the values of secret query parameters
 * (`password`, `token`, `access_token`, `api_key`, `secret`, `key`, `sig`, …) replaced by `[secret]`.
 */
export function printableUrl(url: string): string {
  const bare = withoutUserinfo(url);
  const query = bare.indexOf('?');
  if (query < 0) return bare;
  const hash = bare.indexOf('#', query);
  const end = hash < 0 ? bare.length : hash;
  const params = bare
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name.replaceAll('+', ' '));
      } catch {
        // keep the raw name
      }
      return isSecretParam(name) ? `${pair.slice(0, eq)}=${SECRET_MARK}` : pair;
    })
    .join('&');
  return `${bare.slice(0, query + 1)}${params}${bare.slice(end)}`;
}

/**
 * Text (an error message, a log line, an answer echoing a URL) with every URL in it made
 * printable: the userinfo of every `scheme://userinfo@` in it removed (withoutAnyUserinfo, which
 * also finds a URL inside another: `http://a://u:p@h`), then each `scheme://…` run up to white
 * space or a quote made printable as a URL (printableUrl: a password holding `/` or `#`, secret
 * query parameters). Linear time: the logger runs it on every message.
 */
export function printableText(text: string): string {
  const bare = withoutAnyUserinfo(text);
  let out = '';
  let from = 0;
  let scheme = bare.indexOf('://');
  while (scheme >= 0) {
    let start = scheme;
    while (start > from && isSchemeChar(bare.charCodeAt(start - 1))) start--;
    let end = scheme + 3;
    while (end < bare.length && !/[\s"'<>]/.test(bare[end] as string)) end++;
    out += bare.slice(from, start) + printableUrl(bare.slice(start, end));
    from = end;
    scheme = bare.indexOf('://', end);
  }
  return out + bare.slice(from);
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A regex word character (`\w` without the `u` flag). */
const isWordChar = (c: number): boolean => isAsciiLetter(c) || isDigit(c) || c === 95;
/** A character of a URL scheme after its first letter: letter, digit, `+`, `.`, `-`. */
const isSchemeChar = (c: number): boolean => isAsciiLetter(c) || isDigit(c) || c === 43 || c === 46 || c === 45;
const SPACE = /\s/;
/** Ends a userinfo candidate: `/`, `@`, `"`, `'` or white space. */
const endsUserinfo = (ch: string): boolean => ch === '/' || ch === '@' || ch === '"' || ch === "'" || SPACE.test(ch);

/**
 * Text with the userinfo of any URL in it removed: every
 * `scheme://userinfo@` (a scheme starting on a word boundary; userinfo without `/`, `@`, quotes or
 * white space) loses its `userinfo@`. Linear time: a scan from each `://`, each character looked
 * at a bounded number of times (a backtracking regex took quadratic time on text like `a.a.a.…`,
 * and the logger runs this on every message).
 */
function withoutAnyUserinfo(text: string): string {
  let out = '';
  let from = 0;
  let sep = text.indexOf('://');
  while (sep >= 0) {
    // The scheme: the run of scheme characters before `://`, from its leftmost letter on a word boundary.
    let runStart = sep;
    while (runStart > from && isSchemeChar(text.charCodeAt(runStart - 1))) runStart--;
    let scheme = -1;
    for (let p = runStart; p < sep; p++) {
      const before = p === 0 ? -1 : text.charCodeAt(p - 1);
      if (isAsciiLetter(text.charCodeAt(p)) && (before < 0 || !isWordChar(before))) {
        scheme = p;
        break;
      }
    }
    let next = sep + 1;
    if (scheme >= 0) {
      let end = sep + 3;
      while (end < text.length && !endsUserinfo(text[end] as string)) end++;
      if (text[end] === '@') {
        out += text.slice(from, sep + 3);
        from = end + 1;
        next = from;
      }
    }
    sep = text.indexOf('://', next);
  }
  return out + text.slice(from);
}

/**
 * The largest JSON request body the UI's API routes read (1 MiB): the UI's front proxy refuses a
 * larger one as it streams in, and the routes read at most this much.
 */
export const MAX_API_BODY_BYTES = 1 << 20;
