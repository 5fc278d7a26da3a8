/** lowercase: lower-case a string field (or every string of an array field). */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

export const type = 'lowercase';

export const configSchema = z
  .object({
    field: z.string().min(1),
    target: z.string().optional(),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_lowercasefailure']),
    if: ifField,
  })
  .strict();

export type LowercaseConfig = z.infer<typeof configSchema>;

export function build(config: LowercaseConfig): Processor {
  const target = config.target ?? config.field;
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (typeof value === 'string') setField(doc, target, value.toLowerCase());
    else if (Array.isArray(value))
      setField(
        doc,
        target,
        value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v)),
      );
    else if (!(value === undefined && config.ignore_missing)) for (const t of config.tag_on_failure) addTag(doc, t);
    return true;
  };
}

export const lowercase: ProcessorComponent<LowercaseConfig> = { type, configSchema, build };
