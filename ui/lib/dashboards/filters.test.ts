import { type DashboardControl, parseKql, validateKql } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { filterLabel } from '../discover/filters.ts';
import {
  addFilter,
  clickFilter,
  controlsToKql,
  controlToKql,
  filtersToKql,
  filterToKql,
  invertFilter,
  pillOf,
  removeFilter,
} from './filters.ts';

const host: DashboardControl = { type: 'options', field: 'host.name', label: 'Host' };
const status: DashboardControl = { type: 'range', field: 'http.response.status_code', label: 'Status', min: 100 };

describe('filter pills → KQL', () => {
  it('wraps each pill, negates with not and skips disabled and empty ones', () => {
    expect(filterToKql({ query: 'a:1 or b:2' })).toBe('(a:1 or b:2)');
    expect(filterToKql({ query: 'a:1', negate: true })).toBe('not (a:1)');
    expect(filterToKql({ query: 'a:1', disabled: true })).toBeUndefined();
    expect(filterToKql({ query: '  ' })).toBeUndefined();
    const all = filtersToKql([
      { query: 'a:1 or b:2' },
      { query: 'c:3', negate: true },
      { query: 'd:4', disabled: true },
    ]);
    expect(all).toBe('(a:1 or b:2) and not (c:3)');
    expect(validateKql(all).ok).toBe(true);
    expect(filtersToKql([])).toBe('');
  });

  it('adds a clicked pill once (same query replaces), removes and inverts by index', () => {
    const f1 = clickFilter('service.name:"checkout"', 'service.name: checkout');
    let fs = addFilter([], f1);
    fs = addFilter(fs, { ...f1, negate: true });
    expect(fs).toEqual([{ ...f1, negate: true }]);
    fs = addFilter(fs, clickFilter('host.name:"web-1"'));
    expect(fs).toHaveLength(2);
    expect(invertFilter(fs, 0)[0]).toEqual(f1);
    expect(invertFilter(fs, 1)[1]).toEqual({ query: 'host.name:"web-1"', negate: true });
    expect(removeFilter(fs, 0)).toEqual([{ query: 'host.name:"web-1"' }]);
    expect(clickFilter('a:1', '')).toEqual({ query: 'a:1' });
  });

  it("draws a pill as Discover's FilterBar labels it", () => {
    expect(filterLabel(pillOf({ query: 'service.name:"checkout"', label: 'service.name: checkout' }))).toBe(
      'service.name: checkout',
    );
    expect(filterLabel(pillOf({ query: 'x >= 5', negate: true }))).toBe('NOT KQL: x >= 5');
    expect(filterLabel(pillOf({ query: 'x:1', label: 'Errors', disabled: true }))).toBe('Errors: x:1 (disabled)');
  });
});

describe('controls → extra KQL', () => {
  it('an options control is one value or an or of values, quoted', () => {
    expect(controlToKql(host, { type: 'options', values: ['web-1'] })).toBe('host.name:"web-1"');
    const two = controlToKql(host, { type: 'options', values: ['web-1', 'we"b 2', 'web-1'] });
    expect(two).toBe('(host.name:"web-1" or host.name:"we\\"b 2")');
    expect(parseKql(two as string).type).toBe('or');
    expect(controlToKql(host, { type: 'options', values: [] })).toBeUndefined();
  });

  it('a range control bounds the field on the sides given', () => {
    expect(controlToKql(status, { type: 'range', min: 200, max: 299 })).toBe(
      'http.response.status_code >= 200 and http.response.status_code <= 299',
    );
    expect(controlToKql(status, { type: 'range', max: 499 })).toBe('http.response.status_code <= 499');
    expect(controlToKql(status, { type: 'range' })).toBeUndefined();
    expect(validateKql(controlToKql(status, { type: 'range', min: 200, max: 299 }) as string).ok).toBe(true);
  });

  it('collects the choices of every control; a value of the wrong type or none is ignored', () => {
    expect(
      controlsToKql([host, status], {
        'host.name': { type: 'range', min: 1 },
        'http.response.status_code': { type: 'range', min: 500 },
      }),
    ).toEqual(['http.response.status_code >= 500']);
    expect(controlsToKql([host, status], {})).toEqual([]);
  });
});
