import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as lowercase from './lowercase.ts';

const ctx = { now: 0 };

describe('lowercase processor', () => {
  it('lower-cases into a target', () => {
    const doc: LogDocument = { lvl: 'WARN' };
    lowercase.build(lowercase.configSchema.parse({ field: 'lvl', target: 'log.level' }))(doc, ctx);
    expect(doc).toEqual({ lvl: 'WARN', log: { level: 'warn' } });
  });
});
