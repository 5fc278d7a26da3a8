import { validateVisualization } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { apiParams } from '../discover/api-params.ts';
import { DEFAULT_STATE } from '../discover/state.ts';
import {
  initialVisualization,
  linkTime,
  readVisualizeLink,
  visualizationForField,
  visualizeHref,
  visualizeHrefFromDiscover,
} from './from-discover.ts';
import { autoTitle } from './model.ts';

const f = (name: string, type: string, aggregatable = true) => ({ name, type, aggregatable });

describe('defaults from a field type', () => {
  it('a keyword field: a bar chart of its top 10 values (terms, count)', () => {
    const v = visualizationForField(f('host.name', 'keyword'), 'log.level:error', 'v1');
    expect(v).toEqual({
      id: 'v1',
      title: 'Top 10 values of host.name',
      type: 'bar',
      query: 'log.level:error',
      data: { metrics: [{ id: 'm1', type: 'count' }], buckets: [{ type: 'terms', field: 'host.name', size: 10 }] },
    });
    expect(v && validateVisualization(v).ok).toBe(true);
  });

  it('a number field: a line of its average over a date histogram', () => {
    const v = visualizationForField(f('http.response.bytes', 'long'), '', 'v1');
    expect(v).toEqual({
      id: 'v1',
      title: 'Average of http.response.bytes over time',
      type: 'line',
      data: {
        metrics: [{ id: 'm1', type: 'avg', field: 'http.response.bytes' }],
        buckets: [{ type: 'date_histogram' }],
      },
    });
    expect(v && validateVisualization(v).ok).toBe(true);
  });

  it('a date field: a count histogram (of the events that have it, when it is not @timestamp)', () => {
    const ts = visualizationForField(f('@timestamp', 'date'), '', 'v1');
    expect(ts).toMatchObject({
      type: 'bar',
      data: { metrics: [{ type: 'count' }], buckets: [{ type: 'date_histogram' }] },
    });
    expect(ts).not.toHaveProperty('query');
    const other = visualizationForField(f('event.created', 'date'), 'a:1', 'v1');
    expect(other?.query).toBe('(a:1) and (event.created:*)');
    expect(other && validateVisualization(other).ok).toBe(true);
  });

  it('the defaults carry their automatic titles (so the editor keeps retitling them)', () => {
    for (const field of [f('host.name', 'keyword'), f('bytes', 'long'), f('@timestamp', 'date'), f('t', 'date')]) {
      const v = visualizationForField(field, '', 'v1');
      if (!v) throw new Error(`no default for ${field.name}`);
      expect(v.title).toBe(autoTitle(v));
    }
  });

  it('a text field cannot be charted', () => {
    expect(visualizationForField(f('message', 'text', false))).toBeUndefined();
  });

  it('initialVisualization falls back to a new one with the query for an unknown or text field', () => {
    const v = initialVisualization({ field: 'message', query: 'x:1' }, [f('message', 'text', false)], 'v1');
    expect(v).toMatchObject({ id: 'v1', type: 'line', query: 'x:1' });
    expect(initialVisualization({ query: '' }, [], 'v2')).not.toHaveProperty('query');
  });
});

describe('the link from Discover', () => {
  it('round-trips field, query and time', () => {
    const href = visualizeHref({ field: 'host.name', query: 'a:"b c"', from: 'now-1h', to: 'now' });
    expect(href.startsWith('/visualize/new?')).toBe(true);
    const link = readVisualizeLink(new URLSearchParams(href.split('?')[1]));
    expect(link).toEqual({ field: 'host.name', query: 'a:"b c"', time: { from: 'now-1h', to: 'now' } });
  });

  it('without time or query: the default range, an empty query', () => {
    expect(visualizeHref({})).toBe('/visualize/new');
    expect(readVisualizeLink(new URLSearchParams(''))).toEqual({ query: '', time: { from: 'now-24h', to: 'now' } });
  });

  it('takes epoch ms (Discover’s resolved range) as ISO 8601', () => {
    expect(linkTime('1767225600000')).toBe('2026-01-01T00:00:00.000Z');
    expect(linkTime('now-15m')).toBe('now-15m');
    const link = readVisualizeLink(new URLSearchParams({ from: '1767225600000', to: '1767229200000' }));
    expect(link.time).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T01:00:00.000Z' });
  });
});

describe('the link from Discover’s route parameters', () => {
  it('carries the query and filter pills as one KQL and the resolved range with an inclusive end', () => {
    const params = apiParams(
      {
        ...DEFAULT_STATE,
        query: 'log.level:error or log.level:warn',
        filters: [{ field: 'host.name', op: 'is', value: 'web-1', negate: false }],
      },
      { from: 1767225600000, to: 1767229200000 },
    ).toString();
    const href = visualizeHrefFromDiscover('service.name', params);
    const link = readVisualizeLink(new URLSearchParams(href.split('?')[1]));
    expect(link).toEqual({
      field: 'service.name',
      query: '(log.level:error or log.level:warn) and host.name:"web-1"',
      time: { from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T00:59:59.999Z' },
    });
  });

  it('without parameters: the field alone', () => {
    expect(visualizeHrefFromDiscover('host.name', null)).toBe('/visualize/new?field=host.name');
  });
});
