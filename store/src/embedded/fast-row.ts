/**
 * The common case of a write, encoded straight from the document: every field is already in the
 * catalogue with a column, and every value is a plain value of its field's type (a string for a
 * keyword, an integer for a long, a canonical ISO timestamp, ...). Such an event needs no
 * preparation — its document is stored as it came, nothing moves, nothing is declared — so one
 * walk of the document notes each column's value, and the CSV row is then written straight into
 * the part's byte buffer (`RowBuffer`: no string per field, no joined line), without the flattened
 * copy, the value map and the per-field arrays of `FieldCatalog.prepare`.
 *
 * Anything else (a new field, a null, a conflict, a coerced value, an empty object, a long
 * keyword, an IPv6 address, ...) makes `encode` return false, and the caller takes the full path
 * (`prepare` + `CsvEncoder`). The bytes are those of the string encoders (load.test.ts), and every
 * document comes back as it was written (fast-row.test.ts).
 */
import type { FieldType, JsonValue, LogDocument } from '@driftwood/core';
import { CONFLICT_PREFIX } from '../contract.ts';
import { canonicalEpochMs, KEYWORD_IGNORE_ABOVE, OVERFLOW_FIELD } from '../field-catalog.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { type RowBuffer, strictIpv4, type TableColumn } from './load.ts';
import type { ShapeEntry, ShapeRegistry } from './shapes.ts';

/** What a path of the document is, once looked up. */
const BAIL = 0;
const OBJECT = 1;
const KEYWORD = 2;
const TEXT = 3;
const LONG = 4;
const DOUBLE = 5;
const BOOLEAN = 6;
const IP = 7;
const DATE = 8;
const TIMESTAMP = 9;

/** How a column's value of the row being encoded is written (see RowBuffer). */
const OUT_FIELD = 0;
const OUT_RAW = 1;
const OUT_INT = 2;
const OUT_TOKENS = 3;

/** Paths remembered per encoder (a table has at most MAX_FIELDS fields; the rest is looked up each time). */
const MAX_NODES = 4096;

interface PathNode {
  path: string;
  kind: number;
  /** Column position in a row, and of the IPv4 number column for ip fields (-1: none). */
  at: number;
  ip4At: number;
  list: boolean;
  children?: Map<string, PathNode>;
  /** The keys of the last object seen here, in order, and their nodes: documents of one source
   *  mostly share their key order, so a key is found by one comparison instead of a map lookup. */
  keys?: string[];
  nodes?: PathNode[];
  /** Keys of the object last seen here; for list leaves, whether the value was an array. */
  count: number;
  lastArray: boolean;
  /** For text fields: position of the raw-value column (-1: none). */
  rawAt: number;
  /** The last keyword value seen here, known to be well-formed (values repeat: levels, hosts, ...). */
  lastValue?: string;
}

const LEAF_KIND: Partial<Record<FieldType, number>> = {
  keyword: KEYWORD,
  text: TEXT,
  long: LONG,
  double: DOUBLE,
  boolean: BOOLEAN,
  ip: IP,
  date: DATE,
};

/** A list of plain values of one kind as the JSON text of a list column, or undefined. */
function listText(kind: number, values: JsonValue[]): string | undefined {
  if (values.length === 0) return undefined;
  for (const v of values) {
    switch (kind) {
      case KEYWORD:
        if (typeof v !== 'string' || v.length > KEYWORD_IGNORE_ABOVE || !v.isWellFormed()) return undefined;
        break;
      case LONG:
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) return undefined;
        break;
      case DOUBLE:
        if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
        break;
      case BOOLEAN:
        if (typeof v !== 'boolean') return undefined;
        break;
      default:
        return undefined;
    }
  }
  return JSON.stringify(values);
}

/** Encodes plain events for one table layout; make a new one when the table's columns change. */
export class FastRowEncoder {
  private readonly width: number;
  private readonly root: PathNode;
  private readonly index: Map<string, number>;
  private readonly columnOf: (field: string) => ColumnInfo | undefined;
  private readonly typeOf: (field: string) => FieldType | undefined;
  /**
   * The row being built: per column position, its value and how it is written, and which
   * positions this row has set (the others are NULL; a field given twice is caught).
   */
  private readonly values: Array<string | number>;
  private readonly out: Uint8Array;
  private readonly setIn: Uint32Array;
  private row = 0;
  /** UTF-16 code units of the row's strings, and count of its numbers (room to reserve). */
  private units = 0;
  private numbers = 0;
  private readonly shapes: ShapeRegistry;
  /** Position of the `_shape` column (-1: the table has none, documents go to `_source`). */
  private readonly shapeAt: number;
  /** Shape id of the last document encoded (-1: none). */
  private shape = -1;
  /** Whether the document being encoded differs in shape from the last one. */
  private shapeChanged = false;
  /** Whether every value of the document being encoded has a column to be rebuilt from. */
  private synthetic = true;
  private nodes = 0;

  constructor(
    tableColumns: readonly TableColumn[],
    columnOf: (field: string) => ColumnInfo | undefined,
    typeOf: (field: string) => FieldType | undefined,
    shapes: ShapeRegistry,
  ) {
    this.width = tableColumns.length;
    this.index = new Map(tableColumns.map((c, i) => [c.name, i]));
    this.columnOf = columnOf;
    this.typeOf = typeOf;
    this.values = new Array<string | number>(this.width).fill('');
    this.out = new Uint8Array(this.width);
    this.setIn = new Uint32Array(this.width);
    this.root = this.node('', OBJECT);
    this.shapes = shapes;
    this.shapeAt = this.index.get('_shape') ?? -1;
  }

  /** The node of the k-th key of an object at parent. */
  private child(parent: PathNode, key: string, k: number): PathNode {
    const keys = parent.keys;
    if (keys !== undefined && keys[k] === key) return (parent.nodes as PathNode[])[k] as PathNode;
    this.shapeChanged = true;
    const node = this.lookup(parent, key);
    if (keys === undefined) {
      parent.keys = [key];
      parent.nodes = [node];
    } else if (k <= keys.length && k < 64) {
      keys[k] = key;
      (parent.nodes as PathNode[])[k] = node;
    }
    return node;
  }

  private lookup(parent: PathNode, key: string): PathNode {
    if (key === '__proto__') return this.node('', BAIL); // not a key a rebuilt object can take
    let children = parent.children;
    if (children === undefined) {
      children = new Map();
      parent.children = children;
    }
    let node = children.get(key);
    if (node === undefined) {
      node = this.resolve(parent.path === '' ? key : `${parent.path}.${key}`);
      // documents with ever new keys must not grow the tree without end
      if (this.nodes < MAX_NODES) {
        children.set(key, node);
        this.nodes++;
      }
    }
    return node;
  }

  private node(path: string, kind: number): PathNode {
    return { path, kind, at: -1, ip4At: -1, list: false, count: -1, lastArray: false, rawAt: -1 };
  }

  private resolve(path: string): PathNode {
    const node = this.node(path, BAIL);
    if (path === TIMESTAMP_COLUMN) {
      node.kind = TIMESTAMP;
      return node;
    }
    if (path.startsWith(`${CONFLICT_PREFIX}.`) || path === OVERFLOW_FIELD || path === CONFLICT_PREFIX) return node;
    const type = this.typeOf(path);
    if (type === 'object') {
      node.kind = OBJECT;
      return node;
    }
    const col = type === undefined ? undefined : this.columnOf(path);
    const at = col === undefined ? undefined : this.index.get(col.column);
    if (type === undefined || col === undefined || at === undefined) return node;
    // tags always takes the full path: it may need the conflict tag added, see FieldCatalog
    if (path === 'tags') return node;
    node.kind = LEAF_KIND[type] ?? BAIL;
    node.at = at;
    node.list = col.list;
    if (col.ip4Column !== undefined) node.ip4At = this.index.get(col.ip4Column) ?? -1;
    if (col.rawColumn !== undefined) node.rawAt = this.index.get(col.rawColumn) ?? -1;
    // the full path handles lists of these
    if (col.list && (node.kind === TEXT || node.kind === IP || node.kind === DATE)) node.kind = BAIL;
    return node;
  }

  /**
   * Writes the CSV line of a plain event to `out` and returns true, or returns false (writing
   * nothing) for an event that takes the full path.
   */
  encode(id: string, doc: LogDocument, out: RowBuffer): boolean {
    if (++this.row === 0xffffffff) {
      this.setIn.fill(0);
      this.row = 1;
    }
    const row = this.row;
    this.units = 0;
    this.numbers = 0;
    this.shapeChanged = false;
    this.synthetic = this.shapeAt >= 0;
    if (!this.walk(this.root, doc as { [key: string]: JsonValue }) || this.setIn[1] !== row) {
      // no @timestamp: the full path stamps one
      this.shape = -1;
      return false;
    }
    this.set(0, OUT_FIELD, id);
    if (this.synthetic) {
      if (this.shapeChanged || this.shape < 0)
        this.shape = this.shapes.idOf(this.shapeOf(this.root, doc as { [key: string]: JsonValue }));
      this.set(this.shapeAt, OUT_INT, this.shape);
    } else this.set(2, OUT_RAW, JSON.stringify(doc));
    const { values, setIn } = this;
    const kinds = this.out;
    const start = out.reserve(this.units, this.numbers);
    for (let at = 0; at < this.width; at++) {
      if (at > 0) out.separator();
      if (setIn[at] !== row) continue; // NULL
      const value = values[at] as string | number;
      switch (kinds[at]) {
        case OUT_FIELD:
          out.field(value as string);
          break;
        case OUT_RAW:
          out.raw(value as string);
          break;
        case OUT_INT:
          out.integer(value as number);
          break;
        default:
          out.tokens(value as string);
      }
    }
    out.endLine(start);
    return true;
  }

  /** Sets the value of a column of the row being encoded. */
  private set(at: number, kind: number, value: string | number): void {
    this.setIn[at] = this.row;
    this.out[at] = kind;
    this.values[at] = value;
    if (typeof value === 'string') this.units += kind === OUT_TOKENS ? 2 * value.length + 2 : value.length;
    else this.numbers++;
  }

  /** The shape of a document `walk` has just taken (its nodes are cached). */
  private shapeOf(parent: PathNode, object: { [key: string]: JsonValue }): ShapeEntry[] {
    const shape: ShapeEntry[] = [];
    for (const key in object) {
      const node = this.lookup(parent, key);
      const value = object[key] as JsonValue;
      if (node.kind === OBJECT) shape.push([key, this.shapeOf(node, value as { [key: string]: JsonValue })]);
      else shape.push([key, node.kind === TIMESTAMP ? TIMESTAMP_COLUMN : node.path, Array.isArray(value) ? 1 : 0]);
    }
    return shape;
  }

  private walk(parent: PathNode, object: { [key: string]: JsonValue }): boolean {
    let k = 0;
    for (const key in object) {
      const node = this.child(parent, key, k++);
      const value = object[key] as JsonValue;
      if (node.kind === OBJECT) {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
        if (!this.walk(node, value)) return false;
        continue;
      }
      if (node.kind === BAIL) return false;
      if (node.kind === TIMESTAMP) {
        if (typeof value !== 'string' || this.setIn[1] === this.row) return false;
        const ms = canonicalEpochMs(value);
        if (ms === undefined) return false;
        this.set(1, OUT_INT, ms);
        continue;
      }
      if (this.setIn[node.at] === this.row) return false; // the same field twice (`a.b` and `a: {b}`)
      if (node.list) {
        const isArray = Array.isArray(value);
        if (isArray !== node.lastArray) {
          node.lastArray = isArray;
          this.shapeChanged = true;
        }
        const text = isArray ? listText(node.kind, value) : listText(node.kind, [value]);
        if (text === undefined) return false;
        this.set(node.at, OUT_RAW, text);
      } else if (Array.isArray(value)) {
        // a one-valued array in a one-valued column (`event.category: ["web"]`, as the access-log
        // pipelines write it): the column holds the value, the shape says it was an array
        if (value.length !== 1 || !this.scalar(node, value[0] as JsonValue)) return false;
        if (node.lastArray !== true) {
          node.lastArray = true;
          this.shapeChanged = true;
        }
      } else {
        if (!this.scalar(node, value)) return false;
        if (node.lastArray === true) {
          node.lastArray = false;
          this.shapeChanged = true;
        }
      }
    }
    if (k !== parent.count) {
      parent.count = k;
      this.shapeChanged = true;
    }
    // an empty object is a value of its own (see flattenInto)
    return k > 0 || parent === this.root;
  }

  /** Sets the column(s) of a one-valued field; false when the value does not fit its type. */
  private scalar(node: PathNode, value: JsonValue): boolean {
    switch (node.kind) {
      case KEYWORD:
        if (typeof value !== 'string' || value.length > KEYWORD_IGNORE_ABOVE) return false;
        if (value !== node.lastValue) {
          // a lone surrogate cannot be stored as UTF-8 and rebuilt: the document keeps it
          if (!value.isWellFormed()) return false;
          node.lastValue = value;
        }
        this.set(node.at, OUT_FIELD, value);
        return true;
      case TEXT:
        if (typeof value !== 'string' || !value.isWellFormed()) return false;
        if (node.rawAt >= 0) this.set(node.rawAt, OUT_FIELD, value);
        else this.synthetic = false;
        this.set(node.at, OUT_TOKENS, value);
        return true;
      case LONG:
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
        this.set(node.at, OUT_INT, value);
        return true;
      case DOUBLE:
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        this.set(node.at, OUT_RAW, String(value));
        return true;
      case BOOLEAN:
        if (typeof value !== 'boolean') return false;
        this.set(node.at, OUT_RAW, value ? 'true' : 'false');
        return true;
      case IP: {
        if (typeof value !== 'string') return false;
        const n = strictIpv4(value);
        if (n < 0) return false;
        if (node.ip4At >= 0) this.set(node.ip4At, OUT_INT, n);
        this.set(node.at, OUT_RAW, value);
        return true;
      }
      case DATE: {
        const ms = typeof value === 'string' ? canonicalEpochMs(value) : undefined;
        if (ms === undefined) return false;
        this.set(node.at, OUT_INT, ms);
        return true;
      }
      default:
        return false;
    }
  }
}
