/** rename: move a field to a new dotted path (`overwrite` controls clobbering an existing target). */
import { deleteField, getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

export const type = 'rename';

export const configSchema = z
  .object({
    field: z.string().min(1),
    target: z.string().min(1),
    overwrite: z.boolean().default(true),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_renamefailure']),
    if: ifField,
  })
  .strict();

export type RenameConfig = z.infer<typeof configSchema>;

export function build(config: RenameConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined) {
      if (!config.ignore_missing) for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    if (config.field === config.target) return true;
    if (!config.overwrite && getField(doc, config.target) !== undefined) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    deleteField(doc, config.field);
    setField(doc, config.target, value);
    return true;
  };
}

export const rename: ProcessorComponent<RenameConfig> = { type, configSchema, build };
