/**
 * ip: check that a field holds a valid IPv4/IPv6 address (store mappings type it `ip`, and a
 * bad value would reject the whole document). An invalid value is moved out of the way — to
 * `invalid_target` when set, else removed — and the event tagged `_invalid_ip`. A valid IPv6
 * value is kept as written (zone ids included); `[::1]` brackets are stripped.
 */
import { deleteField, getField, ipVersion, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

/** A valid address as written (IPv6 may be in brackets and carry a zone id), at most 64 characters. */
export function isIp(value: string): boolean {
  return value.length <= 64 && ipVersion(value) !== 0;
}

export const type = 'ip';

export const configSchema = z
  .object({
    field: z.string().min(1),
    invalid_target: z
      .string()
      .optional()
      .describe('Where to move an invalid value (e.g. `source.address`); omitted = drop the value.'),
    ignore_missing: ignoreMissing.default(true),
    tag_on_failure: z.array(z.string()).default(['_invalid_ip']),
    if: ifField,
  })
  .strict();

export type IpConfig = z.infer<typeof configSchema>;

export function build(config: IpConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined) {
      if (!config.ignore_missing) for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    if (typeof value === 'string' && isIp(value)) {
      if (value.startsWith('[')) setField(doc, config.field, value.slice(1, -1));
      return true;
    }
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' && isIp(v))) return true;
    deleteField(doc, config.field);
    if (config.invalid_target !== undefined) setField(doc, config.invalid_target, value);
    for (const t of config.tag_on_failure) addTag(doc, t);
    return true;
  };
}

export const ip: ProcessorComponent<IpConfig> = { type, configSchema, build };
