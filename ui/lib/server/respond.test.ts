import { DriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { errorBody, errorResponse, handle, json, redact } from './respond.ts';

describe('route answers', () => {
  it('keeps store URLs, addresses and data file paths out of messages', () => {
    expect(redact('connect to https://user:pw@es.internal:9200/x failed')).toBe('connect to <store> failed');
    expect(redact('ECONNREFUSED 10.0.0.7:9200')).toBe('ECONNREFUSED <store>');
    expect(redact('cannot open /var/lib/driftwood/driftwood.duckdb')).toBe('cannot open <data file>');
  });
  it('shows only the details that locate an input mistake', () => {
    const e = new DriftwoodError('KQL_SYNTAX', 'bad', { details: { column: 4, url: 'http://x', field: { a: 1 } } });
    expect(errorBody(e)).toEqual({ error: { code: 'KQL_SYNTAX', message: 'bad', details: { column: 4 } } });
    expect(errorBody(new DriftwoodError('NOT_FOUND', 'gone'))).toEqual({
      error: { code: 'NOT_FOUND', message: 'gone' },
    });
  });
  it('keeps the validation issues of a 400, redacted, and only of a 400', () => {
    const issues = [
      { path: 'actions.0.url', message: 'http://10.0.0.1:80/x is not allowed' },
      { message: 'm' },
      'junk',
    ];
    expect(errorBody(new DriftwoodError('INPUT_INVALID', 'invalid rule', { details: { issues } }))).toEqual({
      error: {
        code: 'INPUT_INVALID',
        message: 'invalid rule',
        details: {
          issues: [
            { path: 'actions.0.url', message: '<store> is not allowed' },
            { path: '', message: 'm' },
          ],
        },
      },
    });
    expect(
      errorBody(new DriftwoodError('STORE_UNAVAILABLE', 'down', { details: { issues } })).error,
    ).not.toHaveProperty('details');
  });
  it('keeps the error lines of a 400 (dashboard validation), redacted, and only of a 400', () => {
    const errors = ['dashboard: panels[0].grid.w: too small', 7, 'dashboard: query: see http://es:9200/x'];
    expect(errorBody(new DriftwoodError('INPUT_INVALID', 'invalid', { details: { errors } })).error.details).toEqual({
      errors: ['dashboard: panels[0].grid.w: too small', 'dashboard: query: see <store>'],
    });
    expect(errorBody(new DriftwoodError('INTERNAL', 'x', { details: { errors } })).error).not.toHaveProperty('details');
  });
  it('answers each error with the status of its code, anything else as INTERNAL', async () => {
    const notFound = errorResponse(new DriftwoodError('NOT_FOUND', 'no rule'));
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('cache-control')).toBe('no-store');
    const original = console.error;
    console.error = () => {};
    try {
      const internal = errorResponse(new Error('boom'));
      expect(internal.status).toBe(500);
      expect(await internal.json()).toEqual({ error: { code: 'INTERNAL', message: 'unexpected error: boom' } });
    } finally {
      console.error = original;
    }
  });
  it('wraps a handler so a throw becomes its JSON answer', async () => {
    const ok = handle(async () => json({ a: 1 }, { status: 201 }));
    const res = await ok();
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ a: 1 });
    const failing = handle(async () => {
      throw new DriftwoodError('INPUT_INVALID', 'no');
    });
    const bad = await failing();
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: 'INPUT_INVALID', message: 'no' } });
  });
});
