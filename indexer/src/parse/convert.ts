/**
 * convert: change a field's type — integer, long, float, double, string, boolean, ip, auto.
 * Arrays are converted element-wise. A value that cannot be converted is left as it is and
 * tagged `_convertfailure`.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { isIp } from './ip.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

export const type = 'convert';

const TYPES = ['integer', 'long', 'float', 'double', 'string', 'boolean', 'ip', 'auto'] as const;

export const configSchema = z
  .object({
    field: z.string().min(1),
    type: z.enum(TYPES),
    target: z.string().optional().describe('Write the converted value here (default: in place).'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_convertfailure']),
    if: ifField,
  })
  .strict();

export type ConvertConfig = z.infer<typeof configSchema>;

const NUMERIC = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/** Convert one scalar; undefined when impossible. */
export function convertValue(value: JsonValue, to: (typeof TYPES)[number]): JsonValue | undefined {
  switch (to) {
    case 'integer':
    case 'long': {
      if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : undefined;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && NUMERIC.test(value)) {
        const n = Math.trunc(Number(value));
        return Number.isFinite(n) ? n : undefined;
      }
      if (typeof value === 'string' && /^\s*0x[0-9a-fA-F]+\s*$/.test(value)) return Number.parseInt(value, 16);
      return undefined;
    }
    case 'float':
    case 'double': {
      if (typeof value === 'number') return value;
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (typeof value === 'string' && NUMERIC.test(value)) {
        const n = Number(value);
        return Number.isFinite(n) ? n : undefined;
      }
      return undefined;
    }
    case 'string':
      return typeof value === 'string'
        ? value
        : value === null
          ? 'null'
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      if (typeof value === 'number') return value !== 0;
      if (typeof value !== 'string') return undefined;
      const v = value.trim().toLowerCase();
      if (v === 'true' || v === 'yes' || v === 'on' || v === '1' || v === 't' || v === 'y') return true;
      if (v === 'false' || v === 'no' || v === 'off' || v === '0' || v === 'f' || v === 'n') return false;
      return undefined;
    }
    case 'ip':
      return typeof value === 'string' && isIp(value.trim()) ? value.trim() : undefined;
    case 'auto': {
      if (typeof value !== 'string') return value;
      if (NUMERIC.test(value)) {
        const n = Number(value);
        if (Number.isFinite(n)) return n;
      }
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    }
    default:
      return undefined;
  }
}

export function build(config: ConvertConfig): Processor {
  const target = config.target ?? config.field;
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined) {
      if (!config.ignore_missing) for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    let ok = true;
    let out: JsonValue | undefined;
    if (Array.isArray(value)) {
      const arr: JsonValue[] = [];
      for (const v of value) {
        const c = convertValue(v, config.type);
        if (c === undefined) {
          ok = false;
          break;
        }
        arr.push(c);
      }
      out = arr;
    } else {
      out = convertValue(value, config.type);
      ok = out !== undefined;
    }
    if (!ok || out === undefined) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    setField(doc, target, out);
    return true;
  };
}

export const convert: ProcessorComponent<ConvertConfig> = { type, configSchema, build };
