import { describe, expect, it } from 'vitest';
import type { KqlNode } from './ast.ts';
import { normalizeKql } from './normalize.ts';
import { parseKql } from './parse.ts';
import { printKql, printKqlField, quoteKql } from './print.ts';
import { ALL, and, exists, nested, not, or, phrase, range, term, W } from './test-helpers.ts';

describe('printKql: canonical output', () => {
  const cases: Array<[ast: KqlNode, printed: string]> = [
    [ALL, '*'],
    [term(null, 'error'), 'error'],
    [phrase(null, 'connection refused'), '"connection refused"'],
    [term('status', '200'), 'status:200'],
    [term('message', 'foo bar'), 'message:foo bar'],
    [phrase('f', 'say "hi" \\o/'), 'f:"say \\"hi\\" \\\\o/"'],
    [term('host.name', 'web-', W), 'host.name:web-*'],
    [term('f', 'a*b'), 'f:a\\*b'],
    [term('f', 'a*', W), 'f:a\\**'],
    [term('f', 'a(b):c<d>"e"{f}\\'), 'f:a\\(b\\)\\:c\\<d\\>\\"e\\"\\{f\\}\\\\'],
    [term('f', ' padded '), 'f:\\ padded\\ '],
    [term('f', 'tab\there'), 'f:tab\\there'],
    [term('f', 'line\nbreak'), 'f:line\\nbreak'],
    [term('f', '\not'), 'f:\\u000aot'],
    [term('f', '\nothing'), 'f:\\nothing'],
    [term(null, 'a or b'), 'a \\or b'],
    [term(null, 'not x'), '\\not x'],
    [term(null, 'x AND y'), 'x \\AND y'],
    [term(null, 'or'), '\\or'],
    [term(null, 'cannot'), 'cannot'],
    [term(null, 'ordering'), 'ordering'],
    [exists('f'), 'f:*'],
    [range('bytes', 'gte', '5'), 'bytes >= 5'],
    [range('bytes', 'lt', '-1'), 'bytes < -1'],
    [range('@timestamp', 'gt', '2024-01-01T00:00:00Z'), '@timestamp > "2024-01-01T00:00:00Z"'],
    [range('f', 'lte', ''), 'f <= ""'],
    [range('f', 'lte', 'not'), 'f <= "not"'],
    [nested('items', and(term('name', 'x'), range('stock', 'gt', '3'))), 'items:{ name:x and stock > 3 }'],
    [term('my field', 'x'), '"my field":x'],
    [term('a:b', 'x'), '"a:b":x'],
    [term('http.*', '500'), 'http.*:500'],
    [term('not', 'x'), '"not":x'],
    [or(term(null, 'a'), and(term(null, 'b'), term(null, 'c'))), 'a or b and c'],
    [and(or(term(null, 'a'), term(null, 'b')), term(null, 'c')), '(a or b) and c'],
    [not(or(term(null, 'a'), term(null, 'b'))), 'not (a or b)'],
    [not(and(term(null, 'a'), term(null, 'b'))), 'not (a and b)'],
    [not(not(term(null, 'a'))), 'not not a'],
    [and(term(null, 'a'), and(term(null, 'b'), term(null, 'c'))), 'a and (b and c)'],
    [or(term(null, 'a'), or(term(null, 'b'), term(null, 'c'))), 'a or (b or c)'],
    [and(not(term('a', '1')), ALL), 'not a:1 and *'],
  ];
  for (const [ast, printed] of cases) {
    it(`prints ${printed}`, () => {
      expect(printKql(ast)).toBe(printed);
      expect(parseKql(printed)).toEqual(normalizeKql(ast));
    });
  }
});

describe('printKql: round trips of written queries', () => {
  const queries = [
    'status:(200 or 404) and not log.level:debug',
    'NOT a AND b OR c',
    'message:"connection refused" or *timeout*',
    '@timestamp >= "2024-01-01" and @timestamp < "2024-02-01"',
    'items:{ name:banana and not stock <= 0 }',
    'a\\ or b:c\\:d',
    'f:\\not x and g:\\u0041',
    '"quoted field":"quoted value" or x:y*z\\*',
    'a and (b or (c and (d or e)))',
    'not not not x',
    'http.*:5* and *.name:*',
  ];
  for (const query of queries) {
    it(`round-trips ${JSON.stringify(query)}`, () => {
      const ast = parseKql(query);
      expect(parseKql(printKql(ast))).toEqual(ast);
    });
  }
});

describe('quoteKql / printKqlField', () => {
  it('escapes only quotes and backslashes inside quotes', () => {
    expect(quoteKql('a "b" \\ * ( )')).toBe('"a \\"b\\" \\\\ * ( )"');
  });
  it('keeps safe field names bare and quotes the rest', () => {
    expect(printKqlField('host.name')).toBe('host.name');
    expect(printKqlField('*.name')).toBe('*.name');
    expect(printKqlField('a b')).toBe('"a b"');
    expect(printKqlField('OR')).toBe('"OR"');
    expect(printKqlField('')).toBe('""');
  });
});
