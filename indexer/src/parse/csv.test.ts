import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, configSchema, parseCsvRecord } from './csv.ts';

describe('csv', () => {
  it('handles quotes and doubled quotes', () => {
    expect(parseCsvRecord('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(parseCsvRecord('"open')).toBeUndefined();
  });
  it('names columns and converts numbers', () => {
    const doc: LogDocument = { message: 'dev-1,21.5,ok,extra' };
    build(configSchema.parse({ columns: ['device.id', 'temp', 'status'], convert_numbers: true }))(doc, { now: 0 });
    expect(doc).toMatchObject({ device: { id: 'dev-1' }, temp: 21.5, status: 'ok', column4: 'extra' });
  });
});
