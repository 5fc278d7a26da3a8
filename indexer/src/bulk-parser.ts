/**
 * The Elasticsearch `_bulk` body: NDJSON pairs of action line + source line. Accepts what real
 * clients send: blank lines anywhere (rsyslog), `\/` escapes, CRLF, no final newline, `_type`.
 * A bad action line fails the whole request (as in Elasticsearch); a bad source line fails only
 * its item, later (the source is kept as text here).
 */

export type BulkOp = 'index' | 'create' | 'update' | 'delete';

export interface BulkItem {
  op: BulkOp;
  /** `_index` of the action, else the path's index; '' when neither (answered per item). */
  index: string;
  /** `_id` as given. */
  id?: string;
  /** Per-action ingest pipeline. */
  pipeline?: string;
  /** Source line text (index/create/update); undefined for delete. */
  source?: string;
  /** The source line's bytes (for content ids). */
  sourceBytes?: Uint8Array;
  /** 1-based line of the action. */
  line: number;
}

/** A request-level error: Elasticsearch answers the whole request with 400. */
export class BulkRequestError extends Error {
  readonly type: string;
  constructor(type: string, reason: string) {
    super(reason);
    this.type = type;
    this.name = 'BulkRequestError';
  }
}

const OPS = new Set<string>(['index', 'create', 'update', 'delete']);
const decoder = new TextDecoder('utf-8', { fatal: false });

function isBlank(body: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = body[i];
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Split into non-blank lines with their 1-based numbers (a trailing `\r` is dropped). */
function* lines(body: Uint8Array): Generator<{ start: number; end: number; line: number }> {
  let start = 0;
  let line = 1;
  while (start < body.length) {
    let end = body.indexOf(10, start);
    const next = end === -1 ? body.length : end + 1;
    if (end === -1) end = body.length;
    let stop = end;
    if (stop > start && body[stop - 1] === 13) stop--;
    if (!isBlank(body, start, stop)) yield { start, end: stop, line };
    start = next;
    line++;
  }
}

function parseAction(text: string, line: number): { op: string; meta: Record<string, unknown> } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BulkRequestError(
      'x_content_parse_exception',
      `[${line}:1] Malformed action/metadata line [${line}]: ${(error as Error).message}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BulkRequestError(
      'illegal_argument_exception',
      `Malformed action/metadata line [${line}], expected START_OBJECT but found [${Array.isArray(value) ? 'START_ARRAY' : 'VALUE'}]`,
    );
  }
  const keys = Object.keys(value);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined) {
    throw new BulkRequestError(
      'illegal_argument_exception',
      `Malformed action/metadata line [${line}], expected one of [create, delete, index, update] as the only field`,
    );
  }
  if (!OPS.has(op)) {
    throw new BulkRequestError(
      'illegal_argument_exception',
      `Malformed action/metadata line [${line}], expected field [create, delete, index, update] but found [${op.slice(0, 100)}]`,
    );
  }
  const meta = (value as Record<string, unknown>)[op];
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) {
    throw new BulkRequestError(
      'illegal_argument_exception',
      `Malformed action/metadata line [${line}], expected START_OBJECT after [${op}]`,
    );
  }
  return { op, meta: meta as Record<string, unknown> };
}

function metaString(meta: Record<string, unknown>, key: string, line: number): string | undefined {
  const v = meta[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new BulkRequestError(
    'illegal_argument_exception',
    `Malformed action/metadata line [${line}], field [${key}] must be a string`,
  );
}

/** Parse a `_bulk` body. Throws BulkRequestError for request-level problems. */
export function parseBulk(body: Uint8Array, defaultIndex?: string): BulkItem[] {
  const items: BulkItem[] = [];
  const it = lines(body);
  for (let next = it.next(); !next.done; next = it.next()) {
    const { start, end, line } = next.value;
    const { op, meta } = parseAction(decoder.decode(body.subarray(start, end)), line);
    const index = metaString(meta, '_index', line) ?? defaultIndex ?? '';
    const id = metaString(meta, '_id', line);
    const pipeline = metaString(meta, 'pipeline', line);
    const item: BulkItem = { op: op as BulkOp, index, line };
    if (id !== undefined) item.id = id;
    if (pipeline !== undefined) item.pipeline = pipeline;
    if (op !== 'delete') {
      const src = it.next();
      if (src.done) {
        throw new BulkRequestError(
          'action_request_validation_exception',
          `Validation Failed: 1: the [${op}] action on line [${line}] has no source line;`,
        );
      }
      item.sourceBytes = body.subarray(src.value.start, src.value.end);
      item.source = decoder.decode(item.sourceBytes);
    }
    items.push(item);
  }
  if (items.length === 0)
    throw new BulkRequestError('action_request_validation_exception', 'Validation Failed: 1: no requests added;');
  return items;
}
