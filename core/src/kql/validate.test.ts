import { describe, expect, it } from 'vitest';
import { validateKql } from './validate.ts';

describe('validateKql', () => {
  it('accepts valid queries', () => {
    expect(validateKql('a:b and c')).toEqual({ ok: true });
    expect(validateKql('')).toEqual({ ok: true });
  });
  it('reports the error with its column', () => {
    expect(validateKql('status:(200 or 404')).toEqual({
      ok: false,
      error: {
        message: 'Expected ")" at column 19',
        position: 18,
        column: 19,
        expected: '")"',
        found: 'end of query',
      },
    });
  });
});
