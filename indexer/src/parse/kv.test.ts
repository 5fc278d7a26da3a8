import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema } from './kv.ts';

describe('kv', () => {
  it('splits with custom separators, strips quotes, filters keys', () => {
    const doc: LogDocument = { message: 'a=1&b="two"&c=3&junk' };
    build(configSchema.parse({ field_split: '&', target: 'q', exclude_keys: ['c'] }))(doc, { now: 0 });
    expect(doc.q).toEqual({ a: '1', b: 'two' });
  });
  it('tags a line without pairs', () => {
    const doc: LogDocument = { message: 'nothing here' };
    build(configSchema.parse({}))(doc, { now: 0 });
    expect(doc.tags).toEqual(['_kvparsefailure']);
  });
});
