/** remove: delete fields (dotted paths). Absent fields are ignored. */
import { deleteField, type LogDocument } from '@driftwood/core';
import { z } from 'zod';
import { ifField } from './common.ts';
import type { Processor, ProcessorComponent } from './types.ts';

export const type = 'remove';

export const configSchema = z
  .object({
    fields: z.array(z.string().min(1)).min(1),
    if: ifField,
  })
  .strict();

export type RemoveConfig = z.infer<typeof configSchema>;

export function build(config: RemoveConfig): Processor {
  return (doc: LogDocument) => {
    for (const f of config.fields) deleteField(doc, f);
    return true;
  };
}

export const remove: ProcessorComponent<RemoveConfig> = { type, configSchema, build };
