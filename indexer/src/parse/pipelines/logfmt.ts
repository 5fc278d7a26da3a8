/**
 * logfmt: `time=... level=info msg="..." key=value` lines (Go/logrus text, Heroku, Grafana
 * Loki) → ECS via the same mapping as JSON loggers. Lines with fewer than one pair keep
 * `message` and get `_logfmtparsefailure`.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { parseLogfmt } from '../logfmt.ts';
import type { LineContext } from '../runner.ts';
import { mapAppRecord } from './app-fields.ts';

const NUMBER = /^-?(?:0|[1-9]\d{0,14})(?:\.\d+)?$/;

/** logfmt pairs → a record (numeric values become numbers, bare keys `true`). */
export function logfmtRecord(text: string): { [key: string]: JsonValue } | undefined {
  const pairs = parseLogfmt(text);
  let real = 0;
  const rec: { [key: string]: JsonValue } = {};
  for (const [k, v] of pairs) {
    if (k === '__proto__') continue;
    if (v === true) rec[k] = true;
    else {
      real++;
      rec[k] = NUMBER.test(v) && k !== 'msg' && k !== 'message' ? Number(v) : v;
    }
  }
  return real === 0 ? undefined : rec;
}

export function parseLogfmtLine(line: string, ctx: LineContext): LogDocument {
  const rec = logfmtRecord(line);
  if (rec === undefined) return { message: line, tags: ['_logfmtparsefailure'], event: { dataset: 'app' } };
  // Time values that look numeric were converted; the mapper handles numbers and strings alike.
  const doc = mapAppRecord(rec, ctx.timezone, ctx.now);
  if (getField(doc, 'event.dataset') === undefined) setField(doc, 'event.dataset', 'app');
  if (doc.message === undefined) doc.message = line;
  return doc;
}

export const logfmtPipeline = {
  name: 'logfmt',
  description: 'logfmt key=value lines (level, msg, time/ts, caller…) → ECS',
  parser: parseLogfmtLine,
};
