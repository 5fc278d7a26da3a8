/**
 * Config files: YAML validated by a zod schema, once, then frozen. Every problem is reported
 * (not just the first) with the file, line and column of the offending key or value, and a hint:
 * did-you-mean for a misspelt key or enum value, else the known keys. Browser-safe (`yaml` +
 * `zod`, no file access: callers read the file).
 *
 *   const config = loadConfig(schema, text, { file: 'indexer.yml' });
 *
 * Callers that validate parts of one file with several schemas (the shipper's components) use
 * `parseYamlSource` once, `zodConfigIssues` per part with its `base` path, then `configError`.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import type { z } from 'zod';
import { DriftwoodError } from '../errors.ts';
import { didYouMean } from './suggest.ts';

export interface ConfigIssue {
  /** Dotted path of the key (`inputs[0].listen`); empty for the document itself. */
  path: string;
  /** 1-based; present when the issue points into YAML text. */
  line?: number;
  column?: number;
  message: string;
  hint?: string;
}

export type PathSegment = string | number;

/** A parsed YAML document that can say where a path is. */
export interface YamlSource {
  readonly file: string;
  /** The document as plain data (`{}` for an empty file). */
  readonly data: unknown;
  /** Line and column of the node at `path` (its key with `onKey`), or of its deepest existing ancestor. */
  position(path: readonly PathSegment[], onKey?: boolean): { line: number; column: number };
}

/** Parse YAML text (duplicate keys are errors). Throws `CONFIG_INVALID` listing every YAML error. */
export function parseYamlSource(text: string, file = 'config'): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw configError(
      file,
      doc.errors.map((e) => {
        const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
        return { path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
      }),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  return {
    file,
    data,
    position(path, onKey = false) {
      const offset = locate(doc.contents, path, onKey)?.range?.[0];
      if (offset === undefined) return { line: 1, column: 1 };
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

export interface ZodIssueOptions {
  /** Where the validated value sits in the file (default: the document root). */
  base?: readonly PathSegment[];
  /** The YAML the value came from: issues then carry line and column. */
  source?: YamlSource;
  /** The schema that failed, for the known keys of an unknown-key hint. */
  schema?: z.ZodType;
  /** The validated value, for did-you-mean on enum values (default: `source.data` at `base`). */
  data?: unknown;
}

/** One `ConfigIssue` per zod issue (one per unknown key), with positions and hints. */
export function zodConfigIssues(error: z.ZodError, options: ZodIssueOptions = {}): ConfigIssue[] {
  const base = options.base ?? [];
  const root = options.data ?? (options.source ? valueAt(options.source.data, base) : undefined);
  const issues: ConfigIssue[] = [];
  const report = (path: PathSegment[], message: string, hint?: string, onKey = false): void => {
    const full = [...base, ...path];
    issues.push({
      path: formatPath(full),
      ...(options.source ? options.source.position(full, onKey) : {}),
      message,
      ...(hint ? { hint } : {}),
    });
  };
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      const known = options.schema ? keysAt(options.schema, path) : [];
      for (const key of issue.keys) {
        const guess = didYouMean(key, known);
        report(
          [...path, key],
          `unknown key \`${key}\``,
          guess ? `did you mean \`${guess}\`?` : known.length > 0 ? `known keys: ${known.join(', ')}` : undefined,
          true,
        );
      }
    } else if (issue.code === 'invalid_value' && typeof valueAt(root, path) === 'string') {
      const guess = didYouMean(valueAt(root, path) as string, issue.values.map(String));
      report(path, issue.message, guess ? `did you mean \`${guess}\`?` : undefined);
    } else if (
      issue.code === 'invalid_type' &&
      root !== undefined &&
      path.length > 0 &&
      valueAt(root, path) === undefined
    ) {
      report(path, `missing required key \`${String(path[path.length - 1])}\``, undefined, true);
    } else {
      report(path, issue.message);
    }
  }
  return issues;
}

/** `file:line:column: path: message (hint)` per issue, one a line (or joined by `separator`). */
export function formatConfigIssues(file: string | undefined, issues: readonly ConfigIssue[], separator = '\n'): string {
  return issues
    .map((i) => {
      const where = file === undefined ? '' : `${file}${i.line === undefined ? '' : `:${i.line}:${i.column ?? 1}`}: `;
      return `${where}${i.path ? `${i.path}: ` : ''}${i.message}${i.hint ? ` (${i.hint})` : ''}`;
    })
    .join(separator);
}

/** Every issue of a zod error as text, one a line (see `zodConfigIssues` for the options). */
export function formatZodIssues(
  error: z.ZodError,
  options: ZodIssueOptions & { file?: string; separator?: string } = {},
): string {
  return formatConfigIssues(options.file ?? options.source?.file, zodConfigIssues(error, options), options.separator);
}

/** The `CONFIG_INVALID` error for a list of issues (`details: { file, issues }`). */
export function configError(file: string, issues: readonly ConfigIssue[]): DriftwoodError {
  return new DriftwoodError('CONFIG_INVALID', `invalid config\n${formatConfigIssues(file, issues)}`, {
    details: { file, issues },
  });
}

/**
 * Validate already parsed data (defaults applied, frozen). Throws `CONFIG_INVALID` listing every
 * issue, with positions when `source` is given.
 */
export function validateConfig<S extends z.ZodType>(
  schema: S,
  data: unknown,
  options: { file?: string; source?: YamlSource } = {},
): Readonly<z.output<S>> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const file = options.file ?? options.source?.file ?? 'config';
    throw configError(
      file,
      zodConfigIssues(result.error, { schema, data, ...(options.source ? { source: options.source } : {}) }),
    );
  }
  return deepFreeze(result.data);
}

/** Parse YAML `text`, validate it with `schema`, freeze it. Throws `CONFIG_INVALID` listing every problem. */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  text: string,
  options: { file?: string } = {},
): Readonly<z.output<S>> {
  const source = parseYamlSource(text, options.file ?? 'config');
  return validateConfig(schema, source.data, { source });
}

/** Freeze an object graph in place (cycles are fine); returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function formatPath(path: readonly PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The YAML node at `path` (the key node with `onKey`); the deepest existing ancestor otherwise. */
function locate(root: unknown, path: readonly PathSegment[], onKey: boolean): Node | undefined {
  let node = root as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return node;
      if (i === path.length - 1 && onKey) return pair.key as Node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return node;
      node = item;
    } else {
      return node;
    }
  }
  return node;
}

type AnySchema = { _zod?: { def?: Record<string, unknown> }; shape?: Record<string, unknown> };

function unwrap(schema: unknown): AnySchema | undefined {
  let s = schema as AnySchema | undefined;
  for (let guard = 0; s && guard < 20; guard++) {
    const def = s._zod?.def as
      | { type?: string; innerType?: unknown; in?: unknown; getter?: () => unknown; options?: unknown[] }
      | undefined;
    if (!def) break;
    if (['optional', 'default', 'nullable', 'readonly', 'catch', 'prefault', 'nonoptional'].includes(def.type ?? ''))
      s = def.innerType as AnySchema;
    else if (def.type === 'pipe') s = def.in as AnySchema;
    else if (def.type === 'lazy') s = def.getter?.() as AnySchema;
    else break;
  }
  return s;
}

/** The keys an object schema accepts at `path` inside `schema` (for did-you-mean). */
function keysAt(schema: unknown, path: readonly PathSegment[]): string[] {
  let s = unwrap(schema);
  for (const seg of path) {
    if (!s) return [];
    if (typeof seg === 'number') s = unwrap((s._zod?.def as { element?: unknown })?.element);
    else s = unwrap(s.shape?.[seg]);
  }
  return s?.shape ? Object.keys(s.shape) : [];
}
