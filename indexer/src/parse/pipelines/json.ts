/**
 * json: one JSON object per line from structured loggers — winston, pino/bunyan (numeric levels,
 * epoch-ms `time`), logrus, zap (float-seconds `ts`, `caller`), Serilog compact (`@t`, `@m`,
 * `@mt`, `@l`), ECS loggers — mapped to ECS (see app-fields.ts). Limits: 1 MiB, depth 64.
 * Invalid JSON keeps the line as `message`, tagged `_jsonparsefailure`.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { safeJsonParse } from '../json.ts';
import type { LineContext } from '../runner.ts';
import { isObject } from '../types.ts';
import { mapAppRecord } from './app-fields.ts';

export const JSON_MAX_BYTES = 1_048_576;
export const JSON_MAX_DEPTH = 64;

/** Parse a JSON line; undefined when it is not a JSON object. */
export function tryParseJsonLine(line: string, ctx: LineContext): LogDocument | undefined {
  const result = safeJsonParse(line, JSON_MAX_BYTES, JSON_MAX_DEPTH);
  if (!result.ok || !isObject(result.value)) return undefined;
  const doc = mapAppRecord(result.value, ctx.timezone, ctx.now);
  if (getField(doc, 'event.dataset') === undefined) setField(doc, 'event.dataset', 'app');
  return doc;
}

export function parseJsonLine(line: string, ctx: LineContext): LogDocument {
  return tryParseJsonLine(line, ctx) ?? { message: line, tags: ['_jsonparsefailure'] };
}

export const jsonPipeline = {
  name: 'json',
  description:
    'JSON lines from winston, pino, bunyan, logrus, zap, Serilog and ECS loggers → @timestamp, log.level, message, host.name, service.name, error.*',
  parser: parseJsonLine,
};
