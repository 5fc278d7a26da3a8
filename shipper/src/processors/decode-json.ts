/**
 * decode_json: parses a JSON object held in a field (default `message`) into `target` (default:
 * the document root, keys merged). Text that is not a JSON object is kept as it is and the event
 * is tagged `decode_json_failed` with `error.message`; it is never dropped.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import type { Processor } from '../component.ts';

export const type = 'decode_json';

export const configSchema = z
  .object({
    type: z.literal('decode_json'),
    field: z.string().min(1).default('message').describe('Field holding the JSON text.'),
    target: z.string().default('').describe('Where the parsed object goes; empty: merged into the document root.'),
    overwrite_keys: z.boolean().default(true).describe('Parsed keys replace existing ones (root target).'),
    max_depth: z.number().int().positive().default(64).describe('Deeper objects are rejected (tagged), not parsed.'),
  })
  .strict();

function depth(value: unknown, limit: number, level = 0): boolean {
  if (level > limit) return false;
  if (typeof value !== 'object' || value === null) return true;
  for (const v of Object.values(value)) if (!depth(v, limit, level + 1)) return false;
  return true;
}

function tag(doc: LogDocument, message: string): void {
  const tags = Array.isArray(doc.tags) ? doc.tags : [];
  if (!tags.includes('decode_json_failed')) tags.push('decode_json_failed');
  doc.tags = tags;
  setField(doc, 'error.message', message);
}

export function build(config: z.infer<typeof configSchema>): Processor {
  return {
    process(events) {
      for (const e of events) {
        const text = getField(e.doc, config.field);
        if (typeof text !== 'string') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          tag(e.doc, `decode_json: ${(err as Error).message}`);
          continue;
        }
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          tag(e.doc, 'decode_json: not a JSON object');
          continue;
        }
        if (!depth(parsed, config.max_depth)) {
          tag(e.doc, `decode_json: nested deeper than ${config.max_depth}`);
          continue;
        }
        if (config.target) {
          setField(e.doc, config.target, parsed as JsonValue);
          continue;
        }
        for (const [k, v] of Object.entries(parsed as LogDocument)) {
          if (!config.overwrite_keys && k in e.doc && k !== config.field) continue;
          e.doc[k] = v;
        }
      }
      return events;
    },
  };
}
