import { describe, expect, it } from 'vitest';
import { configSchema } from './config.ts';

describe('http config', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'http' })).toMatchObject({ listen: '127.0.0.1:8080', path: '/' });
    expect(() => configSchema.parse({ apikey: 'x' })).toThrow(/apikey/);
    expect(() => configSchema.parse({ listen: 'nope' })).toThrow(/host:port/);
    // core's parseHostPort: a bare port is loopback
    expect(configSchema.parse({ listen: '8080' }).listen).toBe('8080');
  });
});
