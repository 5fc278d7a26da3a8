/**
 * The processor registry and config-defined pipelines: a list of processor configs
 * (`{ type: 'grok', ... }`, each with an optional KQL `if:`), validated once with each component's
 * zod schema, compiled once, then run per event.
 */
import { DriftwoodError, formatZodIssues, zodConfigIssues } from '@driftwood/core';
import { z } from 'zod';
import * as convert from './convert.ts';
import * as csv from './csv.ts';
import * as date from './date.ts';
import * as dissect from './dissect.ts';
import * as drop from './drop.ts';
import * as grok from './grok.ts';
import * as ip from './ip.ts';
import * as json from './json.ts';
import * as kv from './kv.ts';
import * as logfmt from './logfmt.ts';
import * as lowercase from './lowercase.ts';
import { getBuiltinParser } from './pipelines/index.ts';
import * as remove from './remove.ts';
import * as rename from './rename.ts';
import { makePipeline, type Pipeline, type PipelineOptions, type StepRunner } from './runner.ts';
import * as set from './set.ts';
import * as syslog from './syslog.ts';
import type { BuildOptions, Processor } from './types.ts';
import * as userAgent from './user-agent.ts';

interface AnyComponent {
  type: string;
  configSchema: z.ZodType;
  build(config: never, options?: BuildOptions): Processor;
}

const COMPONENTS: readonly AnyComponent[] = [
  grok,
  dissect,
  json,
  logfmt,
  kv,
  csv,
  syslog,
  date,
  userAgent,
  convert,
  rename,
  set,
  remove,
  lowercase,
  drop,
  ip,
] as unknown as readonly AnyComponent[];

const REGISTRY = new Map(COMPONENTS.map((c) => [c.type, c]));

/** Every processor type with its config schema (for docs and checks). */
export function processorSchemas(): ReadonlyArray<{ type: string; configSchema: z.ZodType }> {
  return COMPONENTS.map((c) => ({ type: c.type, configSchema: c.configSchema }));
}

/** Processor types that a config may name. */
export function listProcessors(): string[] {
  return COMPONENTS.map((c) => c.type);
}

/** Every issue on one line (core's formatter: unknown keys with a did-you-mean). */
function zodMessage(error: z.ZodError, schema: z.ZodType, data: unknown): string {
  return formatZodIssues(error, { schema, data, separator: '; ' });
}

/** Validate and build one processor config (`{ type, ...options, if? }`). */
export function buildProcessor(config: unknown, options: BuildOptions = {}, where = 'processor'): StepRunner {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new DriftwoodError('CONFIG_INVALID', `${where}: expected an object with a type`, { details: { where } });
  }
  const { type, ...rest } = config as { type?: unknown };
  const component = typeof type === 'string' ? REGISTRY.get(type) : undefined;
  if (component === undefined) {
    throw new DriftwoodError(
      'CONFIG_INVALID',
      `${where}: unknown processor type ${JSON.stringify(type)}; known: ${listProcessors().join(', ')}`,
      {
        details: { where, type },
      },
    );
  }
  const parsed = component.configSchema.safeParse(rest);
  if (!parsed.success) {
    throw new DriftwoodError(
      'CONFIG_INVALID',
      `${where} (${component.type}): ${zodMessage(parsed.error, component.configSchema, rest)}`,
      {
        details: {
          where,
          type: component.type,
          issues: zodConfigIssues(parsed.error, { schema: component.configSchema, data: rest }),
        },
      },
    );
  }
  const cfg = Object.freeze(parsed.data) as { if?: string };
  const run = component.build(cfg as never, options);
  if (cfg.if === undefined) return { run };
  if (options.compileCondition === undefined) {
    throw new DriftwoodError(
      'CONFIG_INVALID',
      `${where} (${component.type}): an "if" condition needs a condition compiler`,
      { details: { where } },
    );
  }
  return { run, condition: options.compileCondition(cfg.if) };
}

export const pipelineConfigSchema = z
  .object({
    name: z.string().min(1).describe('Pipeline name.'),
    description: z.string().default(''),
    base: z
      .string()
      .optional()
      .describe(
        'Built-in pipeline that parses the line first (e.g. `auto`, `nginx`); omitted = `message` is the raw line.',
      ),
    processors: z
      .array(z.record(z.string(), z.unknown()))
      .default([])
      .describe('Processor configs run in order after the base pipeline.'),
    timezone: z.string().default('UTC'),
  })
  .strict();

export type PipelineConfig = z.input<typeof pipelineConfigSchema>;

/** Build a pipeline from config. Throws DriftwoodError(CONFIG_INVALID) once, at build time. */
export function definePipeline(config: unknown, options: BuildOptions = {}): Pipeline {
  const parsed = pipelineConfigSchema.safeParse(config);
  if (!parsed.success)
    throw new DriftwoodError('CONFIG_INVALID', `pipeline: ${zodMessage(parsed.error, pipelineConfigSchema, config)}`);
  const cfg = parsed.data;
  const base = cfg.base === undefined ? undefined : getBuiltinParser(cfg.base);
  if (cfg.base !== undefined && base === undefined) {
    throw new DriftwoodError('CONFIG_INVALID', `pipeline ${cfg.name}: unknown base pipeline "${cfg.base}"`, {
      details: { base: cfg.base },
    });
  }
  const steps = cfg.processors.map((p, i) => buildProcessor(p, options, `pipeline ${cfg.name} processors[${i}]`));
  const pipelineOptions: PipelineOptions = { timezone: cfg.timezone };
  return makePipeline(cfg.name, cfg.description, base, steps, pipelineOptions);
}
