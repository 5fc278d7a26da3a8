import { describe, expect, it } from 'vitest';
import { addToHistory, parseHistory } from './history.ts';

describe('query history', () => {
  it('keeps recent queries unique, newest first, bounded', () => {
    expect(addToHistory(['a', 'b'], 'b')).toEqual(['b', 'a']);
    expect(addToHistory([], '  ')).toEqual([]);
    expect(addToHistory(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
    expect(parseHistory('{"x":1}')).toEqual([]);
    expect(parseHistory('["a",2]')).toEqual(['a']);
  });
});
