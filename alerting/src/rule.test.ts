import { isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { breaches, parseRule } from './rule.ts';
import { dueSlot, windowFor } from './schedule.ts';
import { renderTemplate, templateError } from './template.ts';

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
      expect(paths).toEqual(expect.arrayContaining(['', 'every', 'condition.threshold', 'message']));
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
});

describe('schedule', () => {
  const timing = { everyMs: 60_000, windowMs: 300_000, delayMs: 0 };
  it('pins the window to the slot and runs each slot once; after downtime only the latest', () => {
    const t = Date.UTC(2024, 0, 1, 10, 0);
    expect(dueSlot(t + 59_999, timing, undefined)).toBe(t);
    expect(windowFor(t, timing)).toEqual({ from: t - 300_000, to: t });
    expect(dueSlot(t + 30_000, timing, t)).toBeUndefined();
    expect(dueSlot(t + 3_600_000 + 5, timing, t)).toBe(t + 3_600_000);
    expect(dueSlot(t + 10_000, { ...timing, delayMs: 15_000 }, undefined)).toBe(t - 60_000);
  });
});

describe('template', () => {
  it('renders known variables and rejects unknown ones', () => {
    expect(templateError('{{ rule.name }} at {{time}}')).toBeUndefined();
    expect(templateError('{{rule.nam}}')).toMatch(/unknown template variable/);
    const values = { 'rule.name': 'Errors', time: 'T' } as Parameters<typeof renderTemplate>[1];
    expect(renderTemplate('{{ rule.name }} at {{time}}', values)).toBe('Errors at T');
  });
});
