/**
 * The shipper config: YAML validated by zod, once, then frozen. Every problem is reported with
 * the file, line and column of the offending key or value, and a hint (did-you-mean for typos).
 *
 *   inputs:      list; each `type:` + that source's settings, optional `id:` (default `<type>-<n>`)
 *   processors:  list; each `type:` + that processor's settings (applied in order)
 *   queue:       `type: memory | disk` (default: disk under `<data>/queue`)
 *   output:      `type:` + that output's settings
 *   http:        optional; `listen: host:port` serves GET /metrics and GET /health
 *   dead_letter: where events the output rejects one by one are kept (default `<data>/deadletter`)
 */
import { readFile } from 'node:fs/promises';
import { DriftwoodError } from '@driftwood/core';
import { isMap, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';
import { z } from 'zod';
import { deadLetterSchema } from './deadletter.ts';
import { diskQueueSchema } from './queue/disk.ts';
import { memoryQueueSchema } from './queue/memory.ts';
import { OUTPUTS, PROCESSORS, SOURCES } from './registry.ts';
import { didYouMean } from './suggest.ts';

export const httpSchema = z
  .object({
    listen: z
      .string()
      .regex(/^[^\s:]*:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:5066')
      .default('127.0.0.1:5066')
      .describe('Address of the metrics/health server (`GET /metrics`, `GET /health`).'),
  })
  .strict();

const component = z.object({ type: z.string().min(1) }).loose();

/** The shipper file's top level; each input/processor/output/queue is checked by its own schema. */
export const topSchema = z
  .object({
    inputs: z
      .array(component)
      .min(1)
      .describe('Sources to read: each item is `type:` plus that input’s settings (below), and an optional `id:`.'),
    processors: z
      .array(component)
      .default([])
      .describe('Processors applied in order to every event: each item is `type:` plus its settings (below).'),
    queue: z
      .object({ type: z.enum(['memory', 'disk']) })
      .loose()
      .default({ type: 'disk' })
      .describe('The queue between processors and the output (below).'),
    output: component.describe('Where events go: `type:` plus its settings (below).'),
    http: httpSchema.optional().describe('Optional metrics/health server.'),
    dead_letter: deadLetterSchema
      .prefault({})
      .describe(
        'Local dead-letter files: events the output rejects one by one (a mapping conflict, a malformed document), one JSON line each with the event, the reason and status the store gave, the output and the time. An event is acknowledged only once it is stored or written here.',
      ),
    shutdown_timeout_ms: z
      .number()
      .int()
      .nonnegative()
      .default(5000)
      .describe('On SIGINT/SIGTERM, how long in-flight batches may take before the shipper exits anyway.'),
  })
  .strict();

export interface ComponentConfig {
  readonly type: string;
  readonly [key: string]: unknown;
}

export interface ShipperConfig {
  readonly inputs: ReadonlyArray<ComponentConfig & { readonly id: string }>;
  readonly processors: ReadonlyArray<ComponentConfig>;
  readonly queue: Readonly<z.infer<typeof memoryQueueSchema>> | Readonly<z.infer<typeof diskQueueSchema>>;
  readonly output: ComponentConfig;
  readonly http: Readonly<z.infer<typeof httpSchema>> | undefined;
  readonly dead_letter: Readonly<z.infer<typeof deadLetterSchema>>;
  readonly shutdown_timeout_ms: number;
}

export interface ConfigIssue {
  path: string;
  line: number;
  column: number;
  message: string;
  hint?: string;
}

type PathSegment = string | number;

/** Loads and validates a config file. Throws `DriftwoodError` `CONFIG_INVALID` listing every problem. */
export async function loadConfig(file: string): Promise<ShipperConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new DriftwoodError('CONFIG_INVALID', `cannot read config ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file = 'shipper.yml'): ShipperConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const issues: ConfigIssue[] = [];
  const at = (offset: number | undefined): { line: number; column: number } =>
    offset === undefined
      ? { line: 1, column: 1 }
      : { line: lineCounter.linePos(offset).line, column: lineCounter.linePos(offset).col };
  for (const e of doc.errors) {
    const pos = e.linePos?.[0] ?? { line: 1, col: 1 };
    issues.push({ path: '', line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (issues.length > 0) throw configError(file, issues);
  const data = doc.toJS() ?? {};

  const report = (path: PathSegment[], message: string, hint?: string, onKey = false): void => {
    const node = locate(doc.contents, path, onKey);
    issues.push({ path: formatPath(path), ...at(node?.range?.[0]), message, ...(hint ? { hint } : {}) });
  };
  const reportZod = (base: PathSegment[], error: z.ZodError, schema: z.ZodType | undefined): void => {
    for (const issue of error.issues) {
      const path = [...base, ...(issue.path as PathSegment[])];
      if (issue.code === 'unrecognized_keys') {
        const known = schema ? keysAt(schema, issue.path as PathSegment[]) : [];
        for (const key of issue.keys) {
          const guess = didYouMean(key, known);
          report(
            [...path, key],
            `unknown key \`${key}\``,
            guess ? `did you mean \`${guess}\`?` : known.length > 0 ? `known keys: ${known.join(', ')}` : undefined,
            true,
          );
        }
      } else if (issue.code === 'invalid_value' && typeof valueAt(data, path) === 'string') {
        const guess = didYouMean(valueAt(data, path) as string, issue.values.map(String));
        report(path, issue.message, guess ? `did you mean \`${guess}\`?` : undefined);
      } else if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
        report(path, `missing required key \`${String(path[path.length - 1])}\``, undefined, true);
      } else {
        report(path, issue.message);
      }
    }
  };

  const top = topSchema.safeParse(data);
  if (!top.success) {
    reportZod([], top.error, topSchema);
    throw configError(file, issues);
  }
  const t = top.data;

  const validate = (
    path: PathSegment[],
    raw: Record<string, unknown>,
    kinds: ReadonlyMap<string, { configSchema: z.ZodType }>,
    what: string,
  ): ComponentConfig | undefined => {
    const mod = kinds.get(raw.type as string);
    if (!mod) {
      const known = [...kinds.keys()];
      const guess = didYouMean(String(raw.type), known);
      report(
        [...path, 'type'],
        `unknown ${what} type \`${String(raw.type)}\``,
        guess ? `did you mean \`${guess}\`?` : `known: ${known.join(', ')}`,
      );
      return undefined;
    }
    const parsed = mod.configSchema.safeParse(raw);
    if (!parsed.success) {
      reportZod(path, parsed.error, mod.configSchema);
      return undefined;
    }
    return parsed.data as ComponentConfig;
  };

  const inputs: Array<ComponentConfig & { id: string }> = [];
  const ids = new Set<string>();
  t.inputs.forEach((raw, i) => {
    const { id, ...rest } = raw as Record<string, unknown>;
    const count = t.inputs.slice(0, i + 1).filter((x) => x.type === raw.type).length;
    const finalId = id === undefined ? `${raw.type}-${count}` : id;
    if (typeof finalId !== 'string' || !/^[\w.-]+$/.test(finalId)) {
      report(['inputs', i, 'id'], '`id` must be letters, digits, `_`, `.` or `-`');
      return;
    }
    if (ids.has(finalId))
      report(['inputs', i, 'id'], `duplicate input id \`${finalId}\``, 'give each input a unique `id:`');
    ids.add(finalId);
    const c = validate(['inputs', i], rest, SOURCES, 'input');
    if (c) inputs.push({ ...c, id: finalId });
  });
  const processors: ComponentConfig[] = [];
  t.processors.forEach((raw, i) => {
    const c = validate(['processors', i], raw, PROCESSORS, 'processor');
    if (c) processors.push(c);
  });
  const output = validate(['output'], t.output, OUTPUTS, 'output');
  const queueSchema = t.queue.type === 'memory' ? memoryQueueSchema : diskQueueSchema;
  const queue = queueSchema.safeParse(t.queue);
  if (!queue.success) reportZod(['queue'], queue.error, queueSchema);

  if (issues.length > 0 || !output || !queue.success) throw configError(file, issues);
  return deepFreeze({
    inputs,
    processors,
    queue: queue.data,
    output,
    http: t.http,
    dead_letter: t.dead_letter,
    shutdown_timeout_ms: t.shutdown_timeout_ms,
  });
}

function configError(file: string, issues: ConfigIssue[]): DriftwoodError {
  const lines = issues.map(
    (i) => `${file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ''}${i.message}${i.hint ? ` (${i.hint})` : ''}`,
  );
  return new DriftwoodError('CONFIG_INVALID', `invalid config\n${lines.join('\n')}`, { details: { file, issues } });
}

function valueAt(data: unknown, path: PathSegment[]): unknown {
  let v = data;
  for (const seg of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function formatPath(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The YAML node at `path` (the key node with `onKey`); the deepest existing ancestor otherwise. */
function locate(root: unknown, path: PathSegment[], onKey: boolean): Node | undefined {
  let node = root as Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => (p.key as { value?: unknown } | null)?.value === seg);
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
    const def = s._zod?.def as { type?: string; innerType?: unknown; in?: unknown; getter?: () => unknown } | undefined;
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
function keysAt(schema: unknown, path: PathSegment[]): string[] {
  let s = unwrap(schema);
  for (const seg of path) {
    if (!s) return [];
    if (typeof seg === 'number') s = unwrap((s._zod?.def as { element?: unknown })?.element);
    else s = unwrap(s.shape?.[seg]);
  }
  return s?.shape ? Object.keys(s.shape) : [];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
