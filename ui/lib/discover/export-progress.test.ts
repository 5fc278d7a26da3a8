import { describe, expect, it } from 'vitest';
import { csvHeader, csvRow, incompleteLine, ndjsonLine } from './export.ts';
import {
  countChunk,
  createRowCounter,
  type ExportFormat,
  exportCountLabel,
  finishStatus,
  formatBytes,
  parseTotal,
  progressPercent,
  progressText,
  runningStatus,
} from './export-progress.ts';

const enc = new TextEncoder();

/** Counts `text` fed in pieces cut at the given byte positions. */
function countIn(format: ExportFormat, text: string, cuts: number[] = []) {
  const bytes = enc.encode(text);
  const c = createRowCounter(format);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    countChunk(c, bytes.subarray(at, cut));
    at = cut;
  }
  return c;
}

const docs = [
  { '@timestamp': '2026-01-05T08:00:02.000Z', message: 'plain', host: { name: 'a' } },
  { '@timestamp': '2026-01-05T08:00:01.000Z', message: 'two\r\nlines, "quoted"', host: { name: '=SUM(1)' } },
  { '@timestamp': '2026-01-05T08:00:00.000Z', message: 'ünïcödé ✓ \n"', host: { name: 'b' } },
];
const cols = ['message', 'host.name'];
const csv = csvHeader(cols) + docs.map((d) => csvRow(d, cols)).join('');
const ndjson = docs.map((d, i) => ndjsonLine(`id-${i}`, d)).join('');

describe('counting export rows as the bytes arrive', () => {
  it('counts CSV records (header excluded), line breaks inside quoted cells included, at every cut', () => {
    const len = enc.encode(csv).length;
    for (let cut = 0; cut <= len; cut++) {
      const c = countIn('csv', csv, [cut]);
      expect(c.rows, `cut at ${cut}`).toBe(3);
      expect(c.bytes).toBe(len);
      expect(finishStatus(c, 3, { kind: 'ended' }).phase).toBe('done');
    }
    expect(countIn('csv', csvHeader(cols)).rows).toBe(0);
  });

  it('counts NDJSON lines (quotes do not matter: JSON escapes line breaks)', () => {
    const len = enc.encode(ndjson).length;
    for (let cut = 0; cut <= len; cut += 7)
      expect(countIn('ndjson', ndjson, [cut, Math.min(len, cut + 3)]).rows).toBe(3);
  });

  it('reads the incomplete line (not a row), even split byte by byte', () => {
    for (const format of ['csv', 'ndjson'] as const) {
      const text =
        (format === 'csv' ? csv : ndjson) + incompleteLine(format, 3, 'STORE_UNAVAILABLE', 'the store\r\nwent "away"');
      const bytes = enc.encode(text).length;
      const c = countIn(format, text, [...Array(bytes).keys()]);
      expect(c.rows).toBe(3);
      const s = finishStatus(c, 10, { kind: 'ended' });
      expect(s).toMatchObject({ phase: 'incomplete', rows: 3, total: 10 });
      expect(s.reason).toBe("the store went 'away' (STORE_UNAVAILABLE)");
      expect(progressText(s)).toBe(
        "Export incomplete: 3 of 10 rows received — the store went 'away' (STORE_UNAVAILABLE). The file was not saved.",
      );
    }
  });

  it('takes a body that ends inside a row as incomplete', () => {
    const cut = csv.slice(0, csv.length - 5);
    expect(finishStatus(countIn('csv', cut), 3, { kind: 'ended' })).toMatchObject({
      phase: 'incomplete',
      rows: 2,
      reason: 'the last row was cut off',
    });
    // inside a quoted cell, right after one of its line breaks
    const inQuotes = csv.slice(0, csv.indexOf('lines,'));
    expect(finishStatus(countIn('csv', inQuotes), 3, { kind: 'ended' }).phase).toBe('incomplete');
  });

  it('takes a failed or cancelled read as not complete', () => {
    const c = countIn('ndjson', ndjson);
    expect(finishStatus(c, 3, { kind: 'failed', message: 'the download broke off' })).toMatchObject({
      phase: 'incomplete',
      rows: 3,
      reason: 'the download broke off',
    });
    expect(finishStatus(c, 9, { kind: 'cancelled' }).phase).toBe('cancelled');
  });
});

describe('export progress in words', () => {
  it('announces the row count before the export', () => {
    expect(exportCountLabel(25_000)).toBe('Export 25,000 rows');
    expect(exportCountLabel(1)).toBe('Export 1 row');
    expect(exportCountLabel(undefined)).toBe('Export');
  });

  it('reads the total header', () => {
    expect(parseTotal('25000')).toBe(25_000);
    expect(parseTotal(' 0 ')).toBe(0);
    expect(parseTotal(null)).toBeUndefined();
    expect(parseTotal('many')).toBeUndefined();
    expect(parseTotal('-1')).toBeUndefined();
  });

  it('shows rows received of the total, with a percentage capped at 100', () => {
    const c = countIn('csv', csv);
    const s = runningStatus(c, 12);
    expect(progressPercent(s)).toBe(25);
    expect(progressText(s)).toMatch(/^Exporting CSV: 3 of 12 rows \(25%\) · \d+ B$/);
    expect(progressPercent(runningStatus(c, 2))).toBe(100);
    expect(progressPercent(runningStatus(c, undefined))).toBeUndefined();
    expect(progressText(runningStatus(c, undefined))).toMatch(/^Exporting CSV: 3 rows · /);
    expect(progressPercent(runningStatus(createRowCounter('csv'), 0))).toBe(0);
  });

  it('says when it is done, and when the data changed while it ran', () => {
    const c = countIn('ndjson', ndjson);
    expect(progressText(finishStatus(c, 3, { kind: 'ended' }))).toMatch(/^Exported 3 rows as NDJSON · \d+ B$/);
    expect(progressText(finishStatus(c, 5, { kind: 'ended' }))).toMatch(
      /^Exported 3 rows as NDJSON \(5 matched when it started\) · /,
    );
    expect(progressPercent(finishStatus(createRowCounter('csv'), 0, { kind: 'ended' }))).toBe(100);
    expect(progressText(finishStatus(c, 9, { kind: 'cancelled' }))).toBe('Export cancelled after 3 of 9 rows.');
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GB');
  });
});
