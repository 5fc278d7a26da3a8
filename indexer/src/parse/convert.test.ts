import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as convert from './convert.ts';

const ctx = { now: 0 };

describe('convert processor', () => {
  it('converts strings and arrays, tags what does not convert', () => {
    const doc: LogDocument = { a: '42', b: '3.5', c: 'yes', d: 'x', e: ['1', '2'] };
    convert.build(convert.configSchema.parse({ field: 'a', type: 'integer' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'b', type: 'float' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'c', type: 'boolean' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'd', type: 'integer' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'e', type: 'long' }))(doc, ctx);
    expect(doc).toEqual({ a: 42, b: 3.5, c: true, d: 'x', e: [1, 2], tags: ['_convertfailure'] });
  });
});
