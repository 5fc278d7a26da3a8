import { describe, expect, it } from 'vitest';
import {
  deleteField,
  ECS_FIELD_TYPES,
  expandDocument,
  flattenDocument,
  getField,
  isPlainObject,
  type LogDocument,
  setField,
} from './event.ts';

describe('isPlainObject', () => {
  it('is true for JSON objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject('x')).toBe(false);
    expect(isPlainObject(3)).toBe(false);
  });
});

describe('getField', () => {
  it('reads nested, dotted and partly dotted documents alike', () => {
    expect(getField({ log: { level: 'error' } }, 'log.level')).toBe('error');
    expect(getField({ 'log.level': 'warn' }, 'log.level')).toBe('warn');
    expect(getField({ log: { 'file.path': '/a' } }, 'log.file.path')).toBe('/a');
    expect(getField({ log: { file: { path: '/b' } } }, 'log.file.path')).toBe('/b');
    expect(getField({ message: 'm' }, 'message')).toBe('m');
  });

  it('returns objects, arrays and falsy values as they are, undefined when missing', () => {
    const doc: LogDocument = { a: { b: [1, 2] }, zero: 0, no: false, nil: null, empty: '' };
    expect(getField(doc, 'a')).toEqual({ b: [1, 2] });
    expect(getField(doc, 'a.b')).toEqual([1, 2]);
    expect(getField(doc, 'zero')).toBe(0);
    expect(getField(doc, 'no')).toBe(false);
    expect(getField(doc, 'nil')).toBeNull();
    expect(getField(doc, 'empty')).toBe('');
    expect(getField(doc, 'a.c')).toBeUndefined();
    expect(getField(doc, 'a.b.length')).toBeUndefined(); // an array is a leaf
    expect(getField(doc, 'zero.x')).toBeUndefined();
    expect(getField(doc, 'missing.deep.path')).toBeUndefined();
  });

  it('reads only the document own fields, never what objects inherit', () => {
    const doc: LogDocument = { message: 'm', log: { level: 'info' } };
    for (const path of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'log.constructor', 'log.valueOf']) {
      expect(getField(doc, path), path).toBeUndefined();
    }
  });
});

describe('setField', () => {
  it('creates nested objects along a dotted path', () => {
    const doc: LogDocument = {};
    setField(doc, 'http.response.status_code', 200);
    setField(doc, 'http.request.method', 'GET');
    setField(doc, 'message', 'hi');
    expect(doc).toEqual({ http: { response: { status_code: 200 }, request: { method: 'GET' } }, message: 'hi' });
  });

  it('replaces a scalar or an array in the way, and overwrites a leaf', () => {
    const doc: LogDocument = { a: 'scalar', b: [1], c: { d: 1 } };
    setField(doc, 'a.x', 1);
    setField(doc, 'b.y', 2);
    setField(doc, 'c.d', 3);
    setField(doc, 'n', null);
    setField(doc, 'n.m', 4);
    expect(doc).toEqual({ a: { x: 1 }, b: { y: 2 }, c: { d: 3 }, n: { m: 4 } });
  });

  it('never writes into Object.prototype (a log line may name `__proto__.x`)', () => {
    const doc: LogDocument = {};
    try {
      setField(doc, '__proto__.polluted', 'yes');
      setField(doc, 'a.__proto__.polluted', 'yes');
      setField(doc, '__proto__', { polluted: 'yes' });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
      expect((doc as Record<string, unknown>).polluted).toBeUndefined();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('makes own fields of names objects inherit (constructor, toString)', () => {
    const doc: LogDocument = {};
    setField(doc, 'constructor.name', 'x');
    setField(doc, 'toString', 'y');
    expect(JSON.parse(JSON.stringify(doc))).toEqual({ constructor: { name: 'x' }, toString: 'y' });
    expect(getField(doc, 'constructor.name')).toBe('x');
    expect({}.constructor).toBe(Object);
  });
});

describe('deleteField', () => {
  it('removes a nested, dotted or partly dotted field, leaving empty parents', () => {
    const nested: LogDocument = { log: { level: 'info', logger: 'x' } };
    deleteField(nested, 'log.level');
    expect(nested).toEqual({ log: { logger: 'x' } });

    const dotted: LogDocument = { 'log.level': 'info', message: 'm' };
    deleteField(dotted, 'log.level');
    expect(dotted).toEqual({ message: 'm' });

    const partly: LogDocument = { 'log.file': { path: '/a', size: 1 } };
    deleteField(partly, 'log.file.path');
    expect(partly).toEqual({ 'log.file': { size: 1 } });

    const last: LogDocument = { a: { b: 1 } };
    deleteField(last, 'a.b');
    expect(last).toEqual({ a: {} });
  });

  it('does nothing for a missing path or a scalar in the way', () => {
    const doc: LogDocument = { a: 'scalar', b: { c: 1 } };
    deleteField(doc, 'a.x');
    deleteField(doc, 'b.c.d');
    deleteField(doc, 'missing');
    expect(doc).toEqual({ a: 'scalar', b: { c: 1 } });
  });
});

describe('flattenDocument / expandDocument', () => {
  it('flattens to dotted leaves, arrays and empty objects kept whole', () => {
    const doc: LogDocument = { a: { b: { c: 1 }, d: [1, { e: 2 }] }, f: {}, g: null, 'h.i': 'dotted' };
    expect(flattenDocument(doc)).toEqual({ 'a.b.c': 1, 'a.d': [1, { e: 2 }], f: {}, g: null, 'h.i': 'dotted' });
  });

  it('expands dotted keys back into the nested document', () => {
    const doc: LogDocument = { log: { level: 'info', file: { path: '/x' } }, tags: ['a'], message: 'm' };
    expect(expandDocument(flattenDocument(doc))).toEqual(doc);
    expect(expandDocument({ 'a.b': 1, 'a.c': 2, d: 3 })).toEqual({ a: { b: 1, c: 2 }, d: 3 });
  });

  it('prefixes the paths it flattens', () => {
    expect(flattenDocument({ b: { c: 1 } }, 'a')).toEqual({ 'a.b.c': 1 });
  });
});

describe('ECS_FIELD_TYPES', () => {
  it('types the well-known fields the stores map', () => {
    expect(ECS_FIELD_TYPES['@timestamp']).toBe('date');
    expect(ECS_FIELD_TYPES.message).toBe('text');
    expect(ECS_FIELD_TYPES['http.response.status_code']).toBe('long');
    expect(ECS_FIELD_TYPES['source.ip']).toBe('ip');
    expect(ECS_FIELD_TYPES['log.level']).toBe('keyword');
  });
});
