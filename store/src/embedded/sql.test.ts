import { describe, expect, it } from 'vitest';
import type { Plan } from '../query-plan.ts';
import type { ColumnInfo } from './columns.ts';
import { compilePlan } from './sql.ts';

const columns: Record<string, ColumnInfo> = {
  level: { field: 'level', type: 'keyword', column: 'level', list: false },
  tags: { field: 'tags', type: 'keyword', column: 'tags', list: true },
  message: { field: 'message', type: 'text', column: 'message#tok', list: false },
};
const compile = (plan: Plan) => compilePlan(plan, (f) => columns[f]).sql;
const level: Plan = { op: 'keyword_eq', field: 'level', value: 'error' };
const tag: Plan = { op: 'keyword_eq', field: 'tags', value: 'prod' };
const words: Plan = { op: 'text_any', field: 'message', tokens: ['a', 'b'] };

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
});
