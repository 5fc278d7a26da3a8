/**
 * Built-in pipelines by name, and config-defined pipelines. `getPipeline(name)` returns a frozen,
 * reusable Pipeline (cached per name and time zone); `listPipelines()` names them all.
 */
import { DriftwoodError } from '@driftwood/core';
import { type LineParser, makePipeline, type Pipeline, type PipelineOptions } from '../runner.ts';
import { apachePipeline } from './apache.ts';
import { autoPipeline } from './auto.ts';
import { iotPipeline } from './iot.ts';
import { javaPipeline } from './java.ts';
import { jsonPipeline } from './json.ts';
import { logfmtPipeline } from './logfmt.ts';
import { nginxPipeline } from './nginx.ts';
import { sshPipeline } from './ssh.ts';
import { syslogPipeline } from './syslog.ts';

export interface BuiltinPipeline {
  name: string;
  description: string;
  parser: LineParser;
}

const BUILTINS: readonly BuiltinPipeline[] = [
  autoPipeline,
  jsonPipeline,
  logfmtPipeline,
  syslogPipeline,
  nginxPipeline,
  apachePipeline,
  sshPipeline,
  javaPipeline,
  iotPipeline,
];
const BY_NAME = new Map(BUILTINS.map((p) => [p.name, p]));
const cache = new Map<string, Pipeline>();

/** Names and descriptions of the built-in pipelines. */
export function listPipelines(): { name: string; description: string }[] {
  return BUILTINS.map(({ name, description }) => ({ name, description }));
}

export function getBuiltinParser(name: string): LineParser | undefined {
  return BY_NAME.get(name)?.parser;
}

/** A built-in pipeline by name. Throws DriftwoodError(NOT_FOUND) for an unknown name. */
export function getPipeline(name: string, options: PipelineOptions = {}): Pipeline {
  const key = `${name}\u0000${options.timezone ?? 'UTC'}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const builtin = BY_NAME.get(name);
  if (builtin === undefined) {
    throw new DriftwoodError(
      'NOT_FOUND',
      `unknown pipeline "${name}"; known: ${BUILTINS.map((p) => p.name).join(', ')}`,
      { details: { name } },
    );
  }
  const pipeline = makePipeline(builtin.name, builtin.description, builtin.parser, [], options);
  cache.set(key, pipeline);
  return pipeline;
}
