import { describe, expect, it } from 'vitest';
import { DriftwoodError } from '../errors.ts';
import type { KqlNode } from './ast.ts';
import { KQL_MAX_DEPTH, KQL_MAX_LENGTH, parseKql } from './parse.ts';
import { ALL, and, exists, nested, not, or, phrase, range, term, W } from './test-helpers.ts';
import { KQL_MAX_FIELD_PATTERN_LENGTH } from './wildcard.ts';

type Case = [query: string, ast: KqlNode];

function check(cases: Case[]): void {
  for (const [query, ast] of cases) {
    it(`parses ${JSON.stringify(query)}`, () => {
      expect(parseKql(query)).toEqual(ast);
    });
  }
}

describe('parseKql: match all', () => {
  check([
    ['', ALL],
    ['   ', ALL],
    ['\t\r\n\u00a0', ALL],
    ['*', ALL],
    ['*:*', ALL],
    ['(*)', ALL],
    ['  *  ', ALL],
  ]);
});

describe('parseKql: field and value', () => {
  check([
    ['status:200', term('status', '200')],
    ['status : 200', term('status', '200')],
    ['status:   200   ', term('status', '200')],
    ['host.name:web-01', term('host.name', 'web-01')],
    ['message:"connection refused"', phrase('message', 'connection refused')],
    ['message: "a"', phrase('message', 'a')],
    ['"my field":x', term('my field', 'x')],
    ['"my field" : "x y"', phrase('my field', 'x y')],
    ['my field:x', term('my field', 'x')],
    ['message:foo bar', term('message', 'foo bar')],
    ['message:foo   bar', term('message', 'foo   bar')],
    ['@timestamp:2024', term('@timestamp', '2024')],
    ['url.original:/api/v1/users', term('url.original', '/api/v1/users')],
    ['x:-1.5e3', term('x', '-1.5e3')],
    ['user:josé', term('user', 'josé')],
    ['emoji:🔥', term('emoji', '🔥')],
    ['f:true', term('f', 'true')],
    ['f:null', term('f', 'null')],
    ['message:"a:b(c)*"', phrase('message', 'a:b(c)*')],
    ['f:""', phrase('f', '')],
  ]);
});

describe('parseKql: free text', () => {
  check([
    ['error', term(null, 'error')],
    ['"connection refused"', phrase(null, 'connection refused')],
    ['connection refused', term(null, 'connection refused')],
    ['  error  ', term(null, 'error')],
    ['cannot connect', term(null, 'cannot connect')],
    ['ordering', term(null, 'ordering')],
    ['android', term(null, 'android')],
    ['notice', term(null, 'notice')],
    ['or', term(null, 'or')],
    ['and', term(null, 'and')],
    ['not', term(null, 'not')],
    ['a and', term(null, 'a and')],
    ['a or', term(null, 'a or')],
    ['f:a or', term('f', 'a or')],
  ]);
});

describe('parseKql: boolean operators and precedence', () => {
  check([
    ['a and b', and(term(null, 'a'), term(null, 'b'))],
    ['a AND b', and(term(null, 'a'), term(null, 'b'))],
    ['a And b', and(term(null, 'a'), term(null, 'b'))],
    ['a or b', or(term(null, 'a'), term(null, 'b'))],
    ['a OR b', or(term(null, 'a'), term(null, 'b'))],
    ['not a', not(term(null, 'a'))],
    ['NOT a', not(term(null, 'a'))],
    ['a or b and c', or(term(null, 'a'), and(term(null, 'b'), term(null, 'c')))],
    ['a and b or c', or(and(term(null, 'a'), term(null, 'b')), term(null, 'c'))],
    ['not a and b', and(not(term(null, 'a')), term(null, 'b'))],
    ['not a or b', or(not(term(null, 'a')), term(null, 'b'))],
    ['a and not b', and(term(null, 'a'), not(term(null, 'b')))],
    ['not (a or b)', not(or(term(null, 'a'), term(null, 'b')))],
    ['(a or b) and c', and(or(term(null, 'a'), term(null, 'b')), term(null, 'c'))],
    ['a and b and c', and(term(null, 'a'), term(null, 'b'), term(null, 'c'))],
    ['a and (b and c)', and(term(null, 'a'), term(null, 'b'), term(null, 'c'))],
    ['(a or b) or (c or d)', or(term(null, 'a'), term(null, 'b'), term(null, 'c'), term(null, 'd'))],
    ['((a))', term(null, 'a')],
    ['( a )', term(null, 'a')],
    ['not not a', not(not(term(null, 'a')))],
    ['not(a)', not(term(null, 'a'))],
    ['a or(b)', or(term(null, 'a'), term(null, 'b'))],
    ['a and(b)', and(term(null, 'a'), term(null, 'b'))],
    ['a\tand\nb', and(term(null, 'a'), term(null, 'b'))],
    [
      'a:1 and b:2 or c:3 and not d:4',
      or(and(term('a', '1'), term('b', '2')), and(term('c', '3'), not(term('d', '4')))),
    ],
    ['log.level:error and not service.name:api', and(term('log.level', 'error'), not(term('service.name', 'api')))],
    ['"a" or "b"', or(phrase(null, 'a'), phrase(null, 'b'))],
    ['a:"x" and b', and(phrase('a', 'x'), term(null, 'b'))],
  ]);
});

describe('parseKql: value lists', () => {
  check([
    ['f:(a or b)', or(term('f', 'a'), term('f', 'b'))],
    ['f:(a or b and c)', or(term('f', 'a'), and(term('f', 'b'), term('f', 'c')))],
    ['f:(not a)', not(term('f', 'a'))],
    ['f:(a and not b)', and(term('f', 'a'), not(term('f', 'b')))],
    ['f:((a or b) and c)', and(or(term('f', 'a'), term('f', 'b')), term('f', 'c'))],
    ['f:("a b" or c*)', or(phrase('f', 'a b'), term('f', 'c', W))],
    ['f:(*)', exists('f')],
    ['f:( a )', term('f', 'a')],
    ['f:(a b)', term('f', 'a b')],
    ['f:(a or)', term('f', 'a or')],
    ['status:(200 or 404) and x', and(or(term('status', '200'), term('status', '404')), term(null, 'x'))],
    ['f:(a or b) or c', or(term('f', 'a'), term('f', 'b'), term(null, 'c'))],
  ]);
});

describe('parseKql: wildcards and exists', () => {
  check([
    ['host.name:web-*', term('host.name', 'web-', W)],
    ['*error*', term(null, W, 'error', W)],
    ['f:a*b*c', term('f', 'a', W, 'b', W, 'c')],
    ['f:**', term('f', W, W)],
    ['http.*:500', term('http.*', '500')],
    ['*.name:x', term('*.name', 'x')],
    ['*:x', term('*', 'x')],
    ['f:*', exists('f')],
    ['f : *', exists('f')],
    ['http.*:*', exists('http.*')],
    ['f:\\*', term('f', '*')],
    ['f:a\\*b', term('f', 'a*b')],
    ['f:a\\**', term('f', 'a*', W)],
    ['f:"*"', phrase('f', '*')],
    ['f:"a*"', phrase('f', 'a*')],
    ['f:foo* bar', term('f', 'foo', W, ' bar')],
  ]);
});

describe('parseKql: ranges', () => {
  check([
    ['bytes > 5', range('bytes', 'gt', '5')],
    ['bytes>5', range('bytes', 'gt', '5')],
    ['bytes >= 5', range('bytes', 'gte', '5')],
    ['bytes < 5', range('bytes', 'lt', '5')],
    ['bytes <= 5', range('bytes', 'lte', '5')],
    ['bytes<=-1.5', range('bytes', 'lte', '-1.5')],
    ['@timestamp >= "2024-01-01T00:00:00Z"', range('@timestamp', 'gte', '2024-01-01T00:00:00Z')],
    ['@timestamp < now-1d', range('@timestamp', 'lt', 'now-1d')],
    ['@timestamp > 2024-01-01T00\\:00', range('@timestamp', 'gt', '2024-01-01T00:00')],
    ['a > 1 and a < 10', and(range('a', 'gt', '1'), range('a', 'lt', '10'))],
    ['"my field" > 3', range('my field', 'gt', '3')],
    ['http.*.bytes > 3', range('http.*.bytes', 'gt', '3')],
  ]);
});

describe('parseKql: nested', () => {
  check([
    ['items:{ name:banana }', nested('items', term('name', 'banana'))],
    ['items:{name:banana and stock > 10}', nested('items', and(term('name', 'banana'), range('stock', 'gt', '10')))],
    ['items : { banana }', nested('items', term(null, 'banana'))],
    ['a:{ b:{ c:1 } }', nested('a', nested('b', term('c', '1')))],
    ['not items:{ x:1 } or y', or(not(nested('items', term('x', '1'))), term(null, 'y'))],
    ['items:{ x:(1 or 2) }', nested('items', or(term('x', '1'), term('x', '2')))],
  ]);
});

describe('parseKql: escapes', () => {
  check([
    ['f:a\\(b\\)', term('f', 'a(b)')],
    ['f:a\\:b', term('f', 'a:b')],
    ['f:\\<\\>', term('f', '<>')],
    ['f:\\"x\\"', term('f', '"x"')],
    ['f:a\\\\b', term('f', 'a\\b')],
    ['f:\\{x\\}', term('f', '{x}')],
    ['f:a\\ ', term('f', 'a ')],
    ['f:\\ a', term('f', ' a')],
    ['f:a\\tb', term('f', 'a\tb')],
    ['f:a\\nb', term('f', 'a\nb')],
    ['f:a\\rb', term('f', 'a\rb')],
    ['f:\\u00e9', term('f', 'é')],
    ['a\\:b:c', term('a:b', 'c')],
    ['\\and', term(null, 'and')],
    ['a \\or b', term(null, 'a or b')],
    ['a \\and b', term(null, 'a and b')],
    ['\\not x', term(null, 'not x')],
    ['\\NOT x', term(null, 'NOT x')],
    ['a \\not b', term(null, 'a not b')],
    ['f:\\nothing', term('f', '\nothing')],
    ['a\\ or b', term(null, 'a or b')],
    ['"a or b"', phrase(null, 'a or b')],
    ['"not x"', phrase(null, 'not x')],
    ['"a \\"q\\" \\\\ b"', phrase(null, 'a "q" \\ b')],
    ['"C:\\temp"', phrase(null, 'C:\\temp')],
    ['"line\nbreak"', phrase(null, 'line\nbreak')],
    ['f:\\.x', term('f', '.x')],
  ]);
});

function syntaxError(query: string): DriftwoodError {
  try {
    parseKql(query);
  } catch (error) {
    expect(error).toBeInstanceOf(DriftwoodError);
    return error as DriftwoodError;
  }
  throw new Error(`expected ${JSON.stringify(query)} to fail`);
}

describe('parseKql: syntax errors', () => {
  const cases: Array<[query: string, message: string, expected: string, found: string]> = [
    ['(a', 'Expected ")" at column 3', '")"', 'end of query'],
    ['status:(200 or 404', 'Expected ")" at column 19', '")"', 'end of query'],
    ['(status:200 and x:1', 'Expected ")" at column 20', '")"', 'end of query'],
    ['a:b )', 'Expected end of query at column 5', 'end of query', '")"'],
    [')', 'Expected a value at column 1', 'a value', '")"'],
    ['()', 'Expected a value at column 2', 'a value', '")"'],
    ['a and ', 'Expected a value at column 7', 'a value', 'end of query'],
    ['a and )', 'Expected a value at column 7', 'a value', '")"'],
    ['a or )', 'Expected a value at column 6', 'a value', '")"'],
    ['not ', 'Expected a value at column 5', 'a value', 'end of query'],
    [':x', 'Expected a field name at column 1', 'a field name', '":"'],
    ['> 5', 'Expected a field name at column 1', 'a field name', '">"'],
    ['"":x', 'Expected a field name at column 1', 'a field name', '"\\""'],
    ['f:', 'Expected a value at column 3', 'a value', 'end of query'],
    ['f: ', 'Expected a value at column 4', 'a value', 'end of query'],
    ['f:)', 'Expected a value at column 3', 'a value', '")"'],
    ['f >', 'Expected a value at column 4', 'a value', 'end of query'],
    ['f > )', 'Expected a value at column 5', 'a value', '")"'],
    ['f:"abc', 'Expected a closing quote at column 7', 'a closing quote', 'end of query'],
    ['"abc\\"', 'Expected a closing quote at column 7', 'a closing quote', 'end of query'],
    ['f:abc\\', 'Expected an escaped character at column 7', 'an escaped character', 'end of query'],
    ['items:{ x:1', 'Expected "}" at column 12', '"}"', 'end of query'],
    ['items:{ }', 'Expected a value at column 9', 'a value', '"}"'],
    ['foo:bar:baz', 'Expected end of query at column 8', 'end of query', '":"'],
    ['foo not bar', 'Expected end of query at column 5', 'end of query', '"n"'],
    ['f:not x', 'Expected a value at column 3', 'a value', '"n"'],
    ['a (b)', 'Expected end of query at column 3', 'end of query', '"("'],
    ['f:(a', 'Expected ")" at column 5', '")"', 'end of query'],
    ['a}', 'Expected end of query at column 2', 'end of query', '"}"'],
    ['x "y"', 'Expected end of query at column 3', 'end of query', '"\\""'],
    ['f:a"b"', 'Expected end of query at column 4', 'end of query', '"\\""'],
  ];
  for (const [query, message, expected, found] of cases) {
    it(`rejects ${JSON.stringify(query)}: ${message}`, () => {
      const error = syntaxError(query);
      expect(error.code).toBe('KQL_SYNTAX');
      expect(error.message).toBe(message);
      const column = Number(/column (\d+)$/.exec(message)?.[1]);
      expect(error.details).toEqual({ position: column - 1, column, expected, found });
    });
  }

  it('limits nesting depth with a KQL_SYNTAX error', () => {
    const error = syntaxError(`${'('.repeat(4000)}a${')'.repeat(4000)}`);
    expect(error.code).toBe('KQL_SYNTAX');
    expect(error.message).toBe(`Query nested too deeply at column ${KQL_MAX_DEPTH + 1}`);
    expect(error.details.column).toBe(KQL_MAX_DEPTH + 1);
  });

  it('accepts nesting up to the limit', () => {
    const query = `${'('.repeat(KQL_MAX_DEPTH)}a${')'.repeat(KQL_MAX_DEPTH)}`;
    expect(parseKql(query)).toEqual(term(null, 'a'));
  });

  it('limits deep not chains and nested braces too', () => {
    expect(syntaxError(`${'not '.repeat(2000)}a`).message).toMatch(/^Query nested too deeply at column \d+$/);
    expect(syntaxError(`${'a:{'.repeat(2000)}x${'}'.repeat(2000)}`).message).toMatch(/^Query nested too deeply/);
    expect(syntaxError(`f:${'('.repeat(2000)}x${')'.repeat(2000)}`).message).toMatch(/^Query nested too deeply/);
  });

  it('limits the query length with a KQL_SYNTAX error', () => {
    expect(parseKql(`a:${'x'.repeat(KQL_MAX_LENGTH - 2)}`)).toEqual(term('a', 'x'.repeat(KQL_MAX_LENGTH - 2)));
    const error = syntaxError(`a:${'x'.repeat(KQL_MAX_LENGTH - 1)}`);
    expect(error.message).toBe(`Query longer than ${KQL_MAX_LENGTH} characters at column ${KQL_MAX_LENGTH + 1}`);
    expect(error.details).toEqual({
      position: KQL_MAX_LENGTH,
      column: KQL_MAX_LENGTH + 1,
      expected: `at most ${KQL_MAX_LENGTH} characters`,
      found: '"x"',
    });
  });

  it('limits wildcard field names with a KQL_SYNTAX error', () => {
    const longest = `${'f'.repeat(KQL_MAX_FIELD_PATTERN_LENGTH - 1)}*`;
    expect(parseKql(`${longest}:x`)).toEqual(term(longest, 'x'));
    const error = syntaxError(`a:b or f${longest}:x`);
    expect(error.message).toBe(
      `Wildcard field name longer than ${KQL_MAX_FIELD_PATTERN_LENGTH} characters at column 8`,
    );
    expect(error.details.position).toBe(7);
    expect(syntaxError(`f${longest} > 3`).code).toBe('KQL_SYNTAX');
    expect(syntaxError(`f${longest}:{ a:b }`).code).toBe('KQL_SYNTAX');
    // a long field name without a wildcard is looked up by equality and needs no cap
    const plain = 'f'.repeat(KQL_MAX_FIELD_PATTERN_LENGTH * 4);
    expect(parseKql(`${plain}:x`)).toEqual(term(plain, 'x'));
  });

  it('rejects non-string input with KQL_SYNTAX', () => {
    expect(() => parseKql(42 as unknown as string)).toThrow(DriftwoodError);
  });
});
