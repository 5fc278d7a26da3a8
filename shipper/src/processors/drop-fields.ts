/** drop_fields: removes fields (dotted paths). `@timestamp` cannot be dropped. */
import { deleteField } from '@driftwood/core';
import { z } from 'zod';
import type { Processor } from '../component.ts';

export const type = 'drop_fields';

export const configSchema = z
  .object({
    type: z.literal('drop_fields'),
    fields: z
      .array(
        z
          .string()
          .min(1)
          .refine((f) => f !== '@timestamp', { message: '`@timestamp` cannot be dropped' }),
      )
      .min(1)
      .describe('Fields to remove.'),
  })
  .strict();

export function build(config: z.infer<typeof configSchema>): Processor {
  return {
    process(events) {
      for (const e of events) for (const f of config.fields) deleteField(e.doc, f);
      return events;
    },
  };
}
