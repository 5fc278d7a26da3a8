import { describe, expect, it } from 'vitest';
import { configSchema, parseListen } from './config.ts';

describe('syslog config', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'syslog' })).toMatchObject({ protocol: 'udp', listen: '127.0.0.1:5514' });
    expect(() => configSchema.parse({ type: 'syslog', prot: 'tcp' })).toThrow(/prot/);
    expect(() => configSchema.parse({ listen: 'nope' })).toThrow(/host:port/);
    expect(() => configSchema.parse({ protocol: 'udp', tls: { cert: 'a', key: 'b' } })).toThrow(/tcp/);
  });
});

describe('parseListen', () => {
  it('reads host:port and [v6]:port, and rejects the rest', () => {
    expect(parseListen('127.0.0.1:5514')).toEqual({ host: '127.0.0.1', port: 5514 });
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 });
    expect(parseListen('localhost:514')).toEqual({ host: 'localhost', port: 514 });
    expect(() => parseListen('5514')).toThrow(/host:port/);
    expect(() => parseListen('h:70000')).toThrow(/host:port/);
  });
});
