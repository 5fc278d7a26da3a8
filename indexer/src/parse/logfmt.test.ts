import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema, looksLikeLogfmt, parseLogfmt } from './logfmt.ts';

describe('logfmt', () => {
  it('parses quoted values, escapes and bare keys', () => {
    expect(parseLogfmt('level=info msg="user \\"bob\\" logged in" dur=12ms ok path=/x=y')).toEqual([
      ['level', 'info'],
      ['msg', 'user "bob" logged in'],
      ['dur', '12ms'],
      ['ok', true],
      ['path', '/x=y'],
    ]);
    expect(looksLikeLogfmt('level=info msg=hi')).toBe(true);
    expect(looksLikeLogfmt('just some text = here')).toBe(false);
  });

  it('writes dotted keys as nested fields', () => {
    const doc: LogDocument = { message: 'http.status=200 user.name=ann' };
    build(configSchema.parse({}))(doc, { now: 0 });
    expect(doc).toMatchObject({ http: { status: '200' }, user: { name: 'ann' } });
  });
});
