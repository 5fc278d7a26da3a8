import { describe, expect, it } from 'vitest';
import { decodeState } from '../discover/state.ts';
import { discoverHref, historyTitle, isSnoozed, lastWindow, relativeTime, statusText } from './present.ts';
import type { HistoryEntry, Rule } from './types.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const rule = { query: 'log.level:error', window: '5m', group_by: { field: 'host.name', limit: 10 } } as Rule;

describe('presenting rules', () => {
  it('says how long ago', () => {
    expect(relativeTime(undefined, NOW)).toBe('never');
    expect(relativeTime(new Date(NOW - 10_000).toISOString(), NOW)).toBe('just now');
    expect(relativeTime(new Date(NOW - 5 * 60_000).toISOString(), NOW)).toBe('5 min ago');
    expect(relativeTime(new Date(NOW + 3 * 3_600_000).toISOString(), NOW)).toBe('in 3 h');
  });

  it('links to Discover in its own URL format: query, window, group filter', () => {
    const href = discoverHref(rule, {
      window: { from: '2026-03-01T11:55:00.000Z', to: '2026-03-01T12:00:00.000Z' },
      group: 'web-1',
    });
    expect(href.startsWith('/discover?')).toBe(true);
    const state = decodeState(new URLSearchParams(href.slice('/discover?'.length)));
    expect(state.query).toBe('log.level:error');
    expect(state.from).toBe('2026-03-01T11:55:00.000Z');
    expect(state.to).toBe('2026-03-01T12:00:00.000Z');
    expect(state.filters).toEqual([{ field: 'host.name', op: 'is', value: 'web-1', negate: false }]);
    const relative = decodeState(new URLSearchParams(discoverHref(rule).split('?')[1]));
    expect([relative.from, relative.to, relative.filters]).toEqual(['now-5m', 'now', []]);
  });

  it('derives the last window, snooze and status text', () => {
    expect(lastWindow({ lastWindowEnd: '2026-03-01T12:00:00.000Z', rule })).toEqual({
      from: '2026-03-01T11:55:00.000Z',
      to: '2026-03-01T12:00:00.000Z',
    });
    expect(isSnoozed({ snoozedUntil: new Date(NOW + 1).toISOString() }, NOW)).toBe(true);
    expect(isSnoozed({ snoozedUntil: new Date(NOW - 1).toISOString() }, NOW)).toBe(false);
    expect(statusText({ status: 'firing', firing: 2, rule })).toBe('Firing (2 groups)');
    expect(statusText({ status: 'ok', firing: 0, rule })).toBe('OK');
  });

  it('titles history entries', () => {
    const evaluation: HistoryEntry = {
      kind: 'evaluation',
      at: '2026-03-01T12:00:00.000Z',
      window: { from: '2026-03-01T11:55:00.000Z', to: '2026-03-01T12:00:00.000Z' },
      measure: 'count',
      durationMs: 3,
      results: [{ group: null, value: 15, threshold: '> 10', state: 'firing', transition: 'firing' }],
    };
    expect(historyTitle(evaluation)).toBe('Evaluated count: firing — rule firing');
    expect(
      historyTitle({
        kind: 'notification',
        at: evaluation.at,
        intentId: 'abc',
        action: 'webhook-0',
        actionType: 'webhook',
        transition: 'firing',
        group: null,
        status: 'sent',
        attempt: 1,
      }),
    ).toBe('Firing notification via webhook (webhook-0) sent');
  });
});
