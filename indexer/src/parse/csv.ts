/**
 * csv: split one CSV record (RFC 4180 quoting, `""` escapes) into named columns.
 * Extra values get `column{n}` names; a broken quote tags `_csvparsefailure`.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

/** Split one record; undefined when a quoted value is not closed. */
export function parseCsvRecord(text: string, separator = ',', quote = '"'): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.startsWith(quote, i)) {
      let value = '';
      i += quote.length;
      for (;;) {
        const at = text.indexOf(quote, i);
        if (at === -1) return undefined;
        value += text.slice(i, at);
        i = at + quote.length;
        if (text.startsWith(quote, i)) {
          value += quote;
          i += quote.length;
        } else break;
      }
      out.push(value);
      if (i >= n) return out;
      if (!text.startsWith(separator, i)) return undefined;
      i += separator.length;
    } else {
      const at = text.indexOf(separator, i);
      if (at === -1) {
        out.push(text.slice(i));
        return out;
      }
      out.push(text.slice(i, at));
      i = at + separator.length;
    }
  }
}

export const type = 'csv';

export const configSchema = z
  .object({
    field: z.string().default('message'),
    columns: z.array(z.string().min(1)).default([]).describe('Target field for each column, in order.'),
    separator: z.string().min(1).default(','),
    quote: z.string().min(1).default('"'),
    trim: z.boolean().default(false),
    skip_empty: z.boolean().default(false).describe('Do not write empty values.'),
    convert_numbers: z.boolean().default(false).describe('Write numeric-looking values as numbers.'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_csvparsefailure']),
    if: ifField,
  })
  .strict();

export type CsvConfig = z.infer<typeof configSchema>;

export function build(config: CsvConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    const values = typeof value === 'string' ? parseCsvRecord(value, config.separator, config.quote) : undefined;
    if (values === undefined) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    values.forEach((raw, idx) => {
      const v = config.trim ? raw.trim() : raw;
      if (config.skip_empty && v === '') return;
      const name = config.columns[idx] ?? `column${idx + 1}`;
      const num = config.convert_numbers && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(v) ? Number(v) : undefined;
      setField(doc, name, num !== undefined && Number.isFinite(num) ? num : v);
    });
    return true;
  };
}

export const csv: ProcessorComponent<CsvConfig> = { type, configSchema, build };
