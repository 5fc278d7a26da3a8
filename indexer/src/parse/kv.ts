/**
 * kv: split `a=1&b=2` / `k1:v1, k2:v2` style text into fields with configurable separators,
 * optional quote stripping, key prefix, include/exclude lists. Failure tag `_kvparsefailure`.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

export const type = 'kv';

export const configSchema = z
  .object({
    field: z.string().default('message'),
    field_split: z.string().min(1).default(' ').describe('Separator between pairs (literal string).'),
    value_split: z.string().min(1).default('=').describe('Separator between key and value (literal string).'),
    target: z.string().optional().describe('Object to write into; omitted = document root.'),
    prefix: z.string().default('').describe('Prepended to every key.'),
    include_keys: z.array(z.string()).optional(),
    exclude_keys: z.array(z.string()).default([]),
    strip_quotes: z.boolean().default(true).describe('Remove surrounding "..." or \'...\' from values.'),
    trim_key: z.boolean().default(true),
    trim_value: z.boolean().default(true),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_kvparsefailure']),
    if: ifField,
  })
  .strict();

export type KvConfig = z.infer<typeof configSchema>;

export function parseKv(text: string, fieldSplit: string, valueSplit: string): [string, string][] {
  const out: [string, string][] = [];
  for (const part of text.split(fieldSplit)) {
    const at = part.indexOf(valueSplit);
    if (at <= 0) continue;
    out.push([part.slice(0, at), part.slice(at + valueSplit.length)]);
  }
  return out;
}

function unquote(v: string): string {
  if (v.length >= 2) {
    const f = v[0];
    if ((f === '"' || f === "'") && v[v.length - 1] === f) return v.slice(1, -1);
  }
  return v;
}

export function build(config: KvConfig): Processor {
  const include = config.include_keys === undefined ? undefined : new Set(config.include_keys);
  const exclude = new Set(config.exclude_keys);
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    let written = 0;
    if (typeof value === 'string') {
      for (const [rawKey, rawValue] of parseKv(value, config.field_split, config.value_split)) {
        const key = config.trim_key ? rawKey.trim() : rawKey;
        if (key === '' || key === '__proto__' || exclude.has(key) || (include !== undefined && !include.has(key)))
          continue;
        let v = config.trim_value ? rawValue.trim() : rawValue;
        if (config.strip_quotes) v = unquote(v);
        const path = `${config.prefix}${key}`;
        setField(doc, config.target === undefined ? path : `${config.target}.${path}`, v);
        written++;
      }
    }
    if (written === 0) for (const t of config.tag_on_failure) addTag(doc, t);
    return true;
  };
}

export const kv: ProcessorComponent<KvConfig> = { type, configSchema, build };
