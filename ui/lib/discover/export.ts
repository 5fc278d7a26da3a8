/**
 * CSV and NDJSON lines for exports (RFC 4180 quoting; formula-looking cells neutralised), and the
 * line that ends an export cut short by an error. Shared by the route (which writes them) and the
 * page (which counts them).
 */
import type { LogDocument } from '@driftwood/core';
import { fieldText } from './doc.ts';

/** The response header with the number of rows the export will have (the match count when it started). */
export const EXPORT_TOTAL_HEADER = 'x-driftwood-export-total';

/**
 * The start of the last line of an export that stopped early (a store error mid-stream). No data
 * line starts with `#` (CSV rows start with the ISO @timestamp, NDJSON lines with `{`), so a file
 * that ends with it is visibly incomplete, in a spreadsheet, for `jq` and for the page.
 */
export const INCOMPLETE_MARKER = '#driftwood-export-incomplete';

const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** One CSV cell. A value starting with = + - @ (or tab/CR) runs as a formula in spreadsheets: it gets a `'` prefix (numbers excepted). */
export function csvCell(text: string, neutralise = true): string {
  const safe = neutralise && /^[=+\-@\t\r]/.test(text) && !NUMBER.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[], neutralise = true): string {
  return `${cells.map((c) => csvCell(c, neutralise)).join(',')}\r\n`;
}

/** The header: field names as they are (`@timestamp` is not a formula). */
export function csvHeader(columns: readonly string[]): string {
  return csvLine(['@timestamp', ...columns.filter((c) => c !== '@timestamp')], false);
}

export function csvRow(doc: LogDocument, columns: readonly string[]): string {
  return csvLine(['@timestamp', ...columns.filter((c) => c !== '@timestamp')].map((c) => fieldText(doc, c)));
}

export function ndjsonLine(id: string, doc: LogDocument): string {
  return `${JSON.stringify({ _id: id, ...doc })}\n`;
}

/**
 * The last line of an export that stopped early: how many rows came before it and why. One plain
 * line in either format (no quotes, no line breaks, so it is one CSV record and never valid JSON).
 */
export function incompleteLine(format: 'csv' | 'ndjson', rows: number, code: string, message: string): string {
  const text = message
    .replace(/[\r\n]+/g, ' ')
    .replace(/"/g, "'")
    .slice(0, 500);
  return `${INCOMPLETE_MARKER} rows=${rows} code=${code} ${text}${format === 'csv' ? '\r\n' : '\n'}`;
}

export function exportFilename(format: 'csv' | 'ndjson', now: Date): string {
  return `driftwood-${now.toISOString().replace(/[:.]/g, '-')}.${format}`;
}
