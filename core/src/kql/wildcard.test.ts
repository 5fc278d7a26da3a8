import { describe, expect, it } from 'vitest';
import type { KqlValue } from './ast.ts';
import { makeKqlTerm } from './ast.ts';
import { parseKql } from './parse.ts';
import { W } from './test-helpers.ts';
import {
  hasWildcard,
  isWildcardField,
  KQL_MAX_FIELD_PATTERN_LENGTH,
  matchesFieldPattern,
  termToRegexSource,
  termToWildcardQuery,
  termWords,
  valueMatcher,
} from './wildcard.ts';

function matchValue(query: string): KqlValue {
  const node = parseKql(query);
  if (node.type !== 'match') throw new Error(`not a match: ${query}`);
  return node.value;
}

describe('wildcard helpers', () => {
  it('hasWildcard tells wildcard terms from literal stars and phrases', () => {
    expect(hasWildcard(matchValue('f:web-*'))).toBe(true);
    expect(hasWildcard(matchValue('f:web-\\*'))).toBe(false);
    expect(hasWildcard(matchValue('f:"web-*"'))).toBe(false);
    expect(hasWildcard(matchValue('f:web'))).toBe(false);
  });

  it('termToRegexSource keeps escaped stars literal', () => {
    const re = new RegExp(termToRegexSource(matchValue('f:a\\*b*')));
    expect(re.test('a*bcd')).toBe(true);
    expect(re.test('a*b')).toBe(true);
    expect(re.test('axbcd')).toBe(false);
    expect(termToRegexSource(matchValue('f:a.b'))).toBe('^a\\.b$');
    expect(termToRegexSource(matchValue('f:*x*'), { anchored: false })).toBe('[\\s\\S]*x[\\s\\S]*');
    expect(new RegExp(termToRegexSource(matchValue('f:"x*"'))).test('xyz')).toBe(false);
  });

  it('termToRegexSource wildcards span newlines and escape regex syntax', () => {
    const re = new RegExp(termToRegexSource(matchValue('f:[a]+*$')));
    expect(re.test('[a]+\nline$')).toBe(true);
    expect(re.test('aa$')).toBe(false);
  });

  it('termToWildcardQuery produces Lucene wildcard syntax', () => {
    expect(termToWildcardQuery(matchValue('f:web-*'))).toBe('web-*');
    expect(termToWildcardQuery(matchValue('f:a\\*b?*'))).toBe('a\\*b\\?*');
    expect(termToWildcardQuery(matchValue('f:"a*"'))).toBe('a\\*');
  });

  it('wildcard field names', () => {
    expect(isWildcardField('http.*')).toBe(true);
    expect(isWildcardField('http.method')).toBe(false);
    expect(matchesFieldPattern('http.*', 'http.response.status_code')).toBe(true);
    expect(matchesFieldPattern('*.name', 'host.name')).toBe(true);
    expect(matchesFieldPattern('*.name', 'hostname')).toBe(false);
    expect(matchesFieldPattern('host.name', 'host.name')).toBe(true);
    expect(matchesFieldPattern('host.name', 'hostxname')).toBe(false);
    expect(matchesFieldPattern('a.*', 'a.b.c')).toBe(true);
    expect(matchesFieldPattern('a.*', 'axb')).toBe(false);
    expect(matchesFieldPattern('*.*.*', 'a.b.c')).toBe(true);
    expect(matchesFieldPattern('*.*.*', 'a.b')).toBe(false);
    expect(matchesFieldPattern('a*', '')).toBe(false);
    expect(matchesFieldPattern('[a]+*', '[a]+x')).toBe(true);
    expect(matchesFieldPattern('[a]+*', 'aax')).toBe(false);
  });

  it('caps wildcard field-name patterns with INPUT_INVALID and matches them in linear time', () => {
    const longest = `${'f'.repeat(KQL_MAX_FIELD_PATTERN_LENGTH - 1)}*`;
    expect(matchesFieldPattern(longest, `${longest.slice(0, -1)}x`)).toBe(true);
    expect(() => matchesFieldPattern(`f${longest}`, 'f')).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', details: { length: 257, max: 256 } }),
    );
    const plain = 'f'.repeat(KQL_MAX_FIELD_PATTERN_LENGTH * 2);
    expect(matchesFieldPattern(plain, plain)).toBe(true);
    // 108 ms with the old backtracking regex on the development machine (see glob.test.ts)
    const times = Array.from({ length: 5 }, () => {
      const start = performance.now();
      expect(matchesFieldPattern('*a*a*a*a*a*a*b', 'a'.repeat(40))).toBe(false);
      return performance.now() - start;
    });
    expect(Math.min(...times)).toBeLessThan(50);
  });

  it('valueMatcher matches whole values: wildcards by pattern, terms and phrases by equality', () => {
    expect(valueMatcher(matchValue('f:a\\*b*'))('a*bcd')).toBe(true);
    expect(valueMatcher(matchValue('f:a\\*b*'))('axbcd')).toBe(false);
    expect(valueMatcher(matchValue('f:a.b'))('a.b')).toBe(true);
    expect(valueMatcher(matchValue('f:a.b'))('axb')).toBe(false);
    expect(valueMatcher(matchValue('f:"x*"'))('xyz')).toBe(false);
    expect(valueMatcher(matchValue('f:"x*"'))('x*')).toBe(true);
    expect(valueMatcher(matchValue('f:[a]+*$'))('[a]+\nline$')).toBe(true);
    expect(valueMatcher(matchValue('f:Web*'), { caseInsensitive: true })('WEB-01')).toBe(true);
    expect(valueMatcher(matchValue('f:Web*'))('WEB-01')).toBe(false);
  });

  it('termWords splits a multi-word term, keeping wildcards per word', () => {
    expect(termWords(matchValue('message:foo  bar*'))).toEqual([makeKqlTerm(['foo']), makeKqlTerm(['bar', W])]);
    expect(termWords(matchValue('message:"foo bar"'))).toEqual([{ kind: 'phrase', text: 'foo bar' }]);
    expect(termWords(matchValue('message:a\\*b'))).toEqual([makeKqlTerm(['a*b'])]);
  });
});
