/**
 * The field catalogue kept in sync with the engine: loaded from the log indices' mappings at
 * init, and every newly declared field `PUT` into the mappings (explicit types) before a write.
 */
import type { FieldType } from '@driftwood/core';
import { FieldCatalog } from '../field-catalog.ts';
import { type EngineClient, errorReason, expectOk } from './client.ts';
import {
  baseMappings,
  disabledObjects,
  driftwoodType,
  flattenMappings,
  ID_FIELD,
  type IndexNames,
  OVERFLOW_FIELD,
  propertiesFor,
  withDisabledObjects,
} from './indices.ts';

/** Fields the backend keeps for itself: never in the catalogue, never shown. */
const HIDDEN = new Set([ID_FIELD]);

/** The fields every daily index starts with (from the template), which the catalogue knows already. */
const BASE_FIELDS = new Set(flattenMappings({ base: { mappings: baseMappings() } }).keys());

/**
 * The catalogue entries the mappings add to a fresh catalogue: every field declared since the
 * template (not the template's own) with its parent paths as `object`s, exactly what
 * `FieldCatalog.prepare` declared when those fields first came.
 */
export function catalogEntries(mappingResponse: unknown): Array<[string, FieldType]> {
  const flat = flattenMappings(mappingResponse);
  const out = new Map<string, FieldType>();
  for (const [name, node] of flat) {
    if (HIDDEN.has(name) || BASE_FIELDS.has(name) || node.type === 'object') continue;
    const type = driftwoodType(node.type);
    if (type === undefined) continue;
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('.');
      if (!out.has(parent)) out.set(parent, 'object');
    }
    out.set(name, type);
  }
  return [...out];
}

/** The catalogue the engine's mappings describe. */
export async function loadCatalog(
  client: EngineClient,
  names: IndexNames,
): Promise<{ catalog: FieldCatalog; indices: Set<string>; disabled: Set<string> }> {
  const res = await client.request<Record<string, unknown>>('GET', `/${names.pattern}/_mapping`, undefined, {
    allow_no_indices: true,
    ignore_unavailable: true,
  });
  const body = res.status === 404 ? {} : (expectOk(res, 'reading the log mappings') ?? {});
  return {
    catalog: new FieldCatalog(catalogEntries(body)),
    indices: new Set(Object.keys(body)),
    disabled: disabledObjects(body),
  };
}

/** The mapping body for these fields (objects included so parents exist). */
export function mappingBody(
  fields: Iterable<[string, FieldType]>,
  disabled: Iterable<string> = [],
): Record<string, unknown> {
  const list = [...fields].filter(([name]) => !HIDDEN.has(name) && name !== OVERFLOW_FIELD);
  return { properties: withDisabledObjects(propertiesFor(list), disabled) };
}

/** PUTs `enabled: false` objects (arrays of objects, kept but not indexed); answers whether the engine took them. */
export async function putDisabled(client: EngineClient, target: string, paths: Iterable<string>): Promise<boolean> {
  const res = await client.request('PUT', `/${target}/_mapping`, mappingBody([], paths), {
    allow_no_indices: true,
    ignore_unavailable: true,
  });
  if (res.status === 429 || res.status >= 500) expectOk(res, 'updating the log mappings');
  return res.status < 300 || res.status === 404;
}

/**
 * PUTs the fields into the mappings of the given indices (all existing log indices by default).
 * Answers the fields the engine refused (each tried alone after a refused batch).
 */
export async function putFields(
  client: EngineClient,
  target: string,
  fields: Map<string, FieldType>,
): Promise<Array<{ field: string; reason: string }>> {
  if (fields.size === 0) return [];
  const put = (entries: Iterable<[string, FieldType]>) =>
    client.request('PUT', `/${target}/_mapping`, mappingBody(entries), {
      allow_no_indices: true,
      ignore_unavailable: true,
    });
  const res = await put(fields);
  if (res.status === 404 || (res.status >= 200 && res.status < 300)) return [];
  if (res.status === 429 || res.status >= 500) expectOk(res, 'updating the log mappings');
  const refused: Array<{ field: string; reason: string }> = [];
  for (const [name, type] of fields) {
    if (type === 'object') continue;
    const one = await put([[name, type]]);
    if (one.status >= 400 && one.status !== 404) refused.push({ field: name, reason: errorReason(one.body) });
  }
  return refused;
}
