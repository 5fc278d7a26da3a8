import type { Dashboard } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import {
  decodeFilter,
  decodeRange,
  decodeView,
  defaultView,
  encodeFilter,
  encodeView,
  viewToSearch,
} from './view-state.ts';

const dash: Pick<Dashboard, 'time' | 'query' | 'filters' | 'refresh' | 'controls'> = {
  time: { from: 'now-7d', to: 'now' },
  query: 'http.response.status_code:*',
  filters: [{ query: 'event.dataset:nginx.access', label: 'nginx' }],
  refresh: '1m',
  controls: [
    { type: 'options', field: 'host.name', label: 'Host' },
    { type: 'range', field: 'http.response.status_code', label: 'Status', min: 100, max: 599 },
  ],
};

const roundTrip = (search: string) => decodeView(new URLSearchParams(search), dash);

describe('dashboard view ⇄ URL', () => {
  it("opens with the dashboard's own time, query, filters and refresh, and writes none of them", () => {
    const v = defaultView(dash);
    expect(v).toEqual({
      from: 'now-7d',
      to: 'now',
      query: 'http.response.status_code:*',
      filters: [{ query: 'event.dataset:nginx.access', label: 'nginx' }],
      controls: {},
      refreshMs: 60_000,
    });
    expect(viewToSearch(v, dash)).toBe('');
    expect(decodeView(new URLSearchParams(''), dash)).toEqual(v);
    expect(defaultView({})).toMatchObject({ from: 'now-24h', to: 'now', query: '', filters: [], refreshMs: 0 });
  });

  it('round-trips time, query, filters, control choices and refresh', () => {
    const v = {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      query: 'a:"x:y" and b:1',
      filters: [
        { query: 'service.name:"a:b"', label: 'service.name: a:b', negate: true },
        { query: 'x >= 5', disabled: true },
      ],
      controls: {
        'host.name': { type: 'options' as const, values: ['web-1', 'web 2'] },
        'http.response.status_code': { type: 'range' as const, min: 500 },
      },
      refreshMs: 0,
    };
    const search = viewToSearch(v, dash);
    expect(roundTrip(search)).toEqual(v);
    const p = new URLSearchParams(search);
    expect(p.get('refresh')).toBe('off');
    expect(p.getAll('c.host.name')).toEqual(['web-1', 'web 2']);
    expect(p.get('c.http.response.status_code')).toBe('500..');
  });

  it('keeps an emptied query and an emptied filter bar apart from the defaults', () => {
    const v = { ...defaultView(dash), query: '', filters: [] };
    const search = viewToSearch(v, dash);
    expect(new URLSearchParams(search).get('q')).toBe('');
    expect(new URLSearchParams(search).getAll('f')).toEqual(['']);
    expect(roundTrip(search)).toEqual(v);
  });

  it('ignores what it cannot read: a bad filter, a range with no bound, a control the dashboard lacks', () => {
    const v = roundTrip('f=zz&f=::a:1&f=:L:b:2&c.http.response.status_code=..&c.other=1&refresh=soon&from=now-1h');
    expect(v.filters).toEqual([{ query: 'a:1' }, { query: 'b:2', label: 'L' }]);
    expect(v.controls).toEqual({});
    expect(v.refreshMs).toBe(0);
    expect(v.from).toBe('now-7d'); // a lone from is not a range
  });

  it('encodes pills compactly and reads them back', () => {
    const f = { query: 'a:1', label: 'A: 1', negate: true, disabled: true };
    expect(encodeFilter(f)).toBe('nd:A%3A%201:a:1');
    expect(decodeFilter(encodeFilter(f))).toEqual(f);
    expect(decodeFilter('::  ')).toBeUndefined();
    expect(decodeFilter(':%E0%A4%A:a:1')).toBeUndefined();
    expect(decodeRange('1.5..')).toEqual({ min: 1.5 });
    expect(decodeRange('..-3')).toEqual({ max: -3 });
    expect(decodeRange('x..y')).toBeUndefined();
    expect(decodeRange('5')).toBeUndefined();
    expect(encodeView({ ...defaultView(dash), refreshMs: 30_000 }, dash).toString()).toBe('refresh=30s');
  });
});
