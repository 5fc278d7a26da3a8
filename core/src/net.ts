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

/** `host:port` text for an address (`[v6]:port` for IPv6). */
export function formatHostPort({ host, port }: HostPort): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
