import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as set from './set.ts';

const ctx = { now: 0 };

describe('set processor', () => {
  it('sets values, templates and copies; override: false keeps a value', () => {
    const doc: LogDocument = { user: { name: 'ann' } };
    set.build(set.configSchema.parse({ field: 'service.name', value: 'api' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'greeting', value: 'hi {{user.name}}' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'copy', copy_from: 'user.name' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'service.name', value: 'other', override: false }))(doc, ctx);
    expect(doc).toEqual({ user: { name: 'ann' }, service: { name: 'api' }, greeting: 'hi ann', copy: 'ann' });
    expect(() => set.configSchema.parse({ field: 'x' })).toThrow(/copy_from/);
  });
});
