import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { givenKey, keyMatches } from './auth.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('http api key', () => {
  it('reads the key from x-api-key, Authorization: ApiKey or Bearer', () => {
    expect(givenKey(req({ 'x-api-key': 'k1' }))).toBe('k1');
    expect(givenKey(req({ authorization: 'ApiKey k2' }))).toBe('k2');
    expect(givenKey(req({ authorization: 'bearer k3' }))).toBe('k3');
    expect(givenKey(req({ authorization: 'Basic abc' }))).toBeUndefined();
    expect(givenKey(req({}))).toBeUndefined();
  });

  it('matches only the exact key', () => {
    const key = Buffer.from('secret');
    expect(keyMatches(key, 'secret')).toBe(true);
    expect(keyMatches(key, 'secreT')).toBe(false);
    expect(keyMatches(key, 'secret2')).toBe(false);
    expect(keyMatches(key, undefined)).toBe(false);
  });
});
