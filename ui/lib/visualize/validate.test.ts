import type { Visualization } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { errorsFor, sectionOf, splitIssue, validateEditor } from './validate.ts';

const FIELDS = [
  { name: 'host.name', type: 'keyword', aggregatable: true },
  { name: 'message', type: 'text', aggregatable: false },
  { name: 'bytes', type: 'long', aggregatable: true },
];

const base: Visualization = {
  id: 'v1',
  title: 'T',
  type: 'bar',
  data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
};

const messages = (v: Visualization) => {
  const r = validateEditor(v, FIELDS);
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('validateEditor', () => {
  it('passes a valid visualization through', () => {
    const r = validateEditor(base, FIELDS);
    expect(r).toEqual({ ok: true, visualization: base });
  });

  it('says in the editor’s words what is missing', () => {
    expect(messages({ ...base, title: '' })).toEqual(['title: give it a title']);
    expect(messages({ ...base, data: { ...base.data, metrics: [{ id: 'm1', type: 'avg', field: '' }] } })).toEqual([
      'data.metrics[0].field: pick a field',
    ]);
    expect(messages({ ...base, data: { metrics: [], buckets: [] } })).toEqual([
      'data.metrics: must have at least one metric',
    ]);
  });

  it('keeps core’s messages for what a type needs', () => {
    expect(messages({ ...base, type: 'line' })).toEqual(['data.buckets: a line panel needs a date_histogram bucket']);
    expect(messages({ ...base, type: 'pie', data: { ...base.data, buckets: [] } })).toEqual([
      'data.buckets: a pie panel needs a bucket',
    ]);
    expect(
      messages({
        ...base,
        data: {
          metrics: [
            { id: 'm1', type: 'count' },
            { id: 'm1', type: 'count' },
          ],
          buckets: [],
        },
      }),
    ).toEqual(['data.metrics[1].id: duplicate metric id "m1"']);
  });

  it('checks the KQL of the query and of each filters bucket', () => {
    const [q] = messages({ ...base, query: 'a:(' });
    expect(q).toMatch(/^query: query: .+\(column \d+\)$/);
    const [f] = messages({
      ...base,
      data: { ...base.data, buckets: [{ type: 'filters', filters: [{ key: 'x', query: 'x:(' }] }] },
    });
    expect(f).toMatch(/^data\.buckets\[0\]\.filters\[0\]\.query: query: /);
  });

  it('refuses a field that does not suit its metric or breakdown', () => {
    expect(
      messages({ ...base, data: { ...base.data, metrics: [{ id: 'm1', type: 'avg', field: 'host.name' }] } }),
    ).toEqual(['data.metrics[0].field: Average needs a number field; host.name is keyword']);
    expect(
      messages({ ...base, data: { ...base.data, buckets: [{ type: 'terms', field: 'message', size: 5 }] } }),
    ).toEqual(['data.buckets[0].field: message cannot be aggregated (text)']);
    expect(
      messages({ ...base, data: { ...base.data, buckets: [{ type: 'histogram', field: 'host.name', interval: 5 }] } }),
    ).toEqual(['data.buckets[0].field: host.name is keyword; a numeric histogram needs a number field']);
  });

  it('refuses a filters bucket naming two filters alike', () => {
    expect(
      messages({
        ...base,
        data: {
          ...base.data,
          buckets: [
            {
              type: 'filters',
              filters: [
                { key: 'a', query: '' },
                { key: 'a', query: 'x:1' },
              ],
            },
          ],
        },
      }),
    ).toEqual(['data.buckets[0].filters[1].key: "a" is used twice']);
  });

  it('names unknown keys as core does', () => {
    expect(messages({ ...base, colour: 'red' } as unknown as Visualization)).toEqual(['colour: unknown key `colour`']);
  });
});

describe('where errors are shown', () => {
  it('splits core’s lines', () => {
    expect(splitIssue('visualization: data.metrics[0].field: pick a field')).toEqual({
      path: 'data.metrics[0].field',
      message: 'pick a field',
    });
  });

  it('maps paths to sections and items', () => {
    expect(sectionOf('data.metrics[2].field')).toEqual({ section: 'metrics', index: 2 });
    expect(sectionOf('data.metrics')).toEqual({ section: 'metrics' });
    expect(sectionOf('data.buckets[0].filters[1].query')).toEqual({ section: 'buckets', index: 0 });
    expect(sectionOf('options.ratio.numerator')).toEqual({ section: 'options' });
    expect(sectionOf('title')).toEqual({ section: 'title' });
    expect(sectionOf('(root)')).toEqual({ section: 'type' });
    const errors = [
      { path: 'data.metrics', message: 'a' },
      { path: 'data.metrics[1].field', message: 'b' },
    ];
    expect(errorsFor(errors, 'metrics').length).toBe(2);
    expect(errorsFor(errors, 'metrics', null).map((e) => e.message)).toEqual(['a']);
    expect(errorsFor(errors, 'metrics', 1).map((e) => e.message)).toEqual(['b']);
  });
});
