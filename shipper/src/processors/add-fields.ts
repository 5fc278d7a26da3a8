/** add_fields: sets fields on every event (dotted names nest: `service.name`). */
import { getField, type JsonValue, setField } from '@driftwood/core';
import { z } from 'zod';
import type { Processor } from '../component.ts';

export const type = 'add_fields';

const json: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(json), z.record(z.string(), json)]),
);

export const configSchema = z
  .object({
    type: z.literal('add_fields'),
    fields: z.record(z.string().min(1), json).describe('Field name (dotted) → value.'),
    target: z.string().default('').describe('Prefix for the field names (e.g. `labels`); empty: the document root.'),
    overwrite: z.boolean().default(true).describe('Replace a value that is already there.'),
  })
  .strict();

export function build(config: z.infer<typeof configSchema>): Processor {
  const entries = Object.entries(config.fields).map(
    ([k, v]) => [config.target ? `${config.target}.${k}` : k, v] as const,
  );
  return {
    process(events) {
      for (const e of events) {
        for (const [field, value] of entries) {
          if (!config.overwrite && getField(e.doc, field) !== undefined) continue;
          setField(e.doc, field, structuredClone(value));
        }
      }
      return events;
    },
  };
}
