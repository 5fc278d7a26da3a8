import type { Visualization } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { filterVisualizations, tagCounts } from './list.ts';

const md = (id: string, title: string, tags?: string[], description?: string): Visualization => ({
  id,
  title,
  type: 'markdown',
  options: { markdown: '' },
  ...(tags ? { tags } : {}),
  ...(description ? { description } : {}),
});
const list = [
  md('a', 'Web errors', ['web', 'errors']),
  md('b', 'Battery', ['iot'], 'per device'),
  md('c', 'Notes', ['web']),
];

describe('the visualization list', () => {
  it('searches title, description and tags, case-insensitively', () => {
    expect(filterVisualizations(list, 'WEB').map((v) => v.id)).toEqual(['a', 'c']);
    expect(filterVisualizations(list, 'device').map((v) => v.id)).toEqual(['b']);
    expect(filterVisualizations(list, '  ').map((v) => v.id)).toEqual(['a', 'b', 'c']);
  });

  it('filters by a tag, with the search', () => {
    expect(filterVisualizations(list, '', 'web').map((v) => v.id)).toEqual(['a', 'c']);
    expect(filterVisualizations(list, 'notes', 'web').map((v) => v.id)).toEqual(['c']);
    expect(filterVisualizations(list, '', 'none')).toEqual([]);
  });

  it('counts tags, most used first', () => {
    expect(tagCounts(list)).toEqual([
      { tag: 'web', count: 2 },
      { tag: 'errors', count: 1 },
      { tag: 'iot', count: 1 },
    ]);
  });
});
