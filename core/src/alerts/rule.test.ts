import { describe, expect, it } from 'vitest';
import { isDriftwoodError } from '../errors.ts';
import {
  ACTION_TYPES,
  actionSchema,
  breaches,
  CONDITION_TYPES,
  conditionSchema,
  parseRule,
  upgradeRuleKeys,
} from './rule.ts';

const minimal = { id: 'r1', name: 'Errors', condition: { type: 'count', comparator: '>', threshold: 10 } };

describe('rule schema', () => {
  it('fills defaults', () => {
    const rule = parseRule(minimal);
    expect(rule).toMatchObject({ every: '1m', window: '5m', for: 1, enabled: true, muted: false, actions: [] });
  });

  it('rejects unknown keys, bad KQL, bad thresholds, bad templates with every problem listed', () => {
    try {
      parseRule({
        ...minimal,
        query: 'status:(',
        every: 'soon',
        condition: { type: 'count', comparator: 'between', threshold: 3 },
        message: 'hi {{nope}}',
        extra: 1,
      });
      expect.unreachable();
    } catch (error) {
      expect(isDriftwoodError(error, 'INPUT_INVALID')).toBe(true);
      const paths = ((error as { details: { issues: Array<{ path: string }> } }).details.issues ?? []).map(
        (i) => i.path,
      );
      expect(paths).toEqual(expect.arrayContaining(['extra', 'every', 'condition.threshold', 'message']));
      expect((error as Error).message).toMatch(/extra: unknown key `extra` \(known keys: /);
    }
    expect(() => parseRule({ ...minimal, query: 'a:(' })).toThrow(/query/);
  });

  it('compares with every comparator; a missing metric never breaches', () => {
    const c = (comparator: string, threshold: number | [number, number]) =>
      parseRule({ ...minimal, condition: { type: 'count', comparator, threshold } }).condition;
    expect(breaches(c('>', 10), 11)).toBe(true);
    expect(breaches(c('>', 10), 10)).toBe(false);
    expect(breaches(c('>=', 10), 10)).toBe(true);
    expect(breaches(c('<', 10), 9)).toBe(true);
    expect(breaches(c('<=', 10), 11)).toBe(false);
    expect(breaches(c('between', [1, 5]), 5)).toBe(true);
    expect(breaches(c('between', [1, 5]), 6)).toBe(false);
    expect(breaches(c('>', 10), null)).toBe(false);
    expect(breaches({ type: 'no_data' }, 0)).toBe(true);
    expect(breaches({ type: 'no_data' }, 3)).toBe(false);
  });

  it('lists every condition and action type the schema has', () => {
    const types = (union: { options: Array<{ shape: { type: { value: string } } }> }) =>
      union.options.map((o) => o.shape.type.value);
    expect(types(conditionSchema as never)).toEqual([...CONDITION_TYPES]);
    expect(types(actionSchema as never)).toEqual([...ACTION_TYPES]);
  });
});

describe('rules written before every key was snake_case', () => {
  it('read groupBy and snoozedUntil as group_by and snoozed_until; a key given both ways keeps the new one', () => {
    const old = parseRule({ ...minimal, groupBy: { field: 'host.name' }, snoozedUntil: '2030-01-01T00:00:00Z' });
    expect(old.group_by).toEqual({ field: 'host.name', limit: 10 });
    expect(old.snoozed_until).toBe('2030-01-01T00:00:00Z');
    expect(Object.keys(old)).not.toContain('groupBy');
    const both = parseRule({ ...minimal, groupBy: { field: 'old' }, group_by: { field: 'new' } });
    expect(both.group_by?.field).toBe('new');
    expect(upgradeRuleKeys('not a rule')).toBe('not a rule');
    const plain = { ...minimal };
    expect(upgradeRuleKeys(plain)).toBe(plain);
  });
});
