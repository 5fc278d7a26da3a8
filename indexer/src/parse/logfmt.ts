/**
 * logfmt: `level=info msg="user logged in" duration=12ms ok` → fields. Quoted values may contain
 * escaped quotes; a bare key is `true`. Keys with dots become nested ECS paths. A linear scan,
 * no regex. A field with no pair at all is tagged `_logfmtparsefailure`.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

function isKeyChar(c: number): boolean {
  return c > 32 && c !== 61 && c !== 34 && c !== 127;
}

/** Parse logfmt into ordered [key, value] pairs (values are strings, bare keys `true`). */
export function parseLogfmt(text: string): [string, string | true][] {
  const out: [string, string | true][] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const start = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === start) {
      // Garbage character (`=` or `"` where a key should be): skip it.
      i++;
      continue;
    }
    const key = text.slice(start, i);
    if (i >= n || text.charCodeAt(i) !== 61) {
      out.push([key, true]);
      continue;
    }
    i++;
    if (i < n && text.charCodeAt(i) === 34) {
      i++;
      let value = '';
      let segment = i;
      while (i < n) {
        const c = text.charCodeAt(i);
        if (c === 92 && i + 1 < n) {
          value += text.slice(segment, i);
          const e = text[i + 1] as string;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          segment = i;
        } else if (c === 34) break;
        else i++;
      }
      value += text.slice(segment, i);
      i++;
      out.push([key, value]);
    } else {
      const vs = i;
      while (i < n && text.charCodeAt(i) > 32) i++;
      out.push([key, text.slice(vs, i)]);
    }
  }
  return out;
}

/** Does the text look like logfmt (at least `minPairs` key=value pairs and starts with one)? */
export function looksLikeLogfmt(text: string, minPairs = 2): boolean {
  if (!/^[A-Za-z_@][\w.@-]*=/.test(text)) return false;
  let pairs = 0;
  for (const [, v] of parseLogfmt(text)) if (v !== true && ++pairs >= minPairs) return true;
  return false;
}

const KEY_OK = /^[A-Za-z_@][\w.@-]{0,127}$/;

/** Write logfmt pairs into a document (under `target` when given). */
export function applyLogfmt(doc: LogDocument, pairs: [string, string | true][], target?: string): number {
  let written = 0;
  for (const [key, value] of pairs) {
    if (!KEY_OK.test(key) || key.startsWith('.') || key.endsWith('.') || key.includes('..')) continue;
    setField(doc, target === undefined ? key : `${target}.${key}`, value as JsonValue);
    written++;
  }
  return written;
}

export const type = 'logfmt';

export const configSchema = z
  .object({
    field: z.string().default('message'),
    target: z.string().optional().describe('Object to write the pairs into; omitted = document root.'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_logfmtparsefailure']),
    if: ifField,
  })
  .strict();

export type LogfmtConfig = z.infer<typeof configSchema>;

export function build(config: LogfmtConfig): Processor {
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    const pairs = typeof value === 'string' ? parseLogfmt(value) : [];
    if (pairs.every(([, v]) => v === true) || applyLogfmt(doc, pairs, config.target) === 0) {
      for (const t of config.tag_on_failure) addTag(doc, t);
    }
    return true;
  };
}

export const logfmt: ProcessorComponent<LogfmtConfig> = { type, configSchema, build };
