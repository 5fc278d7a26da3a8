/**
 * The field catalogue: which fields exist and their types, shared by every backend so that
 * they agree on what a value means. Known ECS fields have fixed types; a new field takes its
 * type from its first value and keeps it. Values that do not fit are moved aside, never dropped.
 */
import {
  deleteField,
  ECS_FIELD_TYPES,
  type FieldType,
  getField,
  isIp,
  type JsonValue,
  type LogDocument,
  setField,
} from '@driftwood/core';
import { CONFLICT_PREFIX, CONFLICT_TAG, type FieldInfo } from './contract.ts';

export const MAX_FIELDS = 1000;
/** Keyword values longer than this stay in the document but are not indexed (ignore_above). */
export const KEYWORD_IGNORE_ABOVE = 8191;
export const OVERFLOW_FIELD = 'driftwood.overflow';
/** Fields the stores declare themselves. */
export const RESERVED_FIELDS: Record<string, FieldType> = { [OVERFLOW_FIELD]: 'keyword' };

const TEXT_TYPES = new Set<FieldType>(['text']);

export function isAggregatable(type: FieldType): boolean {
  return !TEXT_TYPES.has(type) && type !== 'object';
}

/** The type a new field gets from a value, or undefined for null / empty arrays. */
export function inferType(value: JsonValue): FieldType | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const t = inferType(item);
      if (t !== undefined) return t;
    }
    return undefined;
  }
  switch (typeof value) {
    case 'string':
      return 'keyword';
    case 'number':
      return 'double';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/** The store's `ip` check is core's (`@driftwood/core` net.ts); re-exported for query-plan. */
export { isIp };

const NUMERIC_STRING = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/** Milliseconds for a date value (ISO 8601 string or epoch ms number), or undefined. */
/** ISO 8601 as Elasticsearch's `strict_date_optional_time` reads it; no zone means UTC. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Milliseconds for a date value (strict ISO 8601 string or epoch ms number), or undefined. */
export function toEpochMs(value: JsonValue): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const canonical = canonicalEpochMs(value);
  if (canonical !== undefined) return canonical;
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', sec = '00', frac = '', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(t);
  if (
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(sec) > 59
  ) {
    return undefined;
  }
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/** Positions of the digits of year, month, day, hour and minute in a canonical timestamp. */
const MINUTE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];
/** The last minute canonicalEpochMs computed (its digits as one number) and its milliseconds. */
let cachedMinute = -1;
let cachedMinuteMs = 0;

/**
 * Milliseconds for a date already in `Date#toISOString` form (`2026-03-01T10:00:00.000Z`, what
 * shippers send) with a year from 0100, or undefined for any other string (the general parser
 * then decides). Same answer as the general parser, several times cheaper; events of a batch
 * mostly share their minute, whose milliseconds are kept from one call to the next.
 */
export function canonicalEpochMs(v: string): number | undefined {
  if (
    v.length !== 24 ||
    v.charCodeAt(4) !== 0x2d ||
    v.charCodeAt(7) !== 0x2d ||
    v.charCodeAt(10) !== 0x54 ||
    v.charCodeAt(13) !== 0x3a ||
    v.charCodeAt(16) !== 0x3a ||
    v.charCodeAt(19) !== 0x2e ||
    v.charCodeAt(23) !== 0x5a
  )
    return undefined;
  let minute = 0;
  for (let i = 0; i < MINUTE_DIGITS.length; i++) {
    const c = v.charCodeAt(MINUTE_DIGITS[i] as number) - 0x30;
    if (c < 0 || c > 9) return undefined;
    minute = minute * 10 + c;
  }
  const sec = digits(v, 17, 2);
  const ms = digits(v, 20, 3);
  if (sec < 0 || sec > 59 || ms < 0) return undefined;
  if (minute !== cachedMinute) {
    const y = Math.floor(minute / 1e8);
    const mo = Math.floor(minute / 1e6) % 100;
    const d = Math.floor(minute / 1e4) % 100;
    const h = Math.floor(minute / 100) % 100;
    const mi = minute % 100;
    if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59) return undefined;
    if (d > daysInMonth(y, mo)) return undefined;
    cachedMinute = minute;
    cachedMinuteMs = Date.UTC(y, mo - 1, d, h, mi);
  }
  return cachedMinuteMs + sec * 1000 + ms;
}

/** The decimal number in v[start, start + length), or -1 if any character is not a digit. */
function digits(v: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i++) {
    const c = v.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** coerceValue's answer when a value does not fit its type. */
const INVALID: unique symbol = Symbol('invalid');

/** Like `coerce` without allocating a result: the converted value, or INVALID. */
function coerceValue(type: FieldType, value: JsonValue): string | number | boolean | typeof INVALID {
  if (value === null || typeof value === 'object') return INVALID;
  switch (type) {
    case 'keyword':
    case 'text':
      return typeof value === 'string' ? value : String(value);
    case 'long': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && NUMERIC_STRING.test(value)
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) && Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : INVALID;
    }
    case 'double': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && NUMERIC_STRING.test(value)
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) ? n : INVALID;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return INVALID;
    case 'ip':
      return typeof value === 'string' && isIp(value) ? value : INVALID;
    case 'date':
      return toEpochMs(value) ?? INVALID;
    case 'object':
      return INVALID;
  }
}

/**
 * Converts one scalar to the field's type for indexing, or returns a reason it does not fit.
 * Strings are coerced where the engines coerce them ("42" into a long).
 */
export function coerce(
  type: FieldType,
  value: JsonValue,
): { ok: true; value: string | number | boolean } | { ok: false; reason: string } {
  const v = coerceValue(type, value);
  if (v !== INVALID) return { ok: true, value: v };
  const what =
    value === null || typeof value === 'object'
      ? Array.isArray(value)
        ? 'a nested array'
        : 'an object'
      : type === 'object'
        ? 'a scalar'
        : JSON.stringify(value);
  return { ok: false, reason: `${what} is not a valid ${type}` };
}

/** flattenDocument from core, without the intermediate entry arrays (same keys, same order). */
function flattenInto(doc: { [key: string]: JsonValue }, prefix: string, out: Record<string, JsonValue>): void {
  for (const key in doc) {
    const value = doc[key] as JsonValue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && hasKeys(value))
      flattenInto(value, path, out);
    else out[path] = value;
  }
}

function hasKeys(value: object): boolean {
  for (const _ in value) return true;
  return false;
}

const CONFLICT_FIELD_PREFIX = `${CONFLICT_PREFIX}.`;

export interface PreparedEvent {
  /** The document to store (conflicting values moved, `@timestamp` normalised). */
  doc: LogDocument;
  /** Indexed values by field (arrays for multi-valued fields), already coerced. */
  values: Map<string, Array<string | number | boolean>>;
  timestamp: number;
  conflicts: Array<{ field: string; reason: string }>;
}

export class FieldCatalog {
  readonly types = new Map<string, FieldType>();
  private readonly maxFields: number;

  constructor(initial: Iterable<[string, FieldType]> = [], maxFields = MAX_FIELDS) {
    this.maxFields = maxFields;
    for (const [name, type] of Object.entries(ECS_FIELD_TYPES)) {
      this.types.set(name, type);
      const parts = name.split('.');
      for (let i = 1; i < parts.length; i++) this.types.set(parts.slice(0, i).join('.'), 'object');
    }
    for (const [name, type] of Object.entries(RESERVED_FIELDS)) this.types.set(name, type);
    for (const [name, type] of initial) this.types.set(name, type);
  }

  get(name: string): FieldType | undefined {
    return this.types.get(name);
  }

  list(): FieldInfo[] {
    return [...this.types.entries()]
      .filter(([, type]) => type !== 'object')
      .map(([name, type]) => ({ name, type, aggregatable: isAggregatable(type) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Prepares one event: normalises `@timestamp`, declares new fields (reported in `declared`),
   * moves conflicting values to `driftwood.conflicts.<field>` and overflowing fields to
   * `driftwood.overflow`. Never throws.
   */
  prepare(input: LogDocument, declared: Map<string, FieldType>, receivedAt = Date.now()): PreparedEvent {
    const flat: Record<string, JsonValue> = {};
    flattenInto(input, '', flat);
    const values = new Map<string, Array<string | number | boolean>>();
    const conflicts: Array<{ field: string; reason: string }> = [];
    const moved: Record<string, string> = {};
    const overflow: Record<string, JsonValue> = {};

    const rawTimestamp = flat['@timestamp'];
    const canonical = typeof rawTimestamp === 'string' ? canonicalEpochMs(rawTimestamp) : undefined;
    let timestamp = canonical ?? toEpochMs(rawTimestamp ?? null);
    if (timestamp === undefined) {
      if (flat['@timestamp'] !== undefined && flat['@timestamp'] !== null) {
        conflicts.push({ field: '@timestamp', reason: `${JSON.stringify(flat['@timestamp'])} is not a valid date` });
        moved['@timestamp'] = JSON.stringify(flat['@timestamp']);
      }
      timestamp = receivedAt;
    }
    // a canonical timestamp is already what toISOString would give
    flat['@timestamp'] = canonical !== undefined ? (rawTimestamp as string) : new Date(timestamp).toISOString();

    for (const field in flat) {
      const raw = flat[field] as JsonValue;
      if (field === '@timestamp') {
        values.set(field, [timestamp]);
        continue;
      }
      if (field.startsWith(CONFLICT_FIELD_PREFIX) || field === OVERFLOW_FIELD) {
        // Kept values (ours, or a document that already went through a store, re-imported): a
        // keyword with the value as text. One that cannot be that field (its path is under a
        // scalar, or is an object's) stays in the document, not indexed.
        const known = this.types.get(field);
        if (known === undefined ? this.scalarAncestor(field) !== undefined : known !== 'keyword') continue;
        this.declareField(field, 'keyword', declared);
        values.set(field, [typeof raw === 'string' ? raw : JSON.stringify(raw)]);
        continue;
      }
      let type = this.types.get(field);
      if (type === undefined) {
        const scalarParent = this.scalarAncestor(field);
        if (scalarParent !== undefined) {
          // an object where a scalar field exists: the whole subtree moves, under the scalar's name
          if (!(scalarParent in moved)) {
            conflicts.push({ field: scalarParent, reason: `an object is not a valid ${this.types.get(scalarParent)}` });
            moved[scalarParent] = JSON.stringify(getField(input, scalarParent) ?? null);
          }
          continue;
        }
        const inferred = inferType(raw);
        if (inferred === undefined) continue; // null / empty array: nothing to index, kept in the document
        if (inferred === 'object') {
          // an array of objects: kept in the document, not indexed field by field
          continue;
        }
        if (this.types.size >= this.maxFields) {
          overflow[field] = raw;
          continue;
        }
        this.declareParents(field, declared);
        this.types.set(field, inferred);
        declared.set(field, inferred);
        type = inferred;
      }
      if (type === 'object') {
        conflicts.push({ field, reason: 'a value where an object field exists' });
        moved[field] = JSON.stringify(raw);
        continue;
      }
      if (!Array.isArray(raw)) {
        // one value: the common case, without the per-item loop
        if (raw === null) continue;
        const v = coerceValue(type, raw);
        if (v === INVALID) {
          conflicts.push({ field, reason: (coerce(type, raw) as { reason: string }).reason });
          moved[field] = JSON.stringify(raw);
        } else if (typeof v !== 'string' || (type !== 'keyword' && type !== 'ip') || v.length <= KEYWORD_IGNORE_ABOVE) {
          values.set(field, [v]);
        }
        continue;
      }
      const indexed: Array<string | number | boolean> = [];
      let reason: string | undefined;
      for (const item of raw) {
        if (item === null) continue;
        const c = coerce(type, item);
        if (!c.ok) {
          reason = c.reason;
          break;
        }
        if (
          typeof c.value === 'string' &&
          (type === 'keyword' || type === 'ip') &&
          c.value.length > KEYWORD_IGNORE_ABOVE
        )
          continue;
        indexed.push(c.value);
      }
      if (reason !== undefined) {
        conflicts.push({ field, reason });
        moved[field] = JSON.stringify(raw);
        continue;
      }
      if (indexed.length > 0) values.set(field, indexed);
    }

    const needsRewrite = conflicts.length > 0 || Object.keys(overflow).length > 0;
    let doc: LogDocument;
    if (!needsRewrite && flat['@timestamp'] === input['@timestamp']) {
      doc = input;
    } else {
      doc = structuredClone(input);
      for (const field of [...Object.keys(moved), ...Object.keys(overflow)]) deleteField(doc, field);
      setField(doc, '@timestamp', flat['@timestamp']);
      for (const [field, text] of Object.entries(moved)) {
        if (field === '@timestamp') continue;
        const target = `${CONFLICT_PREFIX}.${field}`;
        setField(doc, target, text);
        this.declareField(target, 'keyword', declared);
        values.set(target, [text]);
      }
      if (moved['@timestamp'] !== undefined) {
        const target = `${CONFLICT_PREFIX}.@timestamp`;
        setField(doc, target, moved['@timestamp']);
        this.declareField(target, 'keyword', declared);
        values.set(target, [moved['@timestamp']]);
      }
      if (Object.keys(overflow).length > 0) {
        const text = JSON.stringify(overflow);
        setField(doc, OVERFLOW_FIELD, text);
      }
      if (conflicts.length > 0) {
        const tags = Array.isArray(doc.tags) ? doc.tags : doc.tags === undefined ? [] : [doc.tags];
        if (!tags.includes(CONFLICT_TAG)) doc.tags = [...tags, CONFLICT_TAG];
        const tagValues = (doc.tags as JsonValue[]).filter((t): t is string => typeof t === 'string');
        values.set('tags', tagValues);
      }
    }
    return { doc, values, timestamp, conflicts };
  }

  private declareField(field: string, type: FieldType, declared: Map<string, FieldType>): void {
    if (this.types.has(field)) return;
    this.declareParents(field, declared);
    this.types.set(field, type);
    declared.set(field, type);
  }

  /** Marks every parent path of a field as an object (so a later scalar there is a conflict). */
  private declareParents(field: string, declared: Map<string, FieldType>): void {
    const parts = field.split('.');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      if (!this.types.has(parent)) {
        this.types.set(parent, 'object');
        declared.set(parent, 'object');
      }
    }
  }

  /** The nearest parent path of a field that is a scalar field (so the field cannot exist), if any. */
  private scalarAncestor(field: string): string | undefined {
    const parts = field.split('.');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      const type = this.types.get(parent);
      if (type !== undefined && type !== 'object') return parent;
    }
    return undefined;
  }
}
