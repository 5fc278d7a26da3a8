import { parseKql } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { addFilter, combineQuery, filterLabel, filtersToKql, invertFilter, removeFilter } from './filters.ts';
import type { Filter } from './state.ts';

const is = (field: string, value: string, negate = false): Filter => ({ field, op: 'is', value, negate });

describe('filters → KQL', () => {
  it('prints phrases, negations and exists', () => {
    expect(filtersToKql([is('host.name', 'web "1"'), is('log.level', 'debug', true)])).toBe(
      'host.name:"web \\"1\\"" and not log.level:"debug"',
    );
    expect(filtersToKql([{ field: 'and', op: 'exists', negate: false }])).toBe('"and":*');
  });

  it('combines with the query by `and`, keeping the query grouped', () => {
    expect(combineQuery('', [])).toBe('');
    expect(combineQuery(' a or b ', [])).toBe('a or b');
    const q = combineQuery('a or b', [is('x', '1')]);
    expect(q).toBe('(a or b) and x:"1"');
    expect(parseKql(q)).toMatchObject({ type: 'and' });
  });

  it('combined queries always parse, whatever the values', () => {
    for (const v of ['', '\\', '"', 'a) or (b', '*', 'not', '\n']) {
      expect(() => parseKql(combineQuery('message:x', [is('f', v)]))).not.toThrow();
    }
  });

  it('adds (replacing the same target), removes and inverts', () => {
    const a = addFilter([], is('h', 'x'));
    expect(addFilter(a, is('h', 'x', true))).toEqual([is('h', 'x', true)]);
    expect(addFilter(a, is('h', 'y'))).toHaveLength(2);
    expect(removeFilter(a, 0)).toEqual([]);
    expect(invertFilter(a, 0)).toEqual([is('h', 'x', true)]);
    expect(filterLabel(is('h', 'x', true))).toBe('NOT h: x');
  });
});
