import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as rename from './rename.ts';

const ctx = { now: 0 };

describe('rename processor', () => {
  it('moves a field', () => {
    const doc: LogDocument = { src: '1.2.3.4' };
    rename.build(rename.configSchema.parse({ field: 'src', target: 'source.ip' }))(doc, ctx);
    expect(doc).toEqual({ source: { ip: '1.2.3.4' } });
  });
});
