import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  type DiscoverState,
  decodeFilter,
  decodeState,
  encodeFilter,
  encodeState,
  moveColumn,
  stateToSearch,
  toggleColumn,
  toggleSort,
} from './state.ts';

describe('URL state', () => {
  it('omits defaults and round-trips a full view', () => {
    expect(stateToSearch({ ...DEFAULT_STATE })).toBe('');
    const state: DiscoverState = {
      query: 'log.level:error and "a b"',
      from: '2024-05-01T00:00:00.000Z',
      to: 'now',
      filters: [
        { field: 'host.name', op: 'is', value: 'web:1 & x', negate: false },
        { field: 'odd:field', op: 'exists', negate: true },
      ],
      columns: ['message', 'service.name'],
      sort: [{ field: 'http.response.status_code', order: 'asc' }],
      interval: '5m',
      refreshMs: 10_000,
      tail: true,
      savedId: 'abc',
    };
    const params = new URLSearchParams(encodeState(state).toString());
    expect(decodeState(params)).toEqual(state);
    expect(params.get('refresh')).toBe('10s');
  });

  it('ignores malformed parameters', () => {
    const s = decodeState(new URLSearchParams('f=bogus&f=is:&sort=x:up&i=fast&refresh=soon&col='));
    expect(s.filters).toEqual([]);
    expect(s.sort).toEqual(DEFAULT_STATE.sort);
    expect(s.interval).toBe('auto');
    expect(s.refreshMs).toBe(0);
    expect(s.columns).toEqual(['message']);
  });

  it('encodes filters with the field URI-encoded and the value raw', () => {
    expect(encodeFilter({ field: 'a:b', op: 'is', value: 'x:y', negate: true })).toBe('not:a%3Ab:x:y');
    expect(decodeFilter('not:a%3Ab:x:y')).toEqual({ field: 'a:b', op: 'is', value: 'x:y', negate: true });
    expect(decodeFilter('is:f:')).toEqual({ field: 'f', op: 'is', value: '', negate: false });
  });

  it('columns and sort helpers', () => {
    expect(toggleColumn(['message'], 'host.name')).toEqual(['message', 'host.name']);
    expect(toggleColumn(['message'], 'message')).toEqual(['message']);
    expect(moveColumn(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b']);
    expect(moveColumn(['a', 'b'], 'a', -1)).toEqual(['a', 'b']);
    expect(toggleSort([{ field: '@timestamp', order: 'desc' }], '@timestamp')).toEqual([
      { field: '@timestamp', order: 'asc' },
    ]);
    expect(toggleSort([{ field: '@timestamp', order: 'desc' }], 'x')).toEqual([{ field: 'x', order: 'desc' }]);
  });
});
