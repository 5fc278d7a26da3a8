/** rename_fields: moves fields (`from` → `to`, dotted paths); a missing `from` is left alone. */
import { deleteField, getField, setField } from '@driftwood/core';
import { z } from 'zod';
import type { Processor } from '../component.ts';

export const type = 'rename_fields';

export const configSchema = z
  .object({
    type: z.literal('rename_fields'),
    fields: z
      .array(z.object({ from: z.string().min(1), to: z.string().min(1) }).strict())
      .min(1)
      .describe('Renames, applied in order.'),
    overwrite: z
      .boolean()
      .default(false)
      .describe('Replace a value already at `to` (otherwise the rename is skipped).'),
  })
  .strict();

export function build(config: z.infer<typeof configSchema>): Processor {
  return {
    process(events) {
      for (const e of events) {
        for (const { from, to } of config.fields) {
          const value = getField(e.doc, from);
          if (value === undefined) continue;
          if (!config.overwrite && getField(e.doc, to) !== undefined) continue;
          deleteField(e.doc, from);
          setField(e.doc, to, value);
        }
      }
      return events;
    },
  };
}
