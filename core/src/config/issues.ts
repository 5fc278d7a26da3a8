/**
 * Zod issues as the project reports them, everywhere (config files, API bodies, dashboard and
 * rule files): one `ConfigIssue` per problem (one per unknown key), with the path as
 * `inputs[0].listen`, a did-you-mean for a misspelt key or enum value (else the known keys), and
 * the line and column when the value came from YAML text (load.ts). No `yaml` here, so the browser
 * can validate with it without the parser.
 */
import type { z } from 'zod';
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
      // A missing enum or literal key is an `invalid_value` in zod 4, a missing string an `invalid_type`.
      (issue.code === 'invalid_type' || issue.code === 'invalid_value') &&
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

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** `inputs[0].listen` for ['inputs', 0, 'listen']; '' for []. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
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
