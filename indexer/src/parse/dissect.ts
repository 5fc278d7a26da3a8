/**
 * dissect: split a field by literal delimiters, Elastic-style: `%{a} %{b} [%{c}]`.
 * `%{}` / `%{?name}` skip, `%{+name}` appends (joined by `append_separator`), `%{name->}` skips
 * repeated delimiters (padding). No regex: a linear scan with `indexOf`. Failure tags
 * `_dissectfailure`.
 */
import { DriftwoodError, getField, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type Processor, type ProcessorComponent } from './types.ts';

interface Key {
  name: string;
  skip: boolean;
  append: boolean;
  padded: boolean;
}

export interface CompiledDissect {
  /** Flat dotted captures, or undefined when the delimiters are not all found. */
  match(text: string): Record<string, string> | undefined;
}

export function compileDissect(pattern: string, appendSeparator = ''): CompiledDissect {
  const keys: Key[] = [];
  const delimiters: string[] = [];
  const re = /%\{([^}]*)\}/g;
  let last = 0;
  let prefix = '';
  let m: RegExpExecArray | null = re.exec(pattern);
  if (m === null)
    throw new DriftwoodError('CONFIG_INVALID', `dissect pattern "${pattern}" has no %{key}`, { details: { pattern } });
  while (m !== null) {
    const literal = pattern.slice(last, m.index);
    if (keys.length === 0) prefix = literal;
    else {
      if (literal === '')
        throw new DriftwoodError(
          'CONFIG_INVALID',
          `dissect pattern "${pattern}" has two keys without a delimiter between them`,
          { details: { pattern } },
        );
      delimiters.push(literal);
    }
    let spec = m[1] ?? '';
    const padded = spec.endsWith('->');
    if (padded) spec = spec.slice(0, -2);
    const append = spec.startsWith('+');
    const skip = spec === '' || spec.startsWith('?');
    const name = spec.replace(/^[+?&*]/, '').replace(/\/\d+$/, '');
    keys.push({ name, skip, append, padded });
    last = re.lastIndex;
    m = re.exec(pattern);
  }
  const suffix = pattern.slice(last);
  return {
    match(text) {
      if (!text.startsWith(prefix)) return undefined;
      let pos = prefix.length;
      const out: Record<string, string> = {};
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as Key;
        const delim = delimiters[i];
        let value: string;
        if (delim === undefined) {
          if (suffix === '') value = text.slice(pos);
          else {
            if (!text.endsWith(suffix) || text.length - suffix.length < pos) return undefined;
            value = text.slice(pos, text.length - suffix.length);
          }
          pos = text.length;
        } else {
          const at = text.indexOf(delim, pos);
          if (at === -1) return undefined;
          value = text.slice(pos, at);
          pos = at + delim.length;
          if (key.padded) while (text.startsWith(delim, pos)) pos += delim.length;
        }
        if (key.skip) continue;
        const prev = out[key.name];
        out[key.name] = key.append && prev !== undefined ? `${prev}${appendSeparator}${value}` : value;
      }
      return out;
    },
  };
}

export const type = 'dissect';

export const configSchema = z
  .object({
    field: z.string().default('message').describe('Field to split.'),
    pattern: z.string().min(1).describe('Dissect pattern, e.g. `%{client.ip} - %{user.name} [%{timestamp}]`.'),
    append_separator: z.string().default('').describe('Joins values of `%{+key}` appends.'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_dissectfailure']),
    if: ifField,
  })
  .strict();

export type DissectConfig = z.infer<typeof configSchema>;

export function build(config: DissectConfig): Processor {
  const compiled = compileDissect(config.pattern, config.append_separator);
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    const out = typeof value === 'string' ? compiled.match(value) : undefined;
    if (out === undefined) {
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    for (const key in out) setField(doc, key, out[key] as string);
    return true;
  };
}

export const dissect: ProcessorComponent<DissectConfig> = { type, configSchema, build };
