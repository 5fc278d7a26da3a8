/**
 * date: parse a time-stamp field with a list of layouts (Joda-style, e.g.
 * `yyyy-MM-dd HH:mm:ss,SSS`, `dd/MMM/yyyy:HH:mm:ss Z`, `MMM d HH:mm:ss`, or ISO8601, UNIX,
 * UNIX_MS, HTTPDATE, RFC3164/SYSLOG, RFC2822) into `@timestamp` (ISO 8601, UTC). Stamps without a
 * zone use `timezone`; without a year, the year that puts them closest before now + 1 day
 * (tagged `_timestamp_year_inferred`). Failure tags `_dateparsefailure`.
 */
import {
  DriftwoodError,
  deleteField,
  getField,
  isoOrUndefined,
  isValidZone,
  type LogDocument,
  setField,
} from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { compileFormat } from './date-formats.ts';
import { addTag, type ProcessContext, type Processor, type ProcessorComponent } from './types.ts';

export const type = 'date';

export const configSchema = z
  .object({
    field: z.string().default('timestamp').describe('Field holding the time stamp.'),
    formats: z.array(z.string().min(1)).min(1).default(['ISO8601']).describe('Layouts tried in order.'),
    timezone: z
      .string()
      .default('UTC')
      .describe('Zone for stamps without one: IANA name (Europe/Paris) or offset (+02:00).'),
    target: z.string().default('@timestamp'),
    remove_field: z.boolean().default(false).describe('Delete the source field after a successful parse.'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_dateparsefailure']),
    if: ifField,
  })
  .strict();

export type DateConfig = z.infer<typeof configSchema>;

export function build(config: DateConfig): Processor {
  if (!isValidZone(config.timezone)) {
    throw new DriftwoodError('CONFIG_INVALID', `date: unknown time zone "${config.timezone}"`, {
      details: { timezone: config.timezone },
    });
  }
  const formats = config.formats.map((f) => compileFormat(f));
  return (doc: LogDocument, ctx: ProcessContext) => {
    const raw = getField(doc, config.field);
    if (raw === undefined && config.ignore_missing) return true;
    let text: string | undefined;
    if (typeof raw === 'string') text = raw.trim();
    else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
    if (text !== undefined && text.length <= 128) {
      for (const f of formats) {
        const t = f.parse(text, config.timezone, ctx.now);
        const iso = t === undefined ? undefined : isoOrUndefined(t.ms);
        if (t !== undefined && iso !== undefined) {
          setField(doc, config.target, iso);
          if (t.yearInferred) addTag(doc, '_timestamp_year_inferred');
          if (config.remove_field && config.field !== config.target) deleteField(doc, config.field);
          return true;
        }
      }
    }
    for (const t of config.tag_on_failure) addTag(doc, t);
    return true;
  };
}

export const date: ProcessorComponent<DateConfig> = { type, configSchema, build };
