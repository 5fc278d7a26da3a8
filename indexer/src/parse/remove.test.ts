import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as remove from './remove.ts';

const ctx = { now: 0 };

describe('remove processor', () => {
  it('removes fields, absent ones are fine', () => {
    const doc: LogDocument = { a: { b: 1, c: 2 } };
    remove.build(remove.configSchema.parse({ fields: ['a.b', 'nope'] }))(doc, ctx);
    expect(doc).toEqual({ a: { c: 2 } });
  });
});
