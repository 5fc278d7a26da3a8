import { describe, expect, it } from 'vitest';
import { ApiError } from '../http.ts';
import { issuesOf } from './api.ts';

describe('alerts API answers', () => {
  it('reads the validation issues of a 400 answer, skipping malformed ones', () => {
    const error = new ApiError(400, {
      code: 'INPUT_INVALID',
      message: 'invalid rule',
      details: { issues: [{ path: 'query', message: 'bad KQL' }, { message: 'no path' }, 'junk', { path: 'x' }] },
    });
    expect(issuesOf(error)).toEqual([
      { path: 'query', message: 'bad KQL' },
      { path: '', message: 'no path' },
    ]);
    expect(issuesOf(new ApiError(503, { code: 'STORE_UNAVAILABLE', message: 'down' }))).toEqual([]);
    expect(issuesOf(new Error('x'))).toEqual([]);
  });
});
