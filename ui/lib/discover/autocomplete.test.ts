import { describe, expect, it } from 'vitest';
import { applyCompletion, completionContext, suggestFields, suggestValues, valueText } from './autocomplete.ts';

const fields = [
  { name: 'host.name', type: 'keyword', aggregatable: true },
  { name: 'service.name', type: 'keyword', aggregatable: true },
  { name: 'message', type: 'text', aggregatable: false },
];

describe('autocomplete', () => {
  it('finds the field or value being typed', () => {
    expect(completionContext('ho', 2)).toEqual({ kind: 'field', prefix: 'ho', start: 0, end: 2 });
    expect(completionContext('a and host.name:we', 18)).toEqual({
      kind: 'value',
      field: 'host.name',
      prefix: 'we',
      start: 16,
      end: 18,
    });
    expect(completionContext('host.name: ', 11)).toMatchObject({ kind: 'value', field: 'host.name', prefix: '' });
    expect(completionContext('message:"ab', 11)).toBeUndefined();
    expect(completionContext('a and', 5)).toBeUndefined();
  });

  it('suggests fields (prefix first) and values', () => {
    expect(suggestFields(fields, 'name').map((f) => f.name)).toEqual(['host.name', 'service.name']);
    expect(suggestFields(fields, 'h').map((f) => f.name)).toEqual(['host.name']);
    expect(suggestValues(['web-1', 'Web-2', 'app'], 'we')).toEqual(['web-1', 'Web-2']);
  });

  it('applies a completion, quoting values that need it', () => {
    const ctx = completionContext('ho and x', 2);
    if (!ctx) throw new Error('no context');
    expect(applyCompletion('ho and x', ctx, 'host.name')).toEqual({ query: 'host.name: and x', cursor: 10 });
    const v = completionContext('host.name:w', 11);
    if (!v) throw new Error('no context');
    expect(applyCompletion('host.name:w', v, 'web 1')).toEqual({ query: 'host.name:"web 1" ', cursor: 18 });
    expect(valueText('or')).toBe('"or"');
  });
});
