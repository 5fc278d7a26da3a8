import { describe, expect, it } from 'vitest';
import type { Plan } from '../query-plan.ts';
import type { ColumnInfo } from './columns.ts';
import { compilePlan, prefilter } from './sql.ts';

const columns: Record<string, ColumnInfo> = {
  level: { field: 'level', type: 'keyword', column: 'level', list: false },
  tags: { field: 'tags', type: 'keyword', column: 'tags', list: true },
  message: { field: 'message', type: 'text', column: 'message#tok', list: false },
};
const compile = (plan: Plan) => compilePlan(plan, (f) => columns[f]).sql;
const level: Plan = { op: 'keyword_eq', field: 'level', value: 'error' };
const tag: Plan = { op: 'keyword_eq', field: 'tags', value: 'prod' };
// single common characters: no prefilter (see below)
const words: Plan = { op: 'text_any', field: 'message', tokens: ['a', 'e'] };

describe('compilePlan', () => {
  it('leaves conditions bare where NULL already means no match', () => {
    expect(compile(level)).toBe('("level" = $1)');
    expect(compile({ op: 'and', children: [level, words] })).toBe(
      '(("level" = $1) AND (contains("message#tok", $2) OR contains("message#tok", $3)))',
    );
    expect(compile({ op: 'not', child: { op: 'not', child: level } })).toBe('(NOT (NOT ("level" = $1)))');
  });

  it('makes a missing value false under an odd number of nots', () => {
    expect(compile({ op: 'not', child: level })).toBe('(NOT coalesce("level" = $1, FALSE))');
    expect(compile({ op: 'not', child: { op: 'or', children: [tag, words] } })).toBe(
      '(NOT (coalesce(len(list_filter("tags", x -> x = $1)) > 0, FALSE) OR coalesce(contains("message#tok", $2) OR contains("message#tok", $3), FALSE)))',
    );
  });

  it('tests a rare part of a token before the token itself', () => {
    const refused = compilePlan({ op: 'text_any', field: 'message', tokens: ['refused', 'e'] }, (f) => columns[f]);
    expect(refused.sql).toBe(
      '((contains("message#tok", $2) AND contains("message#tok", $1)) OR contains("message#tok", $3))',
    );
    expect(refused.params).toEqual([' refused ', 'fused', ' e ']);
    const phrase = compilePlan(
      { op: 'text_phrase', field: 'message', tokens: ['connection', 'refused'] },
      (f) => columns[f],
    );
    expect(phrase.sql).toBe('((contains("message#tok", $2) AND contains("message#tok", $1)))');
    expect(phrase.params).toEqual([' connection refused ', 'fused']);
    const wildcard = compilePlan(
      { op: 'text_wildcard', field: 'message', pattern: ['re', { wildcard: true }, 'sed'] } as Plan,
      (f) => columns[f],
    );
    expect(wildcard.sql).toBe('(contains("message#tok", $2) AND regexp_matches("message#tok", $1))');
    expect(wildcard.params).toEqual([' re[^ ]*sed ', 'd']);
  });
});

describe('prefilter', () => {
  it('starts at the rarest character, at most 8 long', () => {
    expect(prefilter(['refused'])).toBe('fused');
    expect(prefilter(['user'])).toBe('user');
    expect(prefilter(['a_very_long_identifier'])).toBe('_very_lo');
    expect(prefilter(['connection refused'])).toBe('fused');
    expect(prefilter(['ab', 'cd'])).toBe('b');
  });

  it('skips a single common character, keeps a rare one', () => {
    expect(prefilter(['e'])).toBeUndefined();
    expect(prefilter(['5'])).toBe('5');
    expect(prefilter(['q'])).toBe('q');
    expect(prefilter([])).toBeUndefined();
    expect(prefilter([' '])).toBeUndefined();
  });

  it('never splits a surrogate pair', () => {
    expect(prefilter(['😀'])).toBe('😀');
    expect(prefilter(['a😀b'])).toBe('😀b');
    expect(prefilter(['abcdefg😀'.replace('a', '€')])).toBe('€bcdefg');
    expect(prefilter(['ééééééé😀'])).toBe('ééééééé');
  });
});
