import { describe, expect, it } from 'vitest';
import { fromSavedAttributes, savedSearchId, toSavedAttributes } from './saved.ts';
import { DEFAULT_STATE, type DiscoverState } from './state.ts';

describe('saved searches', () => {
  it('saved attributes round-trip a view', () => {
    const state: DiscoverState = {
      ...DEFAULT_STATE,
      query: 'a',
      filters: [{ field: 'f', op: 'is', value: 'v', negate: false }],
      columns: ['message', 'x'],
      interval: '1h',
      from: 'now-7d',
    };
    expect(fromSavedAttributes({ ...toSavedAttributes(state) }, 'id1')).toEqual({ ...state, savedId: 'id1' });
    expect(fromSavedAttributes({ columns: 5, sort: ['bad'] })).toEqual({ ...DEFAULT_STATE });
    expect(savedSearchId('Errors: by Host!', 'ab12')).toBe('errors-by-host-ab12');
  });
});
