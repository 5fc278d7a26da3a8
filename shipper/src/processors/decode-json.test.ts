import { describe, expect, it } from 'vitest';
import * as decodeJson from './decode-json.ts';
import { buildProcessor, ev } from './test-helpers.ts';

describe('decode_json', () => {
  it('parses into the root or a target; bad JSON is tagged, not dropped', () => {
    const root = buildProcessor(decodeJson, { type: 'decode_json' });
    const [a, b, c] = root.process([ev('{"user":{"name":"ann"},"n":1}'), ev('not json'), ev('[1,2]')]);
    expect(a!.doc).toMatchObject({ user: { name: 'ann' }, n: 1 });
    expect(b!.doc).toMatchObject({ message: 'not json', tags: ['decode_json_failed'] });
    expect(c!.doc.tags).toEqual(['decode_json_failed']);
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    const [d] = root.process([ev(deep)]);
    expect(d!.doc.tags).toEqual(['decode_json_failed']);
    const [t] = buildProcessor(decodeJson, { type: 'decode_json', target: 'json' }).process([ev('{"k":"v"}')]);
    expect(t!.doc).toMatchObject({ json: { k: 'v' }, message: '{"k":"v"}' });
  });
});
