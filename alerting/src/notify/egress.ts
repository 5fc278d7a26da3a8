/**
 * The egress policy of alert actions: where a webhook, Slack message or SMTP connection may go.
 * A user who can edit a rule picks the URL, so without a policy an action is a request forger
 * into the server's own network (loopback services, the cloud metadata endpoint, an
 * unauthenticated Elasticsearch on the compose network).
 *
 * The host name is resolved once (every address), each address is checked, and the connection
 * is then made to the checked address (see `pinnedLookup`): a DNS answer that changes between the
 * check and the connect cannot reach a refused address. Denied: loopback, unspecified,
 * link-local (the metadata endpoint 169.254.169.254 included), private, shared (CGNAT),
 * multicast, reserved and broadcast addresses, the IPv4-mapped / -compatible / NAT64 IPv6 forms
 * of those, and the cloud metadata host names — unless the host name, the address or a CIDR
 * holding it is in `egress.allow`.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import net from 'node:net';
import { DriftwoodError } from '@driftwood/core';
import { z } from 'zod';

export const egressConfigSchema = z
  .strictObject({
    allow: z
      .array(z.string().trim().min(1))
      .default([])
      .describe(
        'Host names (exact, or `*.example.internal`), addresses and CIDRs (e.g. `10.0.0.0/8`, `127.0.0.1`, `::1`) alert actions may reach although they are loopback, private, link-local or metadata',
      ),
  })
  .superRefine((config, ctx) => {
    config.allow.forEach((entry, i) => {
      if (parseCidr(entry) === undefined && entry.includes('/'))
        ctx.addIssue({ code: 'custom', path: ['allow', i], message: `not a CIDR: ${entry}` });
    });
  })
  .describe('Where alert actions (webhooks, Slack, SMTP) may connect');

export type EgressConfig = z.infer<typeof egressConfigSchema>;

/** A checked address to connect to. */
export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

export type LookupAll = (host: string) => Promise<CheckedAddress[]>;

/** Host names of cloud metadata services (denied whatever they resolve to). */
export const METADATA_HOSTS = [
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'instance-data',
  'instance-data.ec2.internal',
];

const DENIED_V4: [string, number, string][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['127.0.0.0', 8, 'loopback'],
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['169.254.0.0', 16, 'link-local'],
  ['192.0.0.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const DENIED_V6: [string, number, string][] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['fc00::', 7, 'private'],
  ['ff00::', 8, 'multicast'],
];

const deniedRanges = DENIED_V4.map(([a, p, kind]) => ({ list: block(a, p, 'ipv4'), kind })).concat(
  DENIED_V6.map(([a, p, kind]) => ({ list: block(a, p, 'ipv6'), kind })),
);

function block(address: string, prefix: number, type: 'ipv4' | 'ipv6'): net.BlockList {
  const list = new net.BlockList();
  list.addSubnet(address, prefix, type);
  return list;
}

/** `a.b.c.d/n`, `x::/n`, or a bare address (a /32 or /128). */
function parseCidr(text: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const bare = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(bare);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address: bare, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

/** The 16 bytes of an IPv6 address. */
function ipv6Bytes(address: string): number[] {
  let text = address.toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parts = (s: string) => (s === '' ? [] : s.split(':').map((h) => Number.parseInt(h, 16)));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const groups = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * The IPv4 address an IPv6 one stands for: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
 * (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d); undefined for any other.
 */
export function embeddedIpv4(address: string): string | undefined {
  if (net.isIPv6(address) === false) return undefined;
  const b = ipv6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const mapped = zeros(0, 10) && b[10] === 0xff && b[11] === 0xff;
  const compatible = zeros(0, 12) && !zeros(12, 14); // not :: or ::1
  const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12);
  return mapped || compatible || nat64 ? b.slice(12).join('.') : undefined;
}

/** Why an address is refused by default ('loopback', 'private', …), or undefined for a public one. */
export function deniedKind(address: string): string | undefined {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  const v4 = family === 6 ? embeddedIpv4(address) : address;
  if (v4 !== undefined && family === 6) {
    const kind = deniedKind(v4);
    return kind === undefined ? undefined : `${kind} (as IPv6)`;
  }
  if (address === '255.255.255.255') return 'broadcast';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return deniedRanges.find((r) => r.list.check(address, type))?.kind;
}

/** The answer of a refused connection: FORBIDDEN, the message says what and how to allow it. */
export function egressDenied(message: string, host: string): DriftwoodError {
  return new DriftwoodError('FORBIDDEN', `egress denied: ${message}`, { details: { host } });
}

const systemLookup: LookupAll = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

export interface EgressPolicyOptions {
  /** Resolves a host name to all its addresses (default: dns.lookup, all). Tests inject faults here. */
  lookup?: LookupAll;
}

export class EgressPolicy {
  private readonly hosts: string[];
  private readonly allowed = new net.BlockList();
  private readonly lookupAll: LookupAll;

  constructor(config: EgressConfig = { allow: [] }, options: EgressPolicyOptions = {}) {
    this.lookupAll = options.lookup ?? systemLookup;
    this.hosts = [];
    for (const entry of config.allow) {
      const cidr = parseCidr(entry);
      if (cidr) this.allowed.addSubnet(cidr.address, cidr.prefix, cidr.type);
      else this.hosts.push(entry.toLowerCase().replace(/\.$/, ''));
    }
  }

  private hostAllowed(host: string): boolean {
    return this.hosts.some((h) => h === host || (h.startsWith('*.') && host.endsWith(h.slice(1))));
  }

  private addressAllowed(address: string): boolean {
    const type = net.isIPv6(address) ? 'ipv6' : 'ipv4';
    if (this.allowed.check(address, type)) return true;
    const v4 = type === 'ipv6' ? embeddedIpv4(address) : undefined;
    return v4 !== undefined && this.allowed.check(v4, 'ipv4');
  }

  /**
   * Resolves `host` (a name or an address, IPv6 with or without brackets) and checks every
   * address; resolves to the addresses to connect to, throws FORBIDDEN (egress denied) when any
   * is refused or the name is a metadata host.
   */
  async resolve(host: string): Promise<CheckedAddress[]> {
    const name = host
      .replace(/^\[|\]$/g, '')
      .toLowerCase()
      .replace(/\.$/, '');
    const hostAllowed = this.hostAllowed(name);
    const literal = net.isIP(name);
    if (!hostAllowed && literal === 0 && METADATA_HOSTS.includes(name))
      throw egressDenied(`${name} is a cloud metadata host; allow it in alerting egress.allow`, name);
    let addresses: CheckedAddress[];
    if (literal !== 0) addresses = [{ address: name, family: literal === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.lookupAll(name);
      } catch (error) {
        const e = error as { code?: string; message?: string };
        throw new DriftwoodError('OUTPUT_FAILED', `cannot resolve ${name}: ${e.code ?? e.message}`, {
          cause: error,
          details: { host: name, retryable: true },
        });
      }
      if (addresses.length === 0)
        throw new DriftwoodError('OUTPUT_FAILED', `cannot resolve ${name}: no address`, { details: { host: name } });
    }
    if (hostAllowed) return addresses;
    for (const { address } of addresses) {
      const kind = deniedKind(address);
      if (kind === undefined || this.addressAllowed(address)) continue;
      const via = literal === 0 ? `${name} resolves to ${address}, which` : address;
      throw egressDenied(`${via} is ${kind}; allow it in alerting egress.allow`, name);
    }
    return addresses;
  }
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | CheckedAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for node:net / node:http that answers with the checked addresses and never asks DNS
 * again, so the connection goes where the policy looked.
 */
export function pinnedLookup(addresses: CheckedAddress[]) {
  return (_host: string, options: { all?: boolean } | number, callback: LookupCallback): void => {
    const first = addresses[0];
    if (!first) {
      callback(Object.assign(new Error('no checked address'), { code: 'ENOTFOUND' }), '', 0);
      return;
    }
    if (typeof options === 'object' && options.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}
