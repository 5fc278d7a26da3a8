import { describe, expect, it } from 'vitest';
import { kqlString } from './kql-schema.ts';

describe('kqlString', () => {
  it('accepts a KQL query and rejects a syntax error or an empty string', () => {
    expect(kqlString.parse('log.level:debug and not message:ok')).toBe('log.level:debug and not message:ok');
    expect(() => kqlString.parse('a:(b')).toThrow(/invalid KQL/);
    expect(() => kqlString.parse('')).toThrow();
  });
});
