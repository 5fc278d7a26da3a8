import { describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvRow, ndjsonLine } from './export.ts';

describe('exports', () => {
  it('quotes CSV cells and neutralises formulas (not numbers)', () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvHeader(['message'])).toBe('@timestamp,message\r\n');
    expect(csvRow({ '@timestamp': 't', message: 'line\nnext' }, ['message'])).toBe('t,"line\nnext"\r\n');
    expect(ndjsonLine('1', { a: 1 })).toBe('{"_id":"1","a":1}\n');
  });
});
