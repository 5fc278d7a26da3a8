import { describe, expect, it } from 'vitest';
import { configSchema } from './config.ts';

describe('syslog config', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'syslog' })).toMatchObject({ protocol: 'udp', listen: '127.0.0.1:5514' });
    expect(() => configSchema.parse({ type: 'syslog', prot: 'tcp' })).toThrow(/prot/);
    expect(() => configSchema.parse({ listen: 'nope' })).toThrow(/host:port/);
    expect(() => configSchema.parse({ protocol: 'udp', tls: { cert: 'a', key: 'b' } })).toThrow(/tcp/);
  });
});
