import { type Visualization, validateVisualization } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import {
  addBucket,
  addMetric,
  autoTitle,
  canAddBucket,
  changeType,
  describeVisualization,
  fieldsForBucket,
  fieldsForMetric,
  freshId,
  keepAutoTitle,
  moveBucket,
  newVisualization,
  nextMetricId,
  parsePercents,
  parseTags,
  removeBucket,
  removeMetric,
  setBucketType,
  stateOf,
  updateBucket,
  updateCommon,
  updateMetric,
  updateOptions,
} from './model.ts';

const FIELDS = [
  { name: '@timestamp', type: 'date', aggregatable: true },
  { name: 'host.name', type: 'keyword', aggregatable: true },
  { name: 'message', type: 'text', aggregatable: false },
  { name: 'http.response.bytes', type: 'long', aggregatable: true },
  { name: 'duration', type: 'double', aggregatable: true },
  { name: 'source.ip', type: 'ip', aggregatable: true },
];

const bar: Visualization = {
  id: 'v1',
  title: 'Hosts',
  type: 'bar',
  query: 'log.level:error',
  tags: ['web'],
  data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
  options: { stacked: true, unit: 'bytes' },
};

const valid = (v: Visualization) => validateVisualization(v).ok;

describe('the editor state ⇄ a Visualization', () => {
  it('stateOf keeps the visualization as it is', () => {
    expect(stateOf(bar).viz).toEqual(bar);
  });

  it('a new visualization is a valid line of the count over time', () => {
    const v = newVisualization('x');
    expect(v.type).toBe('line');
    expect(valid(v)).toBe(true);
  });

  it('switching type keeps metrics, breakdowns and the options the new type takes', () => {
    const pie = changeType(stateOf(bar), 'pie').viz;
    expect(pie).toMatchObject({ type: 'pie', query: 'log.level:error', tags: ['web'], options: { unit: 'bytes' } });
    expect('data' in pie && pie.data).toEqual(bar.data);
    expect(pie.options).not.toHaveProperty('stacked');
    expect(valid(pie)).toBe(true);
  });

  it('a line gets a date histogram put first when it has none', () => {
    const line = changeType(stateOf(bar), 'line').viz;
    expect('data' in line && line.data.buckets.map((b) => b.type)).toEqual(['date_histogram', 'terms']);
    expect(valid(line)).toBe(true);
  });

  it('markdown and back brings the metrics, breakdowns and options back', () => {
    const md = changeType(stateOf(bar), 'markdown');
    expect(md.viz).toEqual({
      id: 'v1',
      title: 'Hosts',
      type: 'markdown',
      query: 'log.level:error',
      tags: ['web'],
      options: { markdown: '' },
    });
    const written = updateOptions(md, { markdown: '# Notes' });
    const back = changeType(written, 'bar');
    expect(back.viz).toEqual(bar);
    expect(changeType(back, 'markdown').viz).toMatchObject({ options: { markdown: '# Notes' } });
  });

  it('last_seen starts with an empty field (for validation to ask for) and a threshold factor of 3', () => {
    const ls = changeType(stateOf(bar), 'last_seen').viz;
    expect(ls).toMatchObject({ type: 'last_seen', options: { field: '', threshold_factor: 3 } });
    expect(valid(ls)).toBe(false);
    expect(valid(updateOptions(changeType(stateOf(bar), 'last_seen'), { field: 'host.name' }).viz)).toBe(true);
  });

  it('updateCommon sets the title, query and tags; empty values are removed', () => {
    const s = updateCommon(stateOf(bar), { title: 'New', query: '', tags: [] });
    expect(s.viz.title).toBe('New');
    expect(s.viz).not.toHaveProperty('query');
    expect(s.viz).not.toHaveProperty('tags');
    expect(updateCommon(s, { time: { from: 'now-1h', to: 'now' } }).viz.time).toEqual({ from: 'now-1h', to: 'now' });
  });

  it('updateOptions with undefined removes an option and leaves no empty options object', () => {
    const s = updateOptions(updateOptions(stateOf(bar), { stacked: undefined }), { unit: undefined });
    expect(s.viz).not.toHaveProperty('options');
  });
});

describe('metrics', () => {
  it('adds with a fresh id and removes', () => {
    const s = addMetric(addMetric(stateOf(bar)));
    expect('data' in s.viz && s.viz.data.metrics.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    const r = removeMetric(s, 1);
    expect('data' in r.viz && r.viz.data.metrics.map((m) => m.id)).toEqual(['m1', 'm3']);
    expect(
      nextMetricId([
        { id: 'm1', type: 'count' },
        { id: 'm3', type: 'count' },
      ]),
    ).toBe('m2');
  });

  it('a type change keeps a field that suits the new type and drops one that does not', () => {
    let s = updateMetric(stateOf(bar), 0, { type: 'avg', field: 'http.response.bytes' }, FIELDS);
    expect('data' in s.viz && s.viz.data.metrics[0]).toEqual({ id: 'm1', type: 'avg', field: 'http.response.bytes' });
    s = updateMetric(s, 0, { type: 'percentiles' }, FIELDS);
    expect('data' in s.viz && s.viz.data.metrics[0]).toEqual({
      id: 'm1',
      type: 'percentiles',
      field: 'http.response.bytes',
      percents: [50, 95, 99],
    });
    s = updateMetric(s, 0, { percents: [90] }, FIELDS);
    expect('data' in s.viz && s.viz.data.metrics[0]).toMatchObject({ percents: [90] });
    s = updateMetric(
      updateMetric(s, 0, { type: 'cardinality', field: 'host.name' }, FIELDS),
      0,
      { type: 'sum' },
      FIELDS,
    );
    expect('data' in s.viz && s.viz.data.metrics[0]).toEqual({ id: 'm1', type: 'sum', field: '' });
    s = updateMetric(s, 0, { type: 'count' }, FIELDS);
    expect('data' in s.viz && s.viz.data.metrics[0]).toEqual({ id: 'm1', type: 'count' });
  });

  it('offers number fields for arithmetic metrics and aggregatable ones for unique count and last value', () => {
    expect(fieldsForMetric('avg', FIELDS).map((f) => f.name)).toEqual(['http.response.bytes', 'duration']);
    expect(fieldsForMetric('cardinality', FIELDS).map((f) => f.name)).not.toContain('message');
    expect(fieldsForMetric('last_value', FIELDS).map((f) => f.name)).toContain('host.name');
    expect(fieldsForMetric('count', FIELDS)).toEqual([]);
  });
});

describe('breakdowns', () => {
  it('at most three', () => {
    let s = stateOf(bar);
    s = addBucket(addBucket(s, 'filters'), 'histogram');
    expect(canAddBucket(s)).toBe(false);
    expect(addBucket(s)).toBe(s);
    expect('data' in s.viz && s.viz.data.buckets.map((b) => b.type)).toEqual(['terms', 'filters', 'histogram']);
  });

  it('changing the type starts from its defaults, keeping a field that fits', () => {
    let s = setBucketType(stateOf(bar), 0, 'date_histogram', FIELDS);
    expect('data' in s.viz && s.viz.data.buckets[0]).toEqual({ type: 'date_histogram' });
    s = setBucketType(s, 0, 'terms', FIELDS);
    expect('data' in s.viz && s.viz.data.buckets[0]).toEqual({ type: 'terms', field: '', size: 10 });
    s = updateBucket(s, 0, { field: 'http.response.bytes', other: true });
    s = setBucketType(s, 0, 'histogram', FIELDS);
    expect('data' in s.viz && s.viz.data.buckets[0]).toEqual({
      type: 'histogram',
      field: 'http.response.bytes',
      interval: 10,
    });
  });

  it('updates settings, removes optional ones with undefined, never changes the type', () => {
    let s = updateBucket(stateOf(bar), 0, { size: 5, other: true, missing: true, type: 'filters' });
    expect('data' in s.viz && s.viz.data.buckets[0]).toEqual({
      type: 'terms',
      field: 'host.name',
      size: 5,
      other: true,
      missing: true,
    });
    s = updateBucket(s, 0, { missing: undefined });
    expect('data' in s.viz && s.viz.data.buckets[0]).not.toHaveProperty('missing');
  });

  it('moves and removes', () => {
    let s = addBucket(stateOf(bar), 'date_histogram');
    s = moveBucket(s, 1, -1);
    expect('data' in s.viz && s.viz.data.buckets.map((b) => b.type)).toEqual(['date_histogram', 'terms']);
    expect(moveBucket(s, 0, -1).viz).toEqual(s.viz);
    s = removeBucket(s, 0);
    expect('data' in s.viz && s.viz.data.buckets.map((b) => b.type)).toEqual(['terms']);
  });

  it('offers aggregatable fields for terms, number fields for a numeric histogram', () => {
    expect(fieldsForBucket('terms', FIELDS).map((f) => f.name)).not.toContain('message');
    expect(fieldsForBucket('histogram', FIELDS).map((f) => f.name)).toEqual(['http.response.bytes', 'duration']);
  });
});

describe('helpers', () => {
  it('parsePercents reads a comma-separated list of numbers', () => {
    expect(parsePercents('50, 95,99 ')).toEqual([50, 95, 99]);
    expect(parsePercents('50, x')).toBeUndefined();
    expect(parsePercents(' , ')).toBeUndefined();
  });

  it('parseTags trims and drops empty and repeated tags', () => {
    expect(parseTags(' web, nginx ,,web ')).toEqual(['web', 'nginx']);
  });

  it('freshId is a valid saved-object key', () => {
    const id = freshId('viz');
    expect(id).toMatch(/^viz-[0-9a-z]{10}$/);
    expect(freshId('viz', () => 0.5)).toBe('viz-iiiiiiiiii');
  });

  it('gives automatic titles', () => {
    expect(autoTitle(bar)).toBe('Top 10 values of host.name');
    expect(autoTitle(newVisualization('x'))).toBe('Count over time');
    const line = changeType(stateOf(bar), 'line').viz;
    expect(autoTitle(line)).toBe('Count by host.name over time');
    const avg = updateMetric(stateOf(newVisualization('x')), 0, { type: 'avg', field: 'bytes' });
    expect(autoTitle(addMetric(avg).viz)).toBe('Average of bytes and 1 more over time');
    expect(autoTitle(changeType(stateOf(bar), 'markdown').viz)).toBe('Text');
  });

  it('retitles while the title is the automatic one, never once the user wrote one', () => {
    const s = stateOf(newVisualization('x'));
    const edited = keepAutoTitle(s, setBucketType(s, 0, 'terms'));
    expect(edited.viz.title).toBe('Top 10 values of ?');
    const withField = keepAutoTitle(edited, updateBucket(edited, 0, { field: 'host.name' }));
    expect(withField.viz.title).toBe('Top 10 values of host.name');
    const named = keepAutoTitle(withField, updateCommon(withField, { title: 'Mine' }));
    expect(named.viz.title).toBe('Mine');
    expect(keepAutoTitle(named, changeType(named, 'pie')).viz.title).toBe('Mine');
  });

  it('describes what a visualization draws', () => {
    expect(describeVisualization(bar)).toBe('Bar: Count · top 10 of host.name');
  });
});
