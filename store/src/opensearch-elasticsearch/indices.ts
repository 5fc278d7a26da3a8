/**
 * Index layout: daily log indices `<prefix>-logs-YYYY.MM.DD` (UTC day of `@timestamp`), one
 * composable index template `<prefix>-logs` holding the fixed mappings and settings, and a
 * saved-objects index `<prefix>-objects`.
 */
import { ECS_FIELD_TYPES, type FieldType } from '@driftwood/core';

export const DEFAULT_INDEX_PREFIX = 'driftwood';
/** Hidden keyword holding the event id: the sort tiebreaker (ES 9 cannot sort on `_id`). */
export const ID_FIELD = 'driftwood.id';
export const OVERFLOW_FIELD = 'driftwood.overflow';
export const KEYWORD_IGNORE_ABOVE = 8191;
export const TOTAL_FIELDS_LIMIT = 2000;
const DAY_MS = 86_400_000;

export interface IndexNames {
  prefix: string;
  /** The composable template's name: `<prefix>-logs`. */
  template: string;
  /** What searches read: `<prefix>-logs-*`. */
  pattern: string;
  objects: string;
  /** The daily index holding events of that instant. */
  day(epochMs: number): string;
  /** The UTC day start of a daily index name, or undefined when the name is not one of ours. */
  dayStart(index: string): number | undefined;
}

export function indexNames(prefix = DEFAULT_INDEX_PREFIX): IndexNames {
  const logs = `${prefix}-logs-`;
  return {
    prefix,
    template: `${prefix}-logs`,
    pattern: `${logs}*`,
    objects: `${prefix}-objects`,
    day(epochMs) {
      const d = new Date(epochMs);
      const pad = (n: number): string => String(n).padStart(2, '0');
      return `${logs}${String(d.getUTCFullYear()).padStart(4, '0')}.${pad(d.getUTCMonth() + 1)}.${pad(d.getUTCDate())}`;
    },
    dayStart(index) {
      if (!index.startsWith(logs)) return undefined;
      const m = /^(\d{4})\.(\d{2})\.(\d{2})$/.exec(index.slice(logs.length));
      if (m === null) return undefined;
      const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
      return Number.isFinite(ms) ? ms : undefined;
    },
  };
}

export { DAY_MS };

/** The engine mapping of one Driftwood field type (explicit, so the engine never guesses). */
export function fieldMapping(type: FieldType): Record<string, unknown> {
  switch (type) {
    case 'keyword':
      return { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE };
    case 'text':
      return { type: 'text', analyzer: 'standard' };
    case 'date':
      return { type: 'date', format: 'strict_date_optional_time||epoch_millis' };
    case 'long':
      return { type: 'long' };
    case 'double':
      return { type: 'double' };
    case 'ip':
      return { type: 'ip' };
    case 'boolean':
      return { type: 'boolean' };
    case 'object':
      return { type: 'object' };
  }
}

/**
 * Nested `properties` for dotted field names (`a.b` → `{ a: { properties: { b: … } } }`).
 * Both engines also accept dotted keys, but nesting keeps `a` and `a.b` from fighting.
 */
export function propertiesFor(fields: Iterable<[string, FieldType]>): Record<string, unknown> {
  const root: Record<string, Record<string, unknown>> = {};
  for (const [name, type] of fields) {
    const parts = name.split('.');
    let level = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i] as string;
      let node = level[key];
      if (node === undefined || node.type !== undefined) {
        node = { properties: {} };
        level[key] = node;
      }
      node.properties ??= {};
      level = node.properties as Record<string, Record<string, unknown>>;
    }
    const last = parts[parts.length - 1] as string;
    const existing = level[last];
    if (type === 'object') {
      if (existing === undefined) level[last] = { properties: {} };
      continue;
    }
    level[last] = fieldMapping(type);
  }
  return root;
}

/**
 * Adds `{ type: object, enabled: false }` at each path: arrays of objects are kept in the document
 * but not indexed field by field (as the catalogue has it), so the engine must not map them.
 */
export function withDisabledObjects(
  properties: Record<string, unknown>,
  paths: Iterable<string>,
): Record<string, unknown> {
  for (const path of paths) {
    const parts = path.split('.');
    let level = properties as Record<string, Record<string, unknown>>;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i] as string;
      let node = level[key];
      if (node === undefined) {
        node = { properties: {} };
        level[key] = node;
      }
      if (node.type !== undefined && node.type !== 'object') break;
      node.properties ??= {};
      level = node.properties as Record<string, Record<string, unknown>>;
    }
    const last = parts[parts.length - 1] as string;
    level[last] ??= { type: 'object', enabled: false };
  }
  return properties;
}

/** Paths the mappings hold as disabled objects. */
export function disabledObjects(mappingResponse: unknown): Set<string> {
  const out = new Set<string>();
  for (const [name, node] of flattenMappings(mappingResponse)) if (node.enabled === false) out.add(name);
  return out;
}

/** The fixed mappings every daily index starts with. */
export function baseMappings(): Record<string, unknown> {
  const fixed: Array<[string, FieldType]> = Object.entries(ECS_FIELD_TYPES) as Array<[string, FieldType]>;
  const properties = propertiesFor([...fixed, [ID_FIELD, 'keyword']]);
  const driftwood = properties.driftwood as { properties: Record<string, unknown> };
  driftwood.properties.conflicts = { type: 'object', properties: {} };
  driftwood.properties.overflow = { type: 'keyword', index: false, doc_values: false };
  return {
    date_detection: false,
    numeric_detection: false,
    dynamic_templates: [
      {
        conflicts_as_keywords: {
          path_match: 'driftwood.conflicts.*',
          match_mapping_type: '*',
          mapping: { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE },
        },
      },
      { strings_as_keywords: { match_mapping_type: 'string', mapping: fieldMapping('keyword') } },
      { longs_as_doubles: { match_mapping_type: 'long', mapping: { type: 'double' } } },
      { doubles_as_doubles: { match_mapping_type: 'double', mapping: { type: 'double' } } },
    ],
    properties,
  };
}

export function indexSettings(): Record<string, unknown> {
  return {
    number_of_shards: 1,
    number_of_replicas: 0,
    refresh_interval: '1s',
    'mapping.total_fields.limit': TOTAL_FIELDS_LIMIT,
  };
}

/** `PUT _index_template/<prefix>-logs` body. */
export function indexTemplate(names: IndexNames): Record<string, unknown> {
  return {
    index_patterns: [names.pattern],
    priority: 500,
    template: { settings: { index: indexSettings() }, mappings: baseMappings() },
    _meta: { managed_by: 'driftwood' },
  };
}

/** `PUT <prefix>-objects` body. */
export function objectsIndexBody(): Record<string, unknown> {
  return {
    settings: { index: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' } },
    mappings: {
      dynamic: false,
      properties: {
        type: { type: 'keyword' },
        id: { type: 'keyword' },
        title: { type: 'keyword', ignore_above: KEYWORD_IGNORE_ABOVE },
        updatedAt: { type: 'date' },
        attributes: { type: 'object', enabled: false },
      },
    },
  };
}

/** Engine mapping type → Driftwood field type (undefined for types Driftwood does not model). */
export function driftwoodType(engineType: string | undefined): FieldType | undefined {
  switch (engineType) {
    case 'keyword':
    case 'constant_keyword':
    case 'wildcard':
      return 'keyword';
    case 'text':
    case 'match_only_text':
      return 'text';
    case 'long':
    case 'integer':
    case 'short':
    case 'byte':
    case 'unsigned_long':
      return 'long';
    case 'double':
    case 'float':
    case 'half_float':
    case 'scaled_float':
      return 'double';
    case 'date':
    case 'date_nanos':
      return 'date';
    case 'ip':
      return 'ip';
    case 'boolean':
      return 'boolean';
    default:
      return undefined;
  }
}

interface MappingNode {
  type?: string;
  properties?: Record<string, MappingNode>;
  index?: boolean;
  enabled?: boolean;
}

/** Flattens `GET <pattern>/_mapping` (every index) into dotted field → engine mapping node. */
export function flattenMappings(response: unknown): Map<string, MappingNode> {
  const out = new Map<string, MappingNode>();
  const walk = (props: Record<string, MappingNode> | undefined, prefix: string): void => {
    if (props === undefined) return;
    for (const [key, node] of Object.entries(props)) {
      const name = prefix === '' ? key : `${prefix}.${key}`;
      if (node.properties !== undefined && (node.type === undefined || node.type === 'object')) {
        walk(node.properties, name);
        if (Object.keys(node.properties).length === 0 && !out.has(name)) {
          out.set(name, node.enabled === false ? { type: 'object', enabled: false } : { type: 'object' });
        }
      } else if (node.type === 'object' && node.enabled === false && !out.has(name)) {
        out.set(name, { type: 'object', enabled: false });
      } else if (node.type !== undefined && !out.has(name)) {
        out.set(name, node);
      }
    }
  };
  if (response && typeof response === 'object') {
    // Newest daily index first: its types win when old indices disagree.
    const indices = Object.entries(response as Record<string, { mappings?: MappingNode }>).sort(([a], [b]) =>
      b.localeCompare(a),
    );
    for (const [, index] of indices) walk(index.mappings?.properties, '');
  }
  return out;
}
