/**
 * Audit events are written by the security service (store/src/security/audit.ts) straight to the
 * store, never through the indexer; an ingested event that claims to be one — `event.dataset`
 * `driftwood.audit` (or `driftwood.audit.*`), or fields under `driftwood.audit` — would show up in
 * admin's audit search. Such an event is stored, nothing dropped, but not as an audit event:
 * `event.dataset` becomes `driftwood.audit_spoofed`, what it said is kept as text under
 * `driftwood.spoofed.event.dataset` (as the store keeps a value that does not fit under
 * `driftwood.conflicts.<field>`), the `driftwood.audit` fields as one JSON text under
 * `driftwood.spoofed.driftwood.audit`, and the event is tagged `_reserved_dataset`.
 * Dotted and nested spellings (`{"event.dataset":…}`, `{"driftwood":{"audit.action":…}}`) are
 * both found.
 */
import { AUDIT_DATASET, isPlainObject, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { addTag } from './parse/types.ts';

export const SPOOFED_DATASET = `${AUDIT_DATASET}_spoofed`;
export const RESERVED_DATASET_TAG = '_reserved_dataset';
/**
 * Where what the event said is kept. Shaped like the store's `driftwood.conflicts.<field>` (the
 * value as text), but its own prefix: the embedded store refuses a client document that brings
 * fields under `driftwood.conflicts` ("Cannot create values of type ANY").
 */
export const SPOOFED_PREFIX = 'driftwood.spoofed';

const DATASET = 'event.dataset';

/** True for `driftwood.audit` and `driftwood.audit.*` (case and spaces ignored). */
export function isReservedDataset(value: JsonValue | undefined): boolean {
  if (Array.isArray(value)) return value.some(isReservedDataset);
  if (typeof value !== 'string') return false;
  const v = value.trim().toLowerCase();
  return v === AUDIT_DATASET || v.startsWith(`${AUDIT_DATASET}.`);
}

interface Leaf {
  parent: { [key: string]: JsonValue };
  key: string;
  /** The dotted path of `parent[key]`. */
  path: string;
  /** For an array on the way to the target: what its objects hold there. */
  inner?: Leaf[];
}

/** Where a path stands to `target`: on it or below it, on the way to it, or elsewhere. */
function relation(path: string, target: string): 'at' | 'above' | 'none' {
  if (path === target || path.startsWith(`${target}.`)) return 'at';
  if (target.startsWith(`${path}.`)) return 'above';
  return 'none';
}

function walk(obj: { [key: string]: JsonValue }, prefix: string, target: string, found: Leaf[]): void {
  for (const key of Object.keys(obj)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const rel = relation(path, target);
    if (rel === 'at') found.push({ parent: obj, key, path });
    else if (rel === 'above') {
      const value = obj[key] as JsonValue;
      if (isPlainObject(value)) walk(value, path, target, found);
      else if (Array.isArray(value)) {
        // An array on the way that holds objects reaching the target (`{"event":[{"dataset":…}]}`) goes whole.
        const inner: Leaf[] = [];
        for (const v of value) if (isPlainObject(v)) walk(v, path, target, inner);
        if (inner.length > 0) found.push({ parent: obj, key, path, inner });
      }
    }
  }
}

const reserved = (l: Leaf): boolean => isReservedDataset(l.parent[l.key]) || (l.inner?.some(reserved) ?? false);

function find(doc: LogDocument, target: string): Leaf[] {
  const found: Leaf[] = [];
  walk(doc, '', target, found);
  return found;
}

const asText = (value: JsonValue) => (typeof value === 'string' ? value : JSON.stringify(value));

/** Rewrites `doc` in place when it poses as an audit event; true when it did. */
export function defuseAuditSpoof(doc: LogDocument): boolean {
  const audit = find(doc, AUDIT_DATASET);
  const datasets = find(doc, DATASET);
  if (audit.length === 0 && !datasets.some(reserved)) return false;
  const said = datasets.map((l) => l.parent[l.key] as JsonValue);
  const auditFields: { [path: string]: JsonValue } = {};
  for (const l of audit) auditFields[l.path] = l.parent[l.key] as JsonValue;
  for (const l of [...datasets, ...audit]) delete l.parent[l.key];
  if (said.length > 0)
    setField(
      doc,
      `${SPOOFED_PREFIX}.${DATASET}`,
      said.length === 1 ? asText(said[0] as JsonValue) : JSON.stringify(said),
    );
  if (audit.length > 0) setField(doc, `${SPOOFED_PREFIX}.${AUDIT_DATASET}`, JSON.stringify(auditFields));
  setField(doc, DATASET, SPOOFED_DATASET);
  addTag(doc, RESERVED_DATASET_TAG);
  return true;
}
