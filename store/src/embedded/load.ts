/**
 * Loads prepared events into the events table through DuckDB's CSV reader: the rows are
 * encoded as text in the table's column order, written to a scratch file and inserted with
 * `read_csv` and explicit column types. Cheaper on the Node side than building data chunks
 * value by value, and DuckDB parses the file on its own threads.
 *
 * Encoding: fields separated by U+001F, quoted with U+001E only when needed (the value contains
 * either of them, a line break, or is empty — an unquoted empty field is NULL). Documents are
 * JSON text, which never contains a raw control character, so they are never quoted. List
 * columns travel as JSON arrays and are converted with `from_json`.
 */
import { DriftwoodError } from '@driftwood/core';
import type { PreparedEvent } from '../field-catalog.ts';
import { canonicalIp, ipv4Number } from '../query-plan.ts';
import { spacedTokens, tokenize, writePlainTokens } from '../tokenizer.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { quoteIdent } from './sql.ts';

export interface TableColumn {
  name: string;
  sqlType: string;
}

export interface PreparedRow {
  id: string;
  prepared: PreparedEvent;
}

export const DELIMITER = '\x1f';
const QUOTE = '\x1e';
const QUOTE_BYTE = 0x1e;
const NEEDS_QUOTES = /[\x1e\x1f\n\r]/;
/** DuckDB's default longest CSV line. */
const DEFAULT_MAX_LINE = 2_097_152;
const SCALAR_TYPES = new Set(['BIGINT', 'INTEGER', 'DOUBLE', 'BOOLEAN', 'VARCHAR']);

/** A string as one CSV field (exact for every string, including empty ones). */
export function csvField(value: string): string {
  if (value !== '' && !NEEDS_QUOTES.test(value)) return value;
  return QUOTE + (value.includes(QUOTE) ? value.replaceAll(QUOTE, QUOTE + QUOTE) : value) + QUOTE;
}

/** The text of a text field as the token string its column holds (` tok1 tok2 `). */
export function tokenString(values: ReadonlyArray<string | number | boolean>): string {
  if (values.length === 1) return spacedTokens(String(values[0]));
  return ` ${values.map((v) => tokenize(String(v)).join(' ')).join('  ')} `;
}

/**
 * The IPv4 number of a dotted quad written as `isIp` accepts it (no leading zeros, parts up to
 * 255), or -1 for anything else.
 */
export function strictIpv4(ip: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && part === 0) return -1; // a leading zero
      part = part * 10 + (c - 0x30);
      if (++digits > 3 || part > 255) return -1;
    } else if (c === 0x2e && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + part : -1;
}

/**
 * The IPv4 number column's field for an address: `ipv4Number` as text, or empty (NULL) when the
 * address is not IPv4.
 */
export function ipv4Text(ip: string): string {
  const n = strictIpv4(ip);
  if (n >= 0) return String(n);
  const m = ipv4Number(ip);
  return m === undefined ? '' : String(m);
}

/** Where one field's values go: positions of its column (and IPv4 column) in a row. */
interface Slot {
  col: ColumnInfo;
  at: number;
  ip4At: number;
}

/**
 * CSV lines as UTF-8 bytes in one growing, reused buffer (no joined string per part). Lines come
 * whole (`text`) or field by field (`reserve`, then `field`, `raw`, `integer`, `tokens`,
 * `separator`, and `endLine`), which writes ASCII straight into the buffer without a string.
 */
export class RowBuffer {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;
  /** Longest line since `clear`, in UTF-16 code units or bytes (whichever was added: both bound the bytes / 3). */
  longestLine = 0;
  /** Digits of the number being written, last first. */
  private readonly digits = new Uint8Array(24);

  clear(): void {
    this.length = 0;
    this.longestLine = 0;
  }

  private room(units: number): void {
    // a UTF-16 code unit is at most 3 bytes of UTF-8
    const needed = this.length + units * 3 + 1;
    if (needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Adds whole lines (with their line breaks). */
  text(text: string, longestLine: number): void {
    this.room(text.length);
    this.length += this.buffer.write(text, this.length);
    if (longestLine > this.longestLine) this.longestLine = longestLine;
  }

  /**
   * Makes room for a line written field by field, of at most `units` UTF-16 code units of strings
   * (text fields count twice: raw and tokens) and `numbers` numbers; returns where it starts.
   */
  reserve(units: number, numbers: number): number {
    this.room(units + 8 * numbers + 8);
    return this.length;
  }

  /** A string as one CSV field, the same bytes as `csvField` (quoted only when it must be). */
  field(value: string): void {
    this.copy(value, true);
  }

  /** A string as it is: text that never needs quotes (JSON, numbers, shape ids). */
  raw(value: string): void {
    this.copy(value, false);
  }

  /**
   * Copies an ASCII string byte by byte; a string with other characters (or, as a CSV field, one
   * that must be quoted) is written through `Buffer#write` instead.
   */
  private copy(value: string, asField: boolean): void {
    const buf = this.buffer;
    const start = this.length;
    const n = value.length;
    if (asField && n === 0) {
      buf[start] = QUOTE_BYTE;
      buf[start + 1] = QUOTE_BYTE;
      this.length = start + 2;
      return;
    }
    let pos = start;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f || (asField && c < 0x20 && (c === 0x1e || c === 0x1f || c === 0x0a || c === 0x0d))) {
        this.length = start + buf.write(asField ? csvField(value) : value, start);
        return;
      }
      buf[pos++] = c;
    }
    this.length = pos;
  }

  /** A safe integer in decimal, as `String(n)` writes it. */
  integer(n: number): void {
    const buf = this.buffer;
    let pos = this.length;
    if (n < 0) {
      buf[pos++] = 0x2d;
      n = -n;
    }
    const digits = this.digits;
    let count = 0;
    while (n >= 10) {
      const q = n <= 0x7fffffff ? (n / 10) | 0 : Math.floor(n / 10);
      digits[count++] = n - q * 10;
      n = q;
    }
    buf[pos++] = 0x30 + n;
    while (count > 0) buf[pos++] = 0x30 + (digits[--count] as number);
    this.length = pos;
  }

  /** The token string of a text field's value (`tokenString([text])`). */
  tokens(text: string): void {
    const end = writePlainTokens(text, this.buffer, this.length);
    if (end >= 0) this.length = end;
    else this.length += this.buffer.write(csvField(spacedTokens(text)), this.length);
  }

  separator(): void {
    this.buffer[this.length++] = 0x1f;
  }

  /** Ends a line written field by field, started at `start`. */
  endLine(start: number): void {
    // writes past the end of a buffer are dropped: a line must never be longer than reserved
    if (this.length >= this.buffer.length)
      throw new DriftwoodError('INTERNAL', 'a row was longer than the room reserved for it');
    if (this.length - start > this.longestLine) this.longestLine = this.length - start;
    this.buffer[this.length++] = 0x0a;
  }

  /** The bytes so far (valid until the next `clear`). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

/** Encodes rows for one table layout; make a new one when the table's columns change. */
export class CsvEncoder {
  private readonly columns: readonly TableColumn[];
  private readonly index: Map<string, number>;
  private readonly slots = new Map<string, Slot | null>();
  private readonly columnOf: (field: string) => ColumnInfo | undefined;

  constructor(tableColumns: readonly TableColumn[], columnOf: (field: string) => ColumnInfo | undefined) {
    for (const c of tableColumns) {
      const base = c.sqlType.endsWith('[]') ? c.sqlType.slice(0, -2) : c.sqlType;
      if (!SCALAR_TYPES.has(base))
        throw new DriftwoodError('INTERNAL', `the events table has a column of unexpected type ${c.sqlType}`);
    }
    this.columns = tableColumns;
    this.index = new Map(tableColumns.map((c, i) => [c.name, i]));
    this.columnOf = columnOf;
  }

  private slot(field: string): Slot | null {
    let slot = this.slots.get(field);
    if (slot !== undefined) return slot;
    const col = this.columnOf(field);
    const at = col === undefined ? undefined : this.index.get(col.column);
    if (col === undefined || at === undefined) slot = null;
    else {
      const ip4 = col.ip4Column === undefined ? undefined : this.index.get(col.ip4Column);
      slot = { col, at, ip4At: ip4 ?? -1 };
    }
    this.slots.set(field, slot);
    return slot;
  }

  /** CSV text for rows [start, end), and its longest line in UTF-16 code units. */
  encode(rows: readonly PreparedRow[], start: number, end: number): { text: string; longestLine: number } {
    const width = this.columns.length;
    const fields = new Array<string>(width);
    const lines = new Array<string>(end - start);
    let longestLine = 0;
    for (let r = start; r < end; r++) {
      const { id, prepared } = rows[r] as PreparedRow;
      fields.fill('');
      fields[0] = csvField(id);
      fields[1] = String(prepared.timestamp);
      fields[2] = JSON.stringify(prepared.doc);
      for (const [field, values] of prepared.values) {
        if (field === TIMESTAMP_COLUMN) continue;
        const slot = this.slot(field);
        if (slot === null) continue;
        const { col } = slot;
        if (col.type === 'text') {
          fields[slot.at] = csvField(tokenString(values));
        } else if (col.type === 'ip' && !col.list) {
          const ip = canonicalIp(String(values[0]));
          fields[slot.at] = csvField(ip);
          if (slot.ip4At >= 0) fields[slot.ip4At] = ipv4Text(ip);
        } else if (col.type === 'ip') {
          const ips = values.map((v) => canonicalIp(String(v)));
          fields[slot.at] = JSON.stringify(ips);
          if (slot.ip4At >= 0) fields[slot.ip4At] = JSON.stringify(ips.map((v) => ipv4Number(v) ?? null));
        } else if (col.list) {
          fields[slot.at] = JSON.stringify(values);
        } else {
          const v = values[0] as string | number | boolean;
          fields[slot.at] = typeof v === 'string' ? csvField(v) : String(v);
        }
      }
      const line = fields.join(DELIMITER);
      if (line.length > longestLine) longestLine = line.length;
      lines[r - start] = line;
    }
    lines.push('');
    return { text: lines.join('\n'), longestLine };
  }

  /** The statement inserting a file made by `encode` into the events table. */
  insertSql(file: string, longestLine: number): string {
    const types = this.columns
      .map((c, i) => `'c${i}': '${c.sqlType.endsWith('[]') ? 'VARCHAR' : c.sqlType}'`)
      .join(', ');
    const select = this.columns
      .map((c, i) => (c.sqlType.endsWith('[]') ? `from_json(c${i}, '["${c.sqlType.slice(0, -2)}"]')` : `c${i}`))
      .join(', ');
    // a UTF-16 code unit is at most 3 bytes of UTF-8
    const maxLine = Math.max(DEFAULT_MAX_LINE, longestLine * 3 + 16);
    return `INSERT INTO events (${this.columns.map((c) => quoteIdent(c.name)).join(', ')}) SELECT ${select} FROM read_csv('${file.replaceAll("'", "''")}', delim = '${DELIMITER}', quote = '${QUOTE}', escape = '${QUOTE}', new_line = '\\n', header = false, auto_detect = false, allow_quoted_nulls = false, max_line_size = ${maxLine}, buffer_size = ${Math.max(4 * DEFAULT_MAX_LINE, 2 * maxLine)}, columns = {${types}})`;
  }
}
