import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import {
  basicAuthorization,
  encodeApiKey,
  encodeBase64Utf8,
  MAX_AUTHORIZATION_LENGTH,
  parseAuthorization,
} from './authorization.ts';

function unauthorized(header: string): DriftwoodError {
  try {
    parseAuthorization(header);
  } catch (error) {
    expect(error).toBeInstanceOf(DriftwoodError);
    expect((error as DriftwoodError).code).toBe('UNAUTHORIZED');
    return error as DriftwoodError;
  }
  throw new Error(`"${header}" was accepted`);
}

describe('parseAuthorization', () => {
  it('reads Basic and ApiKey as Elasticsearch does', () => {
    // curl -u elastic:changeme sends this
    expect(parseAuthorization('Basic ZWxhc3RpYzpjaGFuZ2VtZQ==')).toEqual({
      scheme: 'basic',
      username: 'elastic',
      password: 'changeme',
    });
    // the `encoded` value of Elasticsearch's create API key answer for id VuaCfGcBCdbkQm-e5aOx, key ui2lp2axTNmsyakw9tvNnw
    expect(parseAuthorization('ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==')).toEqual({
      scheme: 'api_key',
      id: 'VuaCfGcBCdbkQm-e5aOx',
      key: 'ui2lp2axTNmsyakw9tvNnw',
    });
  });

  it('takes the scheme in any case, padding optional, a password with colons and UTF-8', () => {
    expect(parseAuthorization('basic ZWxhc3RpYzpjaGFuZ2VtZQ')).toMatchObject({ username: 'elastic' });
    expect(parseAuthorization('APIKEY YTpi')).toEqual({ scheme: 'api_key', id: 'a', key: 'b' });
    expect(parseAuthorization(basicAuthorization('zoë', 'p:a:ss wörd'))).toEqual({
      scheme: 'basic',
      username: 'zoë',
      password: 'p:a:ss wörd',
    });
  });

  it('refuses malformed headers with UNAUTHORIZED and never echoes the credentials', () => {
    for (const header of [
      '',
      'Basic',
      'Basic ',
      'Bearer abc',
      'Basic !!!!',
      'Basic ZWxhc3RpYw==', // no colon
      `Basic ${encodeBase64Utf8(':password')}`, // empty username
      `ApiKey ${encodeBase64Utf8('id:')}`, // empty key
      `ApiKey ${encodeBase64Utf8(':key')}`, // empty id
      'ApiKey YTpi YTpi', // two values
      'Basic YT pi',
      'Basic YTpiY', // length 4n+1
      'Basic YQ=a',
      'Basic =YTpi',
      'Basic YTpi===',
      'Basic /w==', // not UTF-8 (0xff)
      `Basic ${'A'.repeat(MAX_AUTHORIZATION_LENGTH)}`,
    ]) {
      const error = unauthorized(header);
      if (header.length > 8) expect(error.message).not.toContain(header.split(' ')[1]);
    }
  });

  it('fuzz: any string is either parsed or refused with UNAUTHORIZED', () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc
        .tuple(fc.constantFrom('Basic ', 'ApiKey ', 'basic  ', 'APIKEY ', 'Bearer '), fc.string({ maxLength: 100 }))
        .map(([s, t]) => s + t),
      fc
        .tuple(fc.constantFrom('Basic ', 'ApiKey '), fc.uint8Array({ maxLength: 100 }))
        .map(([s, bytes]) => s + Buffer.from(bytes).toString('base64')),
      fc.tuple(fc.constantFrom('Basic ', 'ApiKey '), fc.base64String({ maxLength: 100 })).map(([s, t]) => s + t),
    );
    fc.assert(
      fc.property(header, (h) => {
        try {
          const parsed = parseAuthorization(h);
          if (parsed.scheme === 'basic') expect(parsed.username.length).toBeGreaterThan(0);
          else expect(parsed.id.length * parsed.key.length).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(DriftwoodError);
          expect((error as DriftwoodError).code).toBe('UNAUTHORIZED');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: valid credentials round-trip, and agree with Node’s own base64', () => {
    const username = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !s.includes(':'));
    const secret = fc.string({ unit: 'grapheme', maxLength: 60 });
    fc.assert(
      fc.property(username, secret, (user, password) => {
        const header = basicAuthorization(user, password);
        expect(header).toBe(`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`);
        expect(parseAuthorization(header)).toEqual({ scheme: 'basic', username: user, password });
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        username,
        secret.filter((s) => s.length > 0),
        (id, key) => {
          expect(parseAuthorization(`ApiKey ${encodeApiKey(id, key)}`)).toEqual({ scheme: 'api_key', id, key });
        },
      ),
      { numRuns: 500 },
    );
  });
});
