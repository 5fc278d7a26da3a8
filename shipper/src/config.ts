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
import {
  type ConfigIssue,
  configError,
  DriftwoodError,
  deepFreeze,
  didYouMean,
  hostPortSchema,
  parseYamlSource,
  zodConfigIssues,
} from '@driftwood/core';
import { z } from 'zod';
import { deadLetterSchema } from './deadletter.ts';
import { diskQueueSchema } from './queue/disk/index.ts';
import { memoryQueueSchema } from './queue/memory.ts';
import { OUTPUTS, PROCESSORS, SOURCES } from './registry.ts';

export const httpSchema = z
  .object({
    listen: hostPortSchema()
      .default('127.0.0.1:5066')
      .describe(
        'Address of the metrics/health server (`GET /metrics`, `GET /health`); `:port` alone listens on loopback.',
      ),
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

/**
 * Parses and validates the shipper's YAML with core's config loader: the top level first, then
 * each input, processor, output and the queue with its own component's schema, collecting every
 * issue (with its line and column) before failing.
 */
export function parseConfig(text: string, file = 'shipper.yml'): ShipperConfig {
  const source = parseYamlSource(text, file);
  const data = source.data;
  const issues: ConfigIssue[] = [];
  const report = (path: PathSegment[], message: string, hint?: string, onKey = false): void => {
    issues.push({ path: formatPath(path), ...source.position(path, onKey), message, ...(hint ? { hint } : {}) });
  };
  const reportZod = (base: PathSegment[], error: z.ZodError, schema: z.ZodType): void => {
    issues.push(...zodConfigIssues(error, { base, source, schema }));
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

function formatPath(path: PathSegment[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
