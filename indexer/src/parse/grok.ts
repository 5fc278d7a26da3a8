/**
 * grok: match a field against `%{PATTERN:field[:int|float]}` expressions (first matching
 * pattern wins) and write the captures as ECS dotted fields. Each expression is expanded once
 * into one anchored JavaScript RegExp with generated named groups; `(?<field.name>...)` inline
 * captures are accepted too. On no match the event is kept and tagged `_grokparsefailure`.
 */
import { DriftwoodError, getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { GROK_PATTERNS } from './grok-patterns.ts';
import { addTag, type BuildOptions, type Processor, type ProcessorComponent } from './types.ts';

export type CaptureType = 'string' | 'int' | 'float';

export interface GrokCapture {
  group: string;
  field: string;
  type: CaptureType;
}

export interface CompiledGrok {
  readonly pattern: string;
  readonly regex: RegExp;
  readonly captures: readonly GrokCapture[];
  /** Captured fields (flat, dotted names) or undefined when the text does not match. */
  match(text: string): Record<string, JsonValue> | undefined;
}

const REFERENCE = /%\{(\w+)(?::([\w.@\-[\]]+))?(?::(int|float|string|integer|long|double|number))?\}/g;
const INLINE_GROUP = /\(\?<([A-Za-z_@][\w.@-]*)>/g;
const MAX_DEPTH = 32;

function normaliseType(type: string | undefined): CaptureType {
  if (type === 'int' || type === 'integer' || type === 'long') return 'int';
  if (type === 'float' || type === 'double' || type === 'number') return 'float';
  return 'string';
}

/**
 * Expand and compile a grok expression. Throws DriftwoodError(CONFIG_INVALID) for an unknown
 * pattern name, a recursive definition or an invalid regex — at build time, never per event.
 */
export function compileGrok(
  pattern: string,
  definitions: Readonly<Record<string, string>> = {},
  anchored = true,
): CompiledGrok {
  const captures: GrokCapture[] = [];
  const expand = (text: string, depth: number, stack: readonly string[]): string => {
    if (depth > MAX_DEPTH) {
      throw new DriftwoodError('CONFIG_INVALID', `grok pattern nesting is too deep in "${pattern}"`, {
        details: { pattern },
      });
    }
    const withInline = text.replace(INLINE_GROUP, (_all, field: string) => {
      const group = `g${captures.length}`;
      captures.push({ group, field, type: 'string' });
      return `(?<${group}>`;
    });
    return withInline.replace(REFERENCE, (_all, name: string, field: string | undefined, type: string | undefined) => {
      const body = definitions[name] ?? GROK_PATTERNS[name];
      if (body === undefined) {
        throw new DriftwoodError('CONFIG_INVALID', `unknown grok pattern %{${name}} in "${pattern}"`, {
          details: { pattern, name },
        });
      }
      if (stack.includes(name)) {
        throw new DriftwoodError('CONFIG_INVALID', `grok pattern %{${name}} refers to itself`, {
          details: { pattern, name },
        });
      }
      if (field === undefined) return `(?:${expand(body, depth + 1, [...stack, name])})`;
      const group = `g${captures.length}`;
      captures.push({ group, field, type: normaliseType(type) });
      return `(?<${group}>${expand(body, depth + 1, [...stack, name])})`;
    });
  };
  const source = expand(pattern, 0, []);
  let regex: RegExp;
  try {
    regex = new RegExp(anchored ? `^(?:${source})$` : source);
  } catch (cause) {
    throw new DriftwoodError('CONFIG_INVALID', `grok pattern "${pattern}" is not a valid regular expression`, {
      cause,
      details: { pattern },
    });
  }
  const frozen = Object.freeze(captures.slice());
  return {
    pattern,
    regex,
    captures: frozen,
    match(text) {
      const m = regex.exec(text);
      if (m === null) return undefined;
      const groups = m.groups ?? {};
      const out: Record<string, JsonValue> = {};
      for (const c of frozen) {
        const raw = groups[c.group];
        if (raw === undefined) continue;
        if (c.type === 'int') {
          const n = Number.parseInt(raw, 10);
          out[c.field] = Number.isFinite(n) ? n : raw;
        } else if (c.type === 'float') {
          const n = Number(raw);
          out[c.field] = raw.trim() !== '' && Number.isFinite(n) ? n : raw;
        } else {
          out[c.field] = raw;
        }
      }
      return out;
    },
  };
}

export const type = 'grok';

export const configSchema = z
  .object({
    field: z.string().default('message').describe('Field to match.'),
    patterns: z.array(z.string().min(1)).min(1).describe('Grok expressions, tried in order; the first match wins.'),
    pattern_definitions: z
      .record(z.string(), z.string())
      .default({})
      .describe('Extra named patterns usable as %{NAME}.'),
    ignore_missing: z.boolean().default(false).describe('Leave the event untouched (no tag) when the field is absent.'),
    tag_on_failure: z.array(z.string()).default(['_grokparsefailure']).describe('Tags added when no pattern matches.'),
    if: z.string().optional().describe('KQL condition; the processor runs only for matching events.'),
  })
  .strict();

export type GrokConfig = z.infer<typeof configSchema>;

export function build(config: GrokConfig, _options?: BuildOptions): Processor {
  const compiled = config.patterns.map((p) => compileGrok(p, config.pattern_definitions));
  return (doc: LogDocument) => {
    const value = getField(doc, config.field);
    if (typeof value !== 'string') {
      if (value === undefined && config.ignore_missing) return true;
      for (const t of config.tag_on_failure) addTag(doc, t);
      return true;
    }
    for (const g of compiled) {
      const fields = g.match(value);
      if (fields !== undefined) {
        for (const key in fields) setField(doc, key, fields[key] as JsonValue);
        return true;
      }
    }
    for (const t of config.tag_on_failure) addTag(doc, t);
    return true;
  };
}

export const grok: ProcessorComponent<GrokConfig> = { type, configSchema, build };
