import { describe, expect, it } from 'vitest';
import { apiParams, readApiQuery } from './api-params.ts';
import { DEFAULT_STATE } from './state.ts';

describe('API parameters', () => {
  it('API parameters carry a resolved range that reads back unchanged', () => {
    const p = apiParams({ ...DEFAULT_STATE, query: 'x', from: 'now-1h' }, { from: 10, to: 20 }, { size: 5 });
    expect(p.get('from')).toBe('10');
    expect(readApiQuery(p)).toEqual({
      ok: true,
      value: {
        query: 'x',
        filters: [],
        columns: ['message'],
        sort: DEFAULT_STATE.sort,
        interval: 'auto',
        from: 10,
        to: 20,
      },
    });
    expect(readApiQuery(new URLSearchParams('from=bogus&to=now'))).toMatchObject({ ok: false });
    expect(readApiQuery(new URLSearchParams(''))).toMatchObject({ ok: true, value: { query: '' } });
  });
});
