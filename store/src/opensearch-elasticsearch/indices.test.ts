import { describe, expect, it } from 'vitest';
import { catalogEntries, mappingBody } from './catalog.ts';
import {
  baseMappings,
  disabledObjects,
  flattenMappings,
  indexNames,
  indexTemplate,
  propertiesFor,
  withDisabledObjects,
} from './indices.ts';
import { retentionPlan } from './retention.ts';
import { publicDoc, searchBody, sortClauses, toHit } from './search.ts';
import { objectArrays } from './store.ts';

const DAY = 86_400_000;

describe('index names', () => {
  const names = indexNames();
  it('uses daily indices of the UTC day', () => {
    expect(names.day(Date.UTC(2024, 4, 1, 23, 59, 59, 999))).toBe('driftwood-logs-2024.05.01');
    expect(names.day(Date.UTC(2024, 4, 2))).toBe('driftwood-logs-2024.05.02');
    expect(names.pattern).toBe('driftwood-logs-*');
    expect(names.template).toBe('driftwood-logs');
    expect(names.objects).toBe('driftwood-objects');
    expect(indexNames('x').day(0)).toBe('x-logs-1970.01.01');
  });
  it('reads the day back', () => {
    expect(names.dayStart('driftwood-logs-2024.05.01')).toBe(Date.UTC(2024, 4, 1));
    expect(names.dayStart('driftwood-logs-other')).toBeUndefined();
    expect(names.dayStart('other-logs-2024.05.01')).toBeUndefined();
  });
});

describe('template and mappings', () => {
  it('declares the fixed fields explicitly', () => {
    const t = indexTemplate(indexNames()) as {
      index_patterns: string[];
      template: { settings: { index: Record<string, unknown> }; mappings: Record<string, unknown> };
    };
    expect(t.index_patterns).toEqual(['driftwood-logs-*']);
    expect(t.template.settings.index).toMatchObject({
      number_of_shards: 1,
      number_of_replicas: 0,
      'mapping.total_fields.limit': 2000,
    });
    const m = t.template.mappings as { date_detection: boolean; numeric_detection: boolean };
    expect(m.date_detection).toBe(false);
    expect(m.numeric_detection).toBe(false);
    const flat = flattenMappings({ i: { mappings: baseMappings() } });
    expect(flat.get('@timestamp')?.type).toBe('date');
    expect(flat.get('message')).toEqual({ type: 'text', analyzer: 'standard' });
    expect(flat.get('log.level')).toEqual({ type: 'keyword', ignore_above: 8191 });
    expect(flat.get('http.response.status_code')?.type).toBe('long');
    expect(flat.get('source.ip')?.type).toBe('ip');
    expect(flat.get('driftwood.overflow')).toMatchObject({ type: 'keyword', index: false });
    expect(flat.get('driftwood.id')?.type).toBe('keyword');
  });

  it('nests dotted names', () => {
    expect(
      propertiesFor([
        ['a', 'object'],
        ['a.b', 'long'],
        ['a.c.d', 'boolean'],
      ]),
    ).toEqual({ a: { properties: { b: { type: 'long' }, c: { properties: { d: { type: 'boolean' } } } } } });
  });

  it('loads into the catalogue only what was declared after the template, with parents', () => {
    const mapping = {
      'driftwood-logs-2024.05.02': {
        mappings: {
          properties: {
            ...(baseMappings().properties as Record<string, unknown>),
            custom: { properties: { n: { type: 'double' }, flag: { type: 'boolean' } } },
            geo: { type: 'geo_point' },
          },
        },
      },
      'driftwood-logs-2024.05.01': { mappings: { properties: { custom: { properties: { n: { type: 'long' } } } } } },
    };
    expect(new Map(catalogEntries(mapping))).toEqual(
      new Map([
        ['custom', 'object'],
        ['custom.n', 'double'],
        ['custom.flag', 'boolean'],
      ]),
    );
    expect(mappingBody([['driftwood.id', 'keyword']])).toEqual({ properties: {} });
  });
});

describe('retention plan', () => {
  it('drops whole past days and thins the day of the cutoff', () => {
    const names = indexNames();
    const cutoff = Date.UTC(2024, 4, 3, 12);
    const plan = retentionPlan(
      [
        'driftwood-logs-2024.05.01',
        'driftwood-logs-2024.05.02',
        'driftwood-logs-2024.05.03',
        'driftwood-logs-2024.05.04',
      ],
      names,
      cutoff,
    );
    expect(plan).toEqual({
      drop: ['driftwood-logs-2024.05.01', 'driftwood-logs-2024.05.02'],
      thin: ['driftwood-logs-2024.05.03'],
    });
    expect(retentionPlan(['driftwood-logs-2024.05.03'], names, Date.UTC(2024, 4, 3) + DAY).drop).toEqual([
      'driftwood-logs-2024.05.03',
    ]);
  });
});

describe('search requests', () => {
  const types: Record<string, 'long' | 'text'> = { n: 'long', message: 'text' };
  it('sorts @timestamp desc then the id, skipping fields that cannot be sorted', () => {
    expect(sortClauses(undefined, () => undefined)).toEqual([
      { '@timestamp': { order: 'desc', unmapped_type: 'date' } },
      { 'driftwood.id': { order: 'asc' } },
    ]);
    expect(
      sortClauses(
        [
          { field: 'n', order: 'asc' },
          { field: 'message', order: 'asc' },
          { field: 'nope', order: 'asc' },
        ],
        (f) => types[f],
      ),
    ).toEqual([{ n: { order: 'asc', unmapped_type: 'long' } }, { 'driftwood.id': { order: 'asc' } }]);
  });

  it('pages with search_after and counts exactly', () => {
    const body = searchBody({ match_all: {} }, { size: 20_000, searchAfter: [5, 'a'] }, () => undefined);
    expect(body).toMatchObject({ size: 10_000, track_total_hits: true, search_after: [5, 'a'] });
    expect(searchBody({ match_all: {} }, {}, () => undefined).size).toBe(100);
  });

  it('hides the stored id field', () => {
    expect(publicDoc({ a: 1, 'driftwood.id': 'x' })).toEqual({ a: 1 });
    expect(toHit({ _id: 'x', _source: { a: 1, 'driftwood.id': 'x' }, sort: [5, 'x'] })).toEqual({
      id: 'x',
      doc: { a: 1 },
      sort: [5, 'x'],
    });
  });
});

describe('arrays of objects', () => {
  it('are found in documents and mapped as disabled objects', () => {
    expect(objectArrays({ a: [{ x: 1 }], b: { c: [null, { y: 2 }], d: [1, 2] }, e: [] })).toEqual(['a', 'b.c']);
    const props = withDisabledObjects(propertiesFor([['b.d', 'double']]), ['a', 'b.c']);
    expect(props).toEqual({
      a: { type: 'object', enabled: false },
      b: { properties: { d: { type: 'double' }, c: { type: 'object', enabled: false } } },
    });
    expect(disabledObjects({ i: { mappings: { properties: props } } })).toEqual(new Set(['a', 'b.c']));
    expect(catalogEntries({ i: { mappings: { properties: props } } })).toEqual([
      ['b', 'object'],
      ['b.d', 'double'],
    ]);
  });
});
