import { describe, expect, it } from 'vitest';
import { DriftwoodError, ERROR_CODES, httpStatusFor, isDriftwoodError } from './errors.ts';

describe('DriftwoodError', () => {
  it('carries a code, a message, details and a cause', () => {
    const cause = new Error('ECONNREFUSED');
    const e = new DriftwoodError('STORE_UNAVAILABLE', 'store down', { cause, details: { url: 'http://x' } });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('DriftwoodError');
    expect(e.code).toBe('STORE_UNAVAILABLE');
    expect(e.message).toBe('store down');
    expect(e.details).toEqual({ url: 'http://x' });
    expect(e.cause).toBe(cause);
    expect(String(e)).toBe('DriftwoodError: store down');
  });

  it('has empty details and no cause by default', () => {
    const e = new DriftwoodError('INTERNAL', 'x');
    expect(e.details).toEqual({});
    expect('cause' in e).toBe(false);
  });

  it('serializes to code, message and details (no stack)', () => {
    const e = new DriftwoodError('KQL_SYNTAX', 'bad query', { details: { position: 3 } });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      code: 'KQL_SYNTAX',
      message: 'bad query',
      details: { position: 3 },
    });
  });
});

describe('isDriftwoodError', () => {
  it('tells a DriftwoodError, optionally of one code, from anything else', () => {
    const e = new DriftwoodError('NOT_FOUND', 'gone');
    expect(isDriftwoodError(e)).toBe(true);
    expect(isDriftwoodError(e, 'NOT_FOUND')).toBe(true);
    expect(isDriftwoodError(e, 'CONFLICT')).toBe(false);
    expect(isDriftwoodError(new Error('gone'))).toBe(false);
    expect(isDriftwoodError({ code: 'NOT_FOUND', message: 'gone' })).toBe(false);
    expect(isDriftwoodError(undefined)).toBe(false);
  });
});

describe('httpStatusFor', () => {
  it('maps client errors to 4xx and store faults to 5xx', () => {
    expect(httpStatusFor('KQL_SYNTAX')).toBe(400);
    expect(httpStatusFor('INPUT_INVALID')).toBe(400);
    expect(httpStatusFor('CONFIG_INVALID')).toBe(400);
    expect(httpStatusFor('UNAUTHORIZED')).toBe(401);
    expect(httpStatusFor('FORBIDDEN')).toBe(403);
    expect(httpStatusFor('NOT_FOUND')).toBe(404);
    expect(httpStatusFor('CONFLICT')).toBe(409);
    expect(httpStatusFor('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(httpStatusFor('RATE_LIMITED')).toBe(429);
    expect(httpStatusFor('NOT_IMPLEMENTED')).toBe(501);
    expect(httpStatusFor('STORE_REJECTED')).toBe(502);
    expect(httpStatusFor('STORE_UNAVAILABLE')).toBe(503);
    expect(httpStatusFor('ENGINE_UNAVAILABLE')).toBe(503);
    expect(httpStatusFor('STORE_TIMEOUT')).toBe(504);
  });

  it('answers 500 for the rest, and a valid status for every code', () => {
    expect(httpStatusFor('INTERNAL')).toBe(500);
    expect(httpStatusFor('QUEUE_CORRUPT')).toBe(500);
    for (const code of ERROR_CODES) {
      const status = httpStatusFor(code);
      expect(status >= 400 && status <= 599, code).toBe(true);
    }
  });
});
