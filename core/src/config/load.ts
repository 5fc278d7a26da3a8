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
import { type ConfigIssue, formatConfigIssues, type PathSegment, type YamlSource, zodConfigIssues } from './issues.ts';

export * from './issues.ts';

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

/** The `CONFIG_INVALID` error for a list of issues (`details: { file, issues }`). */
export function configError(file: string, issues: readonly ConfigIssue[], what = 'config'): DriftwoodError {
  return new DriftwoodError('CONFIG_INVALID', `invalid ${what}\n${formatConfigIssues(file, issues)}`, {
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
