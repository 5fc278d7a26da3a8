import { isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { deniedKind, EgressPolicy, egressConfigSchema, embeddedIpv4, type LookupAll, pinnedLookup } from './egress.ts';

/** Fault injector: a resolver with fixed answers per name (what an attacker's DNS zone can say). */
const fixedDns =
  (answers: Record<string, string[]>): LookupAll =>
  async (host) => {
    const list = answers[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };

const denied = async (policy: EgressPolicy, host: string): Promise<string> => {
  const error = await policy.resolve(host).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isDriftwoodError(error, 'FORBIDDEN')).toBe(true);
  return (error as Error).message;
};

describe('egress: what an address is', () => {
  it('names every refused range, public addresses pass', () => {
    const cases: [string, string | undefined][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['172.32.0.1', undefined],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'shared (CGNAT)'],
      ['100.127.255.255', 'shared (CGNAT)'],
      ['100.128.0.1', undefined],
      ['169.254.169.254', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['8.8.8.8', undefined],
      ['93.184.216.34', undefined],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['::5', 'reserved'],
      ['fe80::1', 'link-local'],
      ['febf::1', 'link-local'],
      ['fc00::1', 'private'],
      ['fd00:ec2::254', 'private'],
      ['ff02::1', 'multicast'],
      ['2606:4700::1111', undefined],
      ['::ffff:127.0.0.1', 'loopback (as IPv6)'],
      ['::ffff:7f00:1', 'loopback (as IPv6)'],
      ['::ffff:a9fe:a9fe', 'link-local (as IPv6)'],
      ['::ffff:10.0.0.1', 'private (as IPv6)'],
      ['::127.0.0.1', 'loopback (as IPv6)'],
      ['64:ff9b::169.254.169.254', 'link-local (as IPv6)'],
      ['::ffff:8.8.8.8', undefined],
    ];
    for (const [address, kind] of cases) expect([address, deniedKind(address)]).toEqual([address, kind]);
  });

  it('finds the IPv4 address inside mapped, compatible and NAT64 IPv6 forms only', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('0:0:0:0:0:ffff:a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIpv4('64:ff9b::a00:1')).toBe('10.0.0.1');
    expect(embeddedIpv4('::1')).toBeUndefined();
    expect(embeddedIpv4('2001:db8::ffff:7f00:1')).toBeUndefined();
    expect(embeddedIpv4('127.0.0.1')).toBeUndefined();
  });
});

describe('egress policy', () => {
  it('refuses with a reason that says how to allow it', async () => {
    const policy = new EgressPolicy();
    expect(await denied(policy, '127.0.0.1')).toBe(
      'egress denied: 127.0.0.1 is loopback; allow it in alerting egress.allow',
    );
    expect(await denied(policy, '[::1]')).toBe('egress denied: ::1 is loopback; allow it in alerting egress.allow');
    expect(await denied(policy, 'metadata.google.internal')).toMatch(/cloud metadata host/);
    expect(await denied(policy, 'METADATA.google.internal.')).toMatch(/cloud metadata host/);
  });

  it('checks every address a name resolves to: one refused address refuses the name', async () => {
    const lookup = fixedDns({ 'mixed.example': ['93.184.216.34', '10.0.0.5'], 'public.example': ['93.184.216.34'] });
    const policy = new EgressPolicy({ allow: [] }, { lookup });
    expect(await denied(policy, 'mixed.example')).toBe(
      'egress denied: mixed.example resolves to 10.0.0.5, which is private; allow it in alerting egress.allow',
    );
    expect(await policy.resolve('public.example')).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('allows by address, CIDR (IPv4-mapped forms included), exact host or *.suffix', async () => {
    const lookup = fixedDns({
      'mail.internal': ['10.1.2.3'],
      'es.svc.internal': ['172.18.0.4'],
      'other.internal': ['192.168.0.9'],
      'evilsvc.internal': ['192.168.5.5'],
      'metadata.google.internal': ['169.254.169.254'],
    });
    const policy = new EgressPolicy(
      egressConfigSchema.parse({ allow: ['10.0.0.0/8', 'mail.internal', '*.svc.internal', '::1', 'fd00::/8'] }),
      { lookup },
    );
    expect(await policy.resolve('10.9.9.9')).toEqual([{ address: '10.9.9.9', family: 4 }]);
    expect(await policy.resolve('::ffff:a09:909')).toEqual([{ address: '::ffff:a09:909', family: 6 }]);
    expect(await policy.resolve('mail.internal')).toEqual([{ address: '10.1.2.3', family: 4 }]);
    expect(await policy.resolve('es.svc.internal')).toEqual([{ address: '172.18.0.4', family: 4 }]);
    expect(await policy.resolve('::1')).toHaveLength(1);
    expect(await policy.resolve('fd00:ec2::254')).toHaveLength(1);
    expect(await denied(policy, 'other.internal')).toMatch(/192\.168\.0\.9, which is private/);
    expect(await denied(policy, '127.0.0.1')).toMatch(/loopback/);
    expect(await denied(policy, 'metadata.google.internal')).toMatch(/metadata/);
    expect(await denied(policy, 'evilsvc.internal')).toMatch(/192\.168\.5\.5, which is private/);
    const metadata = new EgressPolicy({ allow: ['metadata.google.internal'] }, { lookup });
    expect(await metadata.resolve('metadata.google.internal')).toHaveLength(1);
  });

  it('a name that cannot be resolved is a retryable failure, not a refusal', async () => {
    const policy = new EgressPolicy({ allow: [] }, { lookup: fixedDns({}) });
    const error = await policy.resolve('gone.example').catch((e: unknown) => e);
    expect(isDriftwoodError(error, 'OUTPUT_FAILED')).toBe(true);
    expect((error as Error).message).toBe('cannot resolve gone.example: ENOTFOUND');
  });

  it('the config rejects what is not a host, address or CIDR, and unknown keys', () => {
    expect(() => egressConfigSchema.parse({ allow: ['10.0.0.0/33'] })).toThrow(/not a CIDR/);
    expect(() => egressConfigSchema.parse({ allow: ['10.0.0.0/8/1'] })).toThrow(/not a CIDR/);
    expect(() => egressConfigSchema.parse({ allow: ['mail/x'] })).toThrow(/not a CIDR/);
    expect(() => egressConfigSchema.parse({ allow: [], deny: [] })).toThrow();
    expect(egressConfigSchema.parse({})).toEqual({ allow: [] });
  });

  it('pinnedLookup answers with the checked addresses and nothing else', () => {
    const lookup = pinnedLookup([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]);
    const seen: unknown[] = [];
    lookup('evil.example', { all: true }, (_e, address) => seen.push(address));
    lookup('evil.example', {}, (_e, address, family) => seen.push([address, family]));
    expect(seen).toEqual([
      [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:2800::1', family: 6 },
      ],
      ['93.184.216.34', 4],
    ]);
  });
});
