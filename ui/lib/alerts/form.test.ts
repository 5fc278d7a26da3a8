import { parseRule } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import {
  emptyAction,
  emptyForm,
  formFromRule,
  formToRule,
  issuesToErrors,
  parseHeaders,
  type RuleForm,
  splitAddresses,
  validateForm,
  visibleErrors,
} from './form.ts';

const countForm = (patch: Partial<RuleForm> = {}): RuleForm => ({
  ...emptyForm(),
  name: 'Errors',
  query: 'log.level:error',
  threshold: '10',
  ...patch,
});

describe('rule form model', () => {
  it('turns a count form into a rule the engine accepts', () => {
    const form = countForm({ actions: [{ ...emptyAction('webhook'), url: 'http://127.0.0.1:9/hook' } as never] });
    expect(validateForm(form)).toEqual({});
    const rule = formToRule(form);
    expect(rule).toEqual({
      name: 'Errors',
      enabled: true,
      query: 'log.level:error',
      every: '1m',
      window: '5m',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      for: 1,
      actions: [{ type: 'webhook', url: 'http://127.0.0.1:9/hook', headers: {} }],
    });
    expect(parseRule({ ...rule, id: 'x' }).condition).toEqual({ type: 'count', comparator: '>', threshold: 10 });
  });

  it('round-trips every rule type through the form', () => {
    const rules = [
      {
        id: 'm',
        name: 'Slow',
        query: 'service.name:api',
        every: '5m',
        window: '15m',
        delay: '30s',
        condition: { type: 'metric', agg: 'p95', field: 'event.duration', comparator: 'between', threshold: [1, 5.5] },
        group_by: { field: 'host.name', limit: 3 },
        for: 2,
        renotify: '1h',
        message: '{{rule.name}} {{value}}',
        actions: [
          { type: 'webhook', id: 'hook', url: 'https://h.example/x', headers: { authorization: 'Bearer t' } },
          { type: 'slack', url: 'https://hooks.slack.com/services/a/b' },
          { type: 'email', to: ['a@example.com', 'b@example.com'], subject: '[{{state}}] {{rule.name}}' },
        ],
      },
      {
        id: 'n',
        name: 'Silent',
        query: '',
        condition: { type: 'no_data' },
        group_by: { field: 'device.id', limit: 50 },
      },
      { id: 'c', name: 'Low', condition: { type: 'count', comparator: '<=', threshold: 0 } },
    ];
    for (const input of rules) {
      const stored = parseRule(input);
      const form = formFromRule(stored);
      expect(validateForm(form)).toEqual({});
      const back = parseRule({ ...formToRule(form), id: stored.id });
      expect(back).toEqual(stored);
    }
  });

  it('sends null for emptied optional keys when patching', () => {
    const stored = parseRule({
      id: 'r',
      name: 'R',
      renotify: '1h',
      delay: '15s',
      message: 'x',
      group_by: { field: 'host.name' },
      condition: { type: 'count', comparator: '>', threshold: 1 },
    });
    const form = { ...formFromRule(stored), renotify: '', delay: '', message: '', groupBy: '' };
    const patch = formToRule(form, { forPatch: true });
    expect(patch).toMatchObject({ renotify: null, delay: null, message: null, group_by: null });
    expect('renotify' in formToRule(form)).toBe(false);
  });

  it('names what to fix, per field', () => {
    const errors = validateForm(
      countForm({
        name: ' ',
        query: 'log.level:(',
        window: '5 minutes',
        every: '500ms',
        threshold: 'ten',
        for: '0',
        actions: [
          { type: 'webhook', url: 'ftp://x', headers: 'no colon' },
          { type: 'slack', url: '' },
          { type: 'email', to: 'ops@example.com, nobody', subject: '' },
        ],
      }),
    );
    expect(errors).toMatchObject({
      name: 'required',
      window: expect.stringContaining('unit'),
      every: 'at least 1s',
      threshold: 'must be a number',
      for: expect.stringContaining('whole number'),
      'actions.0.url': expect.stringContaining('http'),
      'actions.0.headers': expect.stringContaining('line 1'),
      'actions.1.url': 'required',
      'actions.2.to': 'not an email address: nobody',
    });
    expect(errors.query).toMatch(/column 12/);
  });

  it('checks both bounds of between, a metric field and the group limit', () => {
    expect(validateForm(countForm({ comparator: 'between', threshold: '5', thresholdHigh: '1' }))).toEqual({
      thresholdHigh: 'must not be below the low threshold',
    });
    expect(validateForm(countForm({ type: 'metric', field: '' })).field).toMatch(/required/);
    expect(validateForm(countForm({ groupBy: 'host.name', groupLimit: '0' })).groupLimit).toMatch(/1 to 1000/);
    expect(validateForm(countForm({ type: 'no_data', threshold: '' }))).toEqual({});
  });

  it('shows only errors of touched fields until submitted', () => {
    const errors = validateForm({ ...emptyForm(), query: 'a:(' });
    expect(Object.keys(visibleErrors(errors, new Set(['query']), false))).toEqual(['query']);
    expect(Object.keys(visibleErrors(errors, new Set(), true)).sort()).toEqual(['name', 'query', 'threshold']);
  });

  it('maps server issues to form fields', () => {
    expect(
      issuesToErrors([
        { path: 'condition.threshold', message: '`between` needs a threshold [low, high]' },
        { path: 'actions[1].to[0]', message: 'Invalid email' },
        { path: 'actions[0]', message: 'bad' },
        { path: 'tags', message: 'too many' },
        { path: '', message: 'whole rule' },
      ]),
    ).toEqual({
      threshold: '`between` needs a threshold [low, high]',
      'actions.1.to': 'Invalid email',
      'actions.0.url': 'bad',
      form: 'tags: too many; whole rule',
    });
  });

  it('parses headers and addresses', () => {
    expect(parseHeaders('Authorization: Bearer a:b\n\nX-Team: ops')).toEqual({
      headers: { Authorization: 'Bearer a:b', 'X-Team': 'ops' },
    });
    expect(splitAddresses(' a@x.io,b@y.io;\nc@z.io ')).toEqual(['a@x.io', 'b@y.io', 'c@z.io']);
  });
});
