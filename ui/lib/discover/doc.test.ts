import { describe, expect, it } from 'vitest';
import { collapsed, flattenDoc, formatValue, isLong, sourceOf } from './doc.ts';

describe('documents', () => {
  const doc = { '@timestamp': 't', message: 'm', host: { name: 'h' }, tags: ['a', 'b'], empty: {} };
  it('flattens with @timestamp first and formats values', () => {
    expect(flattenDoc(doc)).toEqual([
      ['@timestamp', 't'],
      ['empty', {}],
      ['host.name', 'h'],
      ['message', 'm'],
      ['tags', ['a', 'b']],
    ]);
    expect(formatValue(['a', 1, { x: 1 }])).toBe('a, 1, {"x":1}');
    expect(formatValue(null)).toBe('');
  });
  it('identifies the source: file path, else host + service', () => {
    expect(sourceOf({ log: { file: { path: '/f' } }, host: { name: 'h' } })).toEqual([
      { field: 'log.file.path', value: '/f' },
    ]);
    expect(sourceOf({ host: { name: 'h' }, service: { name: 's' } }).map((s) => s.field)).toEqual([
      'host.name',
      'service.name',
    ]);
  });
  it('collapses long values', () => {
    const trace = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    expect(isLong(trace)).toBe(true);
    expect(isLong('short')).toBe(false);
    expect(collapsed(trace).split('\n')).toHaveLength(6);
  });
});
