import { describe, expect, it } from 'vitest';
import { intParam, limitParam, requiredParam, routeQuery, searchAfterParam } from './query.ts';

const url = (query: string) => new URL(`http://localhost/api/search?${query}`);

describe('route query parameters', () => {
  it('parses the query bar and the filters into one store query with the time range', () => {
    const q = routeQuery(url('q=log.level:error&from=1000&to=2000'));
    expect(q.input).toMatchObject({ from: 1000, to: 2000 });
    expect(q.input.query).toBeDefined();
    expect(routeQuery(url('')).input.query).toBeUndefined();
  });
  it("reports a syntax error at the user's own column", () => {
    expect(() => routeQuery(url('q=log.level:('))).toThrow(expect.objectContaining({ code: 'KQL_SYNTAX' }));
    expect(() => routeQuery(url('from=bogus'))).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
  it('reads bounded integers, required values, limits and search-after values', () => {
    expect(intParam(url('n=5'), 'n', 1, 0, 10)).toBe(5);
    expect(intParam(url(''), 'n', 1, 0, 10)).toBe(1);
    expect(() => intParam(url('n=11'), 'n', 1, 0, 10)).toThrow(/n must be an integer from 0 to 10, got 11/);
    expect(requiredParam(url('id=a'), 'id')).toBe('a');
    expect(() => requiredParam(url('id='), 'id')).toThrow(/the id parameter is required/);
    expect(limitParam(url('limit=50'), 100)).toBe(50);
    expect(limitParam(url(''), 100)).toBe(100);
    expect(() => limitParam(url('limit=1.5'), 100)).toThrow(/limit must be a whole number/);
    expect(searchAfterParam(url(`after=${encodeURIComponent('[1,"b"]')}`))).toEqual([1, 'b']);
    expect(searchAfterParam(url(''))).toBeUndefined();
    expect(() => searchAfterParam(url('after={}'))).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
