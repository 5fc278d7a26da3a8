import { describe, expect, it } from 'vitest';
import { createAuth, unauthorizedBody } from './auth.ts';

describe('auth', () => {
  it('lets everything through without keys', () => {
    expect(createAuth([])({})).toBe(true);
  });

  it('accepts ApiKey (plain or base64), Bearer and x-api-key; refuses the rest', () => {
    const ok = createAuth(['id1:secret-one', 'k2-abcdefgh']);
    expect(ok({ authorization: 'ApiKey id1:secret-one' })).toBe(true);
    expect(ok({ authorization: `ApiKey ${Buffer.from('id1:secret-one').toString('base64')}` })).toBe(true);
    expect(ok({ authorization: 'apikey k2-abcdefgh' })).toBe(true);
    expect(ok({ authorization: 'Bearer k2-abcdefgh' })).toBe(true);
    expect(ok({ 'x-api-key': 'k2-abcdefgh' })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ authorization: 'ApiKey k2-abcdefgX' })).toBe(false);
    expect(ok({ authorization: 'Basic dXNlcjpwYXNz' })).toBe(false);
    expect(ok({ 'x-api-key': '' })).toBe(false);
  });

  it('answers like Elasticsearch security', () => {
    const body = unauthorizedBody('/_bulk', false);
    expect(body.status).toBe(401);
    expect(body.error.type).toBe('security_exception');
    expect(body.error.reason).toBe('missing authentication credentials for REST request [/_bulk]');
    expect(body.error.root_cause).toHaveLength(1);
  });
});
