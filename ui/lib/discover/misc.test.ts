import { describe, expect, it } from 'vitest';
import { apiParams, readApiQuery } from './api-params.ts';
import { collapsed, flattenDoc, formatValue, isLong, sourceOf } from './doc.ts';
import { csvCell, csvHeader, csvRow, ndjsonLine } from './export.ts';
import { addToHistory, parseHistory } from './history.ts';
import { fromSavedAttributes, savedSearchId, toSavedAttributes } from './saved.ts';
import { DEFAULT_STATE, type DiscoverState } from './state.ts';
import { formatRate, pushTail, tailRate } from './tail.ts';

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

describe('exports', () => {
  it('quotes CSV cells and neutralises formulas (not numbers)', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvHeader(['message'])).toBe('@timestamp,message\r\n');
    expect(csvRow({ '@timestamp': 't', message: 'line\nnext' }, ['message'])).toBe('t,"line\nnext"\r\n');
    expect(ndjsonLine('1', { a: 1 })).toBe('{"_id":"1","a":1}\n');
  });
});

describe('history, tail, saved searches, API parameters', () => {
  it('keeps recent queries unique, newest first, bounded', () => {
    expect(addToHistory(['a', 'b'], 'b')).toEqual(['b', 'a']);
    expect(addToHistory([], '  ')).toEqual([]);
    expect(addToHistory(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
    expect(parseHistory('{"x":1}')).toEqual([]);
    expect(parseHistory('["a",2]')).toEqual(['a']);
  });
  it('tail buffer and rate', () => {
    expect(pushTail([3], [4, 5], 2)).toEqual([5, 4]);
    expect(tailRate([1000, 5000, 9000], 10_000, 10_000)).toBeCloseTo(0.3);
    expect(formatRate(0.3)).toBe('18/min');
    expect(formatRate(12.4)).toBe('12/s');
  });
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
