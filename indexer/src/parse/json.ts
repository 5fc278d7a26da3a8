/**
 * json: parse a field holding JSON, in place (into `target`, or merged into the document root).
 * Guarded by a size limit and a nesting-depth limit checked before parsing; invalid or
 * oversized JSON is tagged `_jsonparsefailure`, never thrown.
 */
import { deleteField, getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, isObject, type Processor, type ProcessorComponent } from './types.ts';

/** Maximum bracket nesting of a JSON text (ignoring brackets inside strings); stops early past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

export type JsonParseResult =
  | { ok: true; value: JsonValue }
  | { ok: false; reason: 'too_large' | 'too_deep' | 'invalid' };

/** Parse JSON text with limits; never throws. */
export function safeJsonParse(text: string, maxBytes: number, maxDepth: number): JsonParseResult {
  if (text.length > maxBytes) return { ok: false, reason: 'too_large' };
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, reason: 'too_deep' };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch {
    return { ok: false, reason: 'invalid' };
  }
}

export const type = 'json';

export const configSchema = z
  .object({
    field: z.string().default('message').describe('Field holding the JSON text.'),
    target: z
      .string()
      .optional()
      .describe('Where to put the parsed value; omitted = merge an object into the document root.'),
    overwrite: z.boolean().default(true).describe('When merging into the root, replace existing keys.'),
    remove_field: z.boolean().default(false).describe('Delete the source field after a successful parse .'),
    max_bytes: z.number().int().positive().default(1_048_576).describe('Longer texts are not parsed (tagged).'),
    max_depth: z.number().int().positive().default(32).describe('Deeper texts are not parsed (tagged).'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_jsonparsefailure']),
    if: ifField,
  })
  .strict();

export type JsonConfig = z.infer<typeof configSchema>;

export function build(config: JsonConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    if (typeof value !== 'string') {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    const result = safeJsonParse(value, config.max_bytes, config.max_depth);
    if (!result.ok) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    if (config.target !== undefined) {
      setField(doc, config.target, result.value);
      if (config.remove_field && config.target !== config.field) deleteField(doc, config.field);
      return true;
    }
    if (!isObject(result.value)) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    if (config.remove_field) deleteField(doc, config.field);
    for (const key of Object.keys(result.value)) {
      if (key === '__proto__') continue;
      if (!config.overwrite && key in doc) continue;
      doc[key] = result.value[key] as JsonValue;
    }
    return true;
  };
}

export const json: ProcessorComponent<JsonConfig> = { type, configSchema, build };
