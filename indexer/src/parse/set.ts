/**
 * set: write a constant (`value`, with `{{field}}` references expanded) or copy another field
 * (`copy_from`) into `field`.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField } from './common.ts';
import type { Processor, ProcessorComponent } from './types.ts';

export const type = 'set';

const jsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]),
);

export const configSchema = z
  .object({
    field: z.string().min(1),
    value: jsonValue.optional().describe('Constant; strings may reference fields as {{path}}.'),
    copy_from: z.string().optional().describe('Copy this field instead of a constant.'),
    override: z.boolean().default(true).describe('Replace an existing value.'),
    if: ifField,
  })
  .strict()
  .refine((c) => (c.value === undefined) !== (c.copy_from === undefined), {
    message: 'set needs exactly one of value or copy_from',
  });

export type SetConfig = z.infer<typeof configSchema>;

const TEMPLATE = /\{\{\s*([^}\s]+)\s*\}\}/g;

export function build(config: SetConfig): Processor {
  const constant = config.value;
  const templated = typeof constant === 'string' && constant.includes('{{');
  return (doc: LogDocument) => {
    if (!config.override && getField(doc, config.field) !== undefined) return true;
    let value: JsonValue | undefined;
    if (config.copy_from !== undefined) value = getField(doc, config.copy_from);
    else if (templated && typeof constant === 'string') {
      value = constant.replace(TEMPLATE, (_all, path: string) => {
        const v = getField(doc, path);
        return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      });
    } else value = constant === undefined ? undefined : (structuredClone(constant) as JsonValue);
    if (value !== undefined) setField(doc, config.field, value);
    return true;
  };
}

export const set: ProcessorComponent<SetConfig> = { type, configSchema, build };
