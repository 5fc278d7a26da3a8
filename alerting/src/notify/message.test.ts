import { parseRule, type RuleInput } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { MINUTE, T0 } from '../test-helpers.ts';
import { buildContent, defaultSubject, discoverLink, formatValue } from './message.ts';

const rule = (over: Partial<RuleInput> = {}) =>
  parseRule({
    id: 'errors',
    name: 'Errors',
    query: 'log.level:error',
    condition: { type: 'count', comparator: '>', threshold: 10 },
    tags: ['prod', 'api'],
    ...over,
  });
const window = { from: T0 - 5 * MINUTE, to: T0 };
const from = new Date(window.from).toISOString();
const to = new Date(window.to).toISOString();

describe('notification content', () => {
  it('a firing count: text, subject, Discover link and the webhook payload say the same', () => {
    const c = buildContent({
      id: 'n1',
      rule: rule(),
      group: null,
      transition: 'firing',
      value: 42,
      window,
      publicUrl: 'http://ui.test/',
    });
    expect(c.text).toBe(`FIRING: Errors — count is 42 (threshold > 10) in ${from} – ${to}`);
    expect(c.subject).toBe('[Driftwood firing] Errors');
    expect(c.link).toBe(
      `http://ui.test/discover?q=log.level%3Aerror&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(c.values).toMatchObject({ 'rule.tags': 'prod, api', value: '42', state: 'firing', time: to, group: '' });
    expect(c.payload).toEqual({
      id: 'n1',
      rule: { id: 'errors', name: 'Errors', query: 'log.level:error', tags: ['prod', 'api'] },
      group: null,
      transition: 'firing',
      state: 'firing',
      measure: 'count',
      value: 42,
      threshold: { comparator: '>', value: 10, text: '> 10' },
      window: { from, to },
      time: to,
      link: c.link,
      message: c.text,
    });
  });

  it('grouped, renotify and resolved; the group narrows the link; a metric with no data', () => {
    const grouped = rule({
      condition: { type: 'metric', agg: 'p95', field: 'event.duration', comparator: 'between', threshold: [1, 5] },
      group_by: { field: 'host.name' },
    });
    const still = buildContent({
      id: 'n2',
      rule: grouped,
      group: 'web-1',
      transition: 'renotify',
      value: 1.23456789,
      window,
      publicUrl: 'http://ui.test',
    });
    expect(still.text).toBe(
      `STILL FIRING: Errors [host.name=web-1] — p95(event.duration) is 1.23457 (threshold between 1 and 5) in ${from} – ${to}`,
    );
    expect(new URL(still.link).searchParams.get('q')).toBe('log.level:error and host.name:"web-1"');
    expect(still.payload.group).toEqual({ field: 'host.name', value: 'web-1' });
    expect(still.payload.threshold).toEqual({ comparator: 'between', value: [1, 5], text: 'between 1 and 5' });
    const resolved = buildContent({
      id: 'n3',
      rule: grouped,
      group: 'web-1',
      transition: 'resolved',
      value: null,
      window,
      publicUrl: 'http://ui.test',
    });
    expect(resolved.text).toMatch(
      /^RESOLVED: Errors \[host\.name=web-1\] — p95\(event\.duration\) is unknown \(no data\)/,
    );
    expect(resolved.subject).toBe('[Driftwood resolved] Errors [host.name=web-1]');
    expect(resolved.payload).toMatchObject({ state: 'resolved', value: null });
  });

  it('no-data rules and the rule message template', () => {
    const silent = rule({ query: '', condition: { type: 'no_data' } });
    const firing = buildContent({
      id: 'n4',
      rule: silent,
      group: null,
      transition: 'firing',
      value: 0,
      window,
      publicUrl: 'http://ui.test',
    });
    expect(firing.text).toBe(`FIRING: Errors — no matching events in ${from} – ${to}`);
    expect(new URL(firing.link).searchParams.get('q')).toBe('');
    expect(firing.payload.threshold).toEqual({ comparator: 'no_data', value: null, text: 'no data' });
    const back = buildContent({
      ...{ id: 'n5', rule: silent, group: null, value: 3, window },
      transition: 'resolved',
      publicUrl: 'x',
    });
    expect(back.text).toContain('data is arriving again');
    const custom = buildContent({
      id: 'n6',
      rule: rule({ message: '{{rule.name}}: {{value}} {{ threshold }} {{state}} {{link}}' }),
      group: null,
      transition: 'firing',
      value: 11,
      window,
      publicUrl: 'http://ui.test',
    });
    expect(custom.text).toBe(`Errors: 11 > 10 firing ${custom.link}`);
    expect(custom.payload.message).toBe(custom.text);
  });

  it('formats values and subjects', () => {
    expect(formatValue(null)).toBe('');
    expect(formatValue(12)).toBe('12');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(1234567.891)).toBe('1234570');
    expect(discoverLink('http://ui.test///', { query: 'a:1', group_by: undefined }, null, window)).toMatch(
      /^http:\/\/ui\.test\/discover\?q=a%3A1&/,
    );
    const v = buildContent({
      id: 'x',
      rule: rule(),
      group: null,
      transition: 'firing',
      value: 1,
      window,
      publicUrl: 'u',
    }).values;
    expect(defaultSubject({ ...v, state: 'resolved' })).toBe('[Driftwood resolved] Errors');
  });
});
