/**
 * The page's side of an export: counts the rows of the stream as it arrives (against the total the
 * server announced), notices an export that stopped early, and says so in words. Pure: no DOM, no
 * fetch (export-download.ts drives it).
 *
 * Rows are counted on bytes: a record ends at LF outside quotes (CSV cells may hold line breaks,
 * quoted; NDJSON escapes them). `"` and LF never occur inside a UTF-8 multi-byte sequence, so
 * nothing needs decoding.
 */
import { INCOMPLETE_MARKER } from './export.ts';

export type ExportFormat = 'csv' | 'ndjson';

const QUOTE = 0x22;
const LF = 0x0a;
const MARKER = new TextEncoder().encode(INCOMPLETE_MARKER);
/** How much of an incomplete line is kept for its message. */
const MARKER_LINE_MAX = 1024;

export interface RowCounter {
  readonly format: ExportFormat;
  /** Data rows seen (CSV header and incomplete line excluded). */
  rows: number;
  bytes: number;
  /** Set when the stream carried the incomplete line: the server's reason. */
  incomplete?: string;
  /** internal scan state */
  records: number;
  inQuotes: boolean;
  /** Bytes of the current line matched against the marker so far; -1 once it differs. */
  matched: number;
  markerLine: number[];
}

export function createRowCounter(format: ExportFormat): RowCounter {
  return { format, rows: 0, bytes: 0, records: 0, inQuotes: false, matched: 0, markerLine: [] };
}

const endLine = (c: RowCounter): void => {
  if (c.matched === MARKER.length) {
    c.incomplete = new TextDecoder().decode(new Uint8Array(c.markerLine)).trim();
  } else {
    c.records++;
  }
  c.matched = 0;
  c.markerLine = [];
  c.rows = c.format === 'csv' ? Math.max(0, c.records - 1) : c.records;
};

/** Counts the rows in one more chunk of the stream. */
export function countChunk(c: RowCounter, chunk: Uint8Array): RowCounter {
  const csv = c.format === 'csv';
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i] as number;
    if (c.matched >= 0) {
      if (c.matched < MARKER.length) {
        c.matched = b === MARKER[c.matched] ? c.matched + 1 : -1;
      } else if (b !== LF && b !== 0x0d && c.markerLine.length < MARKER_LINE_MAX) {
        c.markerLine.push(b);
      }
    }
    if (csv && b === QUOTE) c.inQuotes = !c.inQuotes;
    else if (b === LF && !c.inQuotes) endLine(c);
  }
  c.bytes += chunk.length;
  return c;
}

export type ExportPhase = 'running' | 'done' | 'incomplete' | 'cancelled';

export interface ExportStatus {
  phase: ExportPhase;
  format: ExportFormat;
  rows: number;
  bytes: number;
  /** The rows the server said the export has (absent when it did not say). */
  total?: number;
  /** Why an incomplete export stopped. */
  reason?: string;
}

/** The total header's value, when it is a count. */
export function parseTotal(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

export function runningStatus(c: RowCounter, total: number | undefined): ExportStatus {
  return {
    phase: 'running',
    format: c.format,
    rows: c.rows,
    bytes: c.bytes,
    ...(total === undefined ? {} : { total }),
  };
}

/**
 * How the export ended. `ended`: the body was read to its end; `failed`: reading it failed (the
 * server aborted, the network broke); `cancelled`: the user stopped it. Only a body read to its
 * end without the incomplete line is complete; a last line without its line break is a cut row.
 */
export function finishStatus(
  c: RowCounter,
  total: number | undefined,
  end: { kind: 'ended' } | { kind: 'failed'; message: string } | { kind: 'cancelled' },
): ExportStatus {
  const base = runningStatus(c, total);
  if (end.kind === 'cancelled') return { ...base, phase: 'cancelled' };
  if (c.incomplete !== undefined) return { ...base, phase: 'incomplete', reason: serverReason(c.incomplete) };
  if (end.kind === 'failed') return { ...base, phase: 'incomplete', reason: end.message };
  if (c.matched !== 0 || c.inQuotes) return { ...base, phase: 'incomplete', reason: 'the last row was cut off' };
  return { ...base, phase: 'done' };
}

/** `#driftwood-export-incomplete rows=12000 code=STORE_UNAVAILABLE the message` → `the message (STORE_UNAVAILABLE)`. */
function serverReason(line: string): string {
  const m = /^\s*rows=\d+\s+code=(\S+)\s*(.*)$/.exec(
    line.startsWith(INCOMPLETE_MARKER) ? line.slice(INCOMPLETE_MARKER.length) : line,
  );
  if (!m) return line;
  return m[2] ? `${m[2]} (${m[1]})` : String(m[1]);
}

const count = (n: number): string => n.toLocaleString('en-US');

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** What the control says before an export: how many rows it will have. */
export function exportCountLabel(total: number | undefined): string {
  if (total === undefined) return 'Export';
  return `Export ${count(total)} ${total === 1 ? 'row' : 'rows'}`;
}

/** 0–100 while running with a known total (capped: events may arrive while it runs). */
export function progressPercent(s: ExportStatus): number | undefined {
  if (s.total === undefined) return undefined;
  if (s.total === 0) return s.phase === 'running' ? 0 : 100;
  return Math.min(100, Math.floor((s.rows / s.total) * 100));
}

/** One line for the status of an export. */
export function progressText(s: ExportStatus): string {
  const of = s.total === undefined ? count(s.rows) : `${count(s.rows)} of ${count(s.total)}`;
  const fmt = s.format.toUpperCase();
  switch (s.phase) {
    case 'running': {
      const pct = progressPercent(s);
      return `Exporting ${fmt}: ${of} rows${pct === undefined ? '' : ` (${pct}%)`} · ${formatBytes(s.bytes)}`;
    }
    case 'done': {
      const changed = s.total !== undefined && s.total !== s.rows ? ` (${count(s.total)} matched when it started)` : '';
      return `Exported ${count(s.rows)} ${s.rows === 1 ? 'row' : 'rows'} as ${fmt}${changed} · ${formatBytes(s.bytes)}`;
    }
    case 'incomplete':
      return `Export incomplete: ${of} rows received — ${s.reason ?? 'the stream ended early'}. The file was not saved.`;
    case 'cancelled':
      return `Export cancelled after ${of} rows.`;
  }
}
