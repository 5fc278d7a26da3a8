import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema, jsonDepth, safeJsonParse } from './json.ts';

describe('json processor', () => {
  it('merges an object into the root or a target', () => {
    const doc: LogDocument = { message: '{"a":1,"b":{"c":"x"}}' };
    build(configSchema.parse({}))(doc, { now: 0 });
    expect(doc).toEqual({ message: '{"a":1,"b":{"c":"x"}}', a: 1, b: { c: 'x' } });
    const t: LogDocument = { raw: '[1,2]' };
    build(configSchema.parse({ field: 'raw', target: 'parsed' }))(t, { now: 0 });
    expect(t.parsed).toEqual([1, 2]);
  });

  it('tags invalid, too deep and too large input instead of throwing', () => {
    const run = build(configSchema.parse({ max_depth: 5, max_bytes: 100 }));
    for (const message of ['{"a":', '[[[[[[[[1]]]]]]]]', `{"a":"${'x'.repeat(200)}"}`]) {
      const doc: LogDocument = { message };
      expect(run(doc, { now: 0 })).toBe(true);
      expect(doc.tags).toEqual(['_jsonparsefailure']);
    }
  });

  it('measures depth outside strings only', () => {
    expect(jsonDepth('{"a":"[[[[","b":[1]}')).toBe(2);
    expect(safeJsonParse('['.repeat(100_000), 1_000_000, 64)).toEqual({ ok: false, reason: 'too_deep' });
  });
});
