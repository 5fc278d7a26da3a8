/** CSV and NDJSON lines for exports (RFC 4180 quoting; formula-looking cells neutralised). */
import type { LogDocument } from '@driftwood/core';
import { fieldText } from './doc.ts';

export const EXPORT_LIMIT = 10_000;

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

export function exportFilename(format: 'csv' | 'ndjson', now: Date): string {
  return `driftwood-${now.toISOString().replace(/[:.]/g, '-')}.${format}`;
}
