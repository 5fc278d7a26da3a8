import { describe, expect, it } from 'vitest';
import { pageCount, pageRows, resolveSortColumn, sortRows, tableCsv, tableData } from './table.ts';
import { count, errorRate, panel } from './testdata.ts';

const topUrls = panel({
  type: 'table',
  title: 'Top URLs',
  data: {
    metrics: [
      { id: 'count', type: 'count', label: 'Requests' },
      { id: 'bytes', type: 'sum', field: 'http.response.body.bytes', label: 'Bytes' },
      { id: 'lat', type: 'percentiles', field: 'event.duration', percents: [50, 99] },
      { id: 'last', type: 'max', field: '@timestamp', label: 'Last seen' },
    ],
    buckets: [{ type: 'terms', field: 'url.path', size: 3, other: true, missing: true }],
  },
  options: { unit: 'bytes' },
});
const metrics = (n: number, bytes: number | null, p50: number, p99: number) => ({
  count: count(n),
  bytes: { type: 'sum' as const, value: bytes },
  lat: { type: 'percentiles' as const, values: { '50': p50, '99': p99 } },
  last: { type: 'max' as const, value: Date.UTC(2026, 0, 1, 12) },
});
const answer = {
  b0: {
    type: 'terms' as const,
    buckets: [
      { key: '/a', count: 5, aggs: metrics(5, 2048, 1, 2) },
      { key: '=HYPERLINK("x")', count: 3, aggs: metrics(3, null, 3, 4) },
      { key: '/c, "q"', count: 8, aggs: metrics(8, 10, 5, 6) },
    ],
    other: 4,
    missing: { count: 1, aggs: metrics(1, 0, 7, 8) },
  },
};

describe('tableData', () => {
  const table = tableData(topUrls, answer);

  it('has a column per bucket level and per metric (percentiles per percent)', () => {
    expect(table.columns.map((c) => [c.key, c.label])).toEqual([
      ['b0', 'url.path'],
      ['count', 'Requests'],
      ['bytes', 'Bytes'],
      ['lat:p50', 'p50 of event.duration'],
      ['lat:p99', 'p99 of event.duration'],
      ['last', 'Last seen'],
    ]);
  });

  it('has a row per bucket path, (missing) and Other included, values in units', () => {
    expect(table.rows.map((r) => r.cells.b0?.text)).toEqual(['/a', '=HYPERLINK("x")', '/c, "q"', '(missing)', 'Other']);
    const first = table.rows[0]?.cells ?? {};
    expect(first.count?.text).toBe('5');
    expect(first.bytes?.text).toBe('2 KiB');
    expect(first.last?.text).toMatch(/^2026-01-0[12] \d\d:\d\d:\d\d$/);
    expect(table.rows[4]?.cells.count?.text).toBe('4');
    expect(table.rows[4]?.cells.bytes?.text).toBe('—');
  });

  it('sorts by a column or a metric id, nulls last both ways', () => {
    expect(resolveSortColumn(table, 'lat')).toBe('lat:p50');
    const byBytes = (order: 'asc' | 'desc') => sortRows(table.rows, 'bytes', order).map((r) => r.cells.b0?.text);
    expect(byBytes('desc')).toEqual(['/a', '/c, "q"', '(missing)', '=HYPERLINK("x")', 'Other']);
    expect(byBytes('asc')).toEqual(['(missing)', '/c, "q"', '/a', '=HYPERLINK("x")', 'Other']);
    expect(sortRows(table.rows, 'b0', 'asc').map((r) => r.cells.b0?.text)[0]).toBe('(missing)');
  });

  it('pages', () => {
    expect(pageCount(5, 2)).toBe(3);
    expect(pageCount(0, 2)).toBe(1);
    expect(pageRows([1, 2, 3, 4, 5], 2, 2)).toEqual([5]);
  });

  it('writes CSV with raw values, quoted, formula-looking cells neutralised', () => {
    const csv = tableCsv(table).split('\r\n');
    expect(csv[0]).toBe('url.path,Requests,Bytes,p50 of event.duration,p99 of event.duration,Last seen');
    expect(csv[1]).toBe('/a,5,2048,1,2,2026-01-01T12:00:00.000Z');
    expect(csv[2]?.startsWith(`"'=HYPERLINK(""x"")",3,,3,4`)).toBe(true);
    expect(csv[3]?.startsWith('"/c, ""q""",8,10')).toBe(true);
    expect(csv[5]).toBe('Other,4,,,,');
  });

  it('shows a ratio per row and writes time buckets as ISO in the CSV', () => {
    const t = tableData({ ...errorRate.panel, type: 'table' } as typeof errorRate.panel, errorRate.aggs);
    expect(t.columns.map((c) => c.label)).toEqual(['Time', 'errors ÷ all (%)']);
    expect(t.rows.map((r) => r.cells.ratio?.text)).toEqual(['5 %', '25 %', '—']);
    expect(tableCsv(t).split('\r\n')[1]).toBe('2026-01-01T00:00:00.000Z,5');
  });
});
