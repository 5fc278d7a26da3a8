/**
 * The event model: an ECS-shaped JSON document. Fields are nested objects
 * (`{ log: { level: 'error' } }`), as Elasticsearch and ECS loggers write them;
 * helpers below read and write dotted paths (`log.level`) and also accept documents
 * whose keys are already dotted (`{ 'log.level': 'error' }`).
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type LogDocument = { [key: string]: JsonValue };

export interface LogEvent {
  /** Deterministic id: source identity + position, or a content hash. Stores drop repeats. */
  id: string;
  /** The ECS document, `@timestamp` as an ISO 8601 string. */
  doc: LogDocument;
}

/** Well-known ECS fields with their store types; unknown fields are kept and typed dynamically. */
export const ECS_FIELD_TYPES = {
  '@timestamp': 'date',
  message: 'text',
  'log.level': 'keyword',
  'log.logger': 'keyword',
  'log.file.path': 'keyword',
  'log.offset': 'long',
  'host.name': 'keyword',
  'host.hostname': 'keyword',
  'host.ip': 'ip',
  'service.name': 'keyword',
  'event.dataset': 'keyword',
  'event.module': 'keyword',
  'event.original': 'keyword',
  'event.ingested': 'date',
  'event.id': 'keyword',
  'event.duration': 'long',
  'source.ip': 'ip',
  'source.port': 'long',
  'destination.ip': 'ip',
  'client.ip': 'ip',
  'http.request.method': 'keyword',
  'http.request.referrer': 'keyword',
  'http.response.status_code': 'long',
  'http.response.body.bytes': 'long',
  'http.version': 'keyword',
  'url.original': 'keyword',
  'url.path': 'keyword',
  'url.query': 'keyword',
  'user_agent.original': 'keyword',
  'user_agent.name': 'keyword',
  'user_agent.os.name': 'keyword',
  'user_agent.device.name': 'keyword',
  'user.name': 'keyword',
  'process.name': 'keyword',
  'process.pid': 'long',
  'agent.name': 'keyword',
  'agent.type': 'keyword',
  'agent.version': 'keyword',
  'error.message': 'text',
  'error.stack_trace': 'text',
  'error.type': 'keyword',
  tags: 'keyword',
  'device.id': 'keyword',
} as const satisfies Record<string, FieldType>;

export type FieldType = 'date' | 'text' | 'keyword' | 'long' | 'double' | 'boolean' | 'ip' | 'object';

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read a dotted path from a nested (or partly dotted) document; only own fields (never `constructor`, `__proto__`). */
export function getField(doc: LogDocument, path: string): JsonValue | undefined {
  if (Object.hasOwn(doc, path)) return doc[path];
  let current: JsonValue | undefined = doc;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    if (!isPlainObject(current)) return undefined;
    const rest = parts.slice(i).join('.');
    if (i > 0 && Object.hasOwn(current, rest)) return current[rest];
    const key = parts[i] as string;
    if (!Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

const splitCache = new Map<string, readonly string[]>();

/** `path.split('.')`, cached: the same few hundred field names are written millions of times. */
function splitPath(path: string): readonly string[] {
  let parts = splitCache.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    if (splitCache.size < 10_000) splitCache.set(path, parts);
  }
  return parts;
}

/**
 * Write a dotted path, creating nested objects (a scalar in the way is replaced). A path with a
 * `__proto__` segment is not written: it would reach Object.prototype (keys come from log lines).
 */
export function setField(doc: LogDocument, path: string, value: JsonValue): void {
  const parts = splitPath(path);
  const last = parts.length - 1;
  if (parts[last] === '__proto__') return;
  let current: { [key: string]: JsonValue } = doc;
  for (let i = 0; i < last; i++) {
    const key = parts[i] as string;
    if (key === '__proto__') return;
    const next = current[key];
    if (next !== null && typeof next === 'object' && !Array.isArray(next)) {
      current = next;
    } else {
      const created: { [key: string]: JsonValue } = {};
      current[key] = created;
      current = created;
    }
  }
  current[parts[last] as string] = value;
}

/** Remove a dotted path from a nested or partly dotted document; empty parent objects are left as they are. */
export function deleteField(doc: LogDocument, path: string): void {
  if (path in doc) {
    delete doc[path];
    return;
  }
  // The longest dotted prefix that is a key wins, as in getField (`{ 'log.file': { path } }`).
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const head = parts.slice(0, i).join('.');
    const child = doc[head];
    if (isPlainObject(child)) {
      deleteField(child, parts.slice(i).join('.'));
      return;
    }
  }
}

/** Flatten to dotted leaf paths. Arrays are leaves (kept whole). */
export function flattenDocument(
  doc: LogDocument,
  prefix = '',
  out: Record<string, JsonValue> = {},
): Record<string, JsonValue> {
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && Object.keys(value).length > 0) flattenDocument(value, path, out);
    else out[path] = value;
  }
  return out;
}

/** Expand dotted keys into nested objects (the inverse of flattenDocument). */
export function expandDocument(flat: Record<string, JsonValue>): LogDocument {
  const doc: LogDocument = {};
  for (const [path, value] of Object.entries(flat)) setField(doc, path, value);
  return doc;
}
