/** Sources that receive JSON (http, mqtt) take `@timestamp` from a time field when it holds one. */
import type { JsonValue } from '@driftwood/core';

/** ISO 8601 for epoch ms (number or digits) or a date string; undefined when it is not a time. */
export function parseTime(value: JsonValue | undefined): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && value !== '')
    ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}
