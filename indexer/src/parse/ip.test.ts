import { getField, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as ip from './ip.ts';

const ctx = { now: 0 };

describe('ip processor', () => {
  it('keeps valid addresses, moves invalid ones and tags them', () => {
    const run = ip.build(ip.configSchema.parse({ field: 'source.ip', invalid_target: 'source.address' }));
    const good: LogDocument = { source: { ip: '2001:db8::1' } };
    run(good, ctx);
    expect(good).toEqual({ source: { ip: '2001:db8::1' } });
    const bad: LogDocument = { source: { ip: 'example.com' } };
    run(bad, ctx);
    expect(bad).toEqual({ source: { address: 'example.com' }, tags: ['_invalid_ip'] });
    expect(getField(bad, 'source.ip')).toBeUndefined();
    expect(ip.isIp('300.1.1.1')).toBe(false);
  });

  it('strips brackets, keeps zone ids', () => {
    const run = ip.build(ip.configSchema.parse({ field: 'source.ip' }));
    const bracketed: LogDocument = { source: { ip: '[::1]' } };
    run(bracketed, ctx);
    expect(bracketed).toEqual({ source: { ip: '::1' } });
    const zoned: LogDocument = { source: { ip: 'fe80::1%eth0' } };
    run(zoned, ctx);
    expect(zoned).toEqual({ source: { ip: 'fe80::1%eth0' } });
  });
});
