import { describe, expect, it } from 'vitest';
import type { KqlNode } from './ast.ts';
import { normalizeKql } from './normalize.ts';
import { ALL, and, exists, nested, or, term, W } from './test-helpers.ts';

describe('normalizeKql', () => {
  const cases: Array<[KqlNode, KqlNode]> = [
    [
      and(term(null, 'a'), and(term(null, 'b'), term(null, 'c'))),
      and(term(null, 'a'), term(null, 'b'), term(null, 'c')),
    ],
    [or(term(null, 'a')), term(null, 'a')],
    [and(), ALL],
    [term('f', W), exists('f')],
    [term(null, W), ALL],
    [term('*', W), ALL],
    [exists('*'), ALL],
    [nested('p', or(or(term('a', '1'), term('b', '2')))), nested('p', or(term('a', '1'), term('b', '2')))],
    [
      { type: 'match', field: 'f', value: { kind: 'term', text: 'x*', wildcard: true, pattern: ['', 'x', '', W] } },
      term('f', 'x', W),
    ],
    [{ type: 'match', field: 'f', value: { kind: 'term', text: 'x', wildcard: true, pattern: ['x'] } }, term('f', 'x')],
  ];
  cases.forEach(([input, output], i) => {
    it(`normalizes case ${i + 1}`, () => {
      expect(normalizeKql(input)).toEqual(output);
    });
  });
});
