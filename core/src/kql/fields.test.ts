import { describe, expect, it } from 'vitest';
import { kqlFields } from './fields.ts';
import { parseKql } from './parse.ts';

describe('kqlFields', () => {
  const cases: Array<[string, string[]]> = [
    ['', []],
    ['error and "x y"', []],
    ['a:1 and b > 2 or not c:* and a:3', ['a', 'b', 'c']],
    ['http.*:500', ['http.*']],
    ['items:{ name:x and stock > 1 }', ['items.name', 'items.stock']],
    ['items:{ banana }', ['items']],
    ['a:{ b:{ c:1 } }', ['a.b.c']],
    ['f:(x or y)', ['f']],
  ];
  for (const [query, fields] of cases) {
    it(`lists fields of ${JSON.stringify(query)}`, () => {
      expect(kqlFields(parseKql(query))).toEqual(fields);
    });
  }
});
