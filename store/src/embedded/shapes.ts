/**
 * Synthetic `_source`: most events are stored without their JSON document. Every value of such an
 * event is in its field's column (text fields keep their raw value in a `#raw` column besides the
 * tokens), and its document is rebuilt from those columns and its shape — the keys of the
 * document in order, nesting, and which values were arrays — kept once per distinct shape in the
 * `_shapes` table. Like Elasticsearch's synthetic source; it saves serialising, storing and
 * compressing the document a second time (measured: ~1.1 µs of Node and ~1.4 µs of DuckDB CPU per
 * event). Events the fast path does not take (fast-row.ts) keep their JSON in `_source`.
 *
 * A shape is JSON: `[[key, field, isArray], [key, [[key, field, isArray], ...]], ...]`.
 */
import type { JsonValue, LogDocument } from '@driftwood/core';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';

export type ShapeEntry = [string, string, 0 | 1] | [string, ShapeEntry[]];

export class ShapeRegistry {
  private readonly ids = new Map<string, number>();
  private readonly shapes = new Map<number, ShapeEntry[]>();
  private pending: Array<[number, string]> = [];
  private next = 1;

  /** Shapes already stored (from the `_shapes` table). */
  constructor(stored: Iterable<[number, string]> = []) {
    for (const [id, text] of stored) {
      this.ids.set(text, id);
      this.shapes.set(id, JSON.parse(text) as ShapeEntry[]);
      if (id >= this.next) this.next = id + 1;
    }
  }

  /** The id of a shape, registering it (see takeNew) when it is new. */
  idOf(shape: ShapeEntry[]): number {
    const text = JSON.stringify(shape);
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.next++;
      this.ids.set(text, id);
      this.shapes.set(id, shape);
      this.pending.push([id, text]);
    }
    return id;
  }

  /** Shapes registered since the last call, to store before rows that use them. */
  takeNew(): Array<[number, string]> {
    const pending = this.pending;
    this.pending = [];
    return pending;
  }

  /** Forgets shapes registered but not stored (their write failed). */
  dropPending(): void {
    for (const [id, text] of this.pending) {
      this.ids.delete(text);
      this.shapes.delete(id);
    }
    this.pending = [];
  }

  get(id: number): ShapeEntry[] | undefined {
    return this.shapes.get(id);
  }
}

type Row = Record<string, unknown>;

function decode(value: unknown, col: ColumnInfo): JsonValue {
  if (col.type === 'date') return new Date(Number(value)).toISOString();
  if (typeof value === 'bigint') return Number(value);
  return value as JsonValue;
}

/** The document of a row stored without `_source`, from its shape and its columns. */
export function rebuildDocument(
  shape: ShapeEntry[],
  row: Row,
  columnOf: (field: string) => ColumnInfo | undefined,
): LogDocument {
  const doc: Record<string, JsonValue> = {};
  for (const entry of shape) {
    const [key, inner] = entry;
    if (Array.isArray(inner)) {
      doc[key] = rebuildDocument(inner, row, columnOf) as JsonValue;
      continue;
    }
    const isArray = entry[2] === 1;
    if (inner === TIMESTAMP_COLUMN) {
      doc[key] = new Date(Number(row[TIMESTAMP_COLUMN])).toISOString();
      continue;
    }
    const col = columnOf(inner);
    if (col === undefined) continue; // cannot happen: a shape only names fields with columns
    const value = row[col.type === 'text' && col.rawColumn !== undefined ? col.rawColumn : col.column];
    if (Array.isArray(value)) doc[key] = isArray ? value.map((v) => decode(v, col)) : decode(value[0], col);
    else doc[key] = isArray ? [decode(value, col)] : decode(value, col);
  }
  return doc as LogDocument;
}
