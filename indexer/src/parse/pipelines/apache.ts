/**
 * apache: access lines (common and combined) → `apache.access`; error logs, 2.2 style
 * (`[Sun Dec 04 04:47:44 2005] [notice] msg`) and 2.4 style
 * (`[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 1.2.3.4:5] msg`)
 * → `apache.error`.
 */
import { type LogDocument, setField } from '@driftwood/core';
import { findTimestamp } from '../find-timestamp.ts';
import { parseHeader } from '../line-header.ts';
import type { LineContext } from '../runner.ts';
import { addTag } from '../types.ts';
import { parseAccessLine } from './access-log.ts';

export function parseApacheError(line: string, ctx: LineContext): LogDocument | undefined {
  if (!line.startsWith('[')) return undefined;
  const ts = findTimestamp(line, ctx.timezone, ctx.now);
  if (ts === undefined || ts.shape !== 'ctime' || ts.start !== 0) return undefined;
  const doc: LogDocument = { '@timestamp': new Date(ts.ms).toISOString() };
  const message = parseHeader(line.slice(ts.end), doc);
  doc.message = message;
  if (ts.yearInferred) addTag(doc, '_timestamp_year_inferred');
  setField(doc, 'event.dataset', 'apache.error');
  return doc;
}

export function parseApache(line: string, ctx: LineContext): LogDocument {
  const access = parseAccessLine(line, 'apache.access');
  if (access !== undefined) return access;
  const error = parseApacheError(line, ctx);
  if (error !== undefined) return error;
  return { message: line, tags: ['_grokparsefailure'], event: { dataset: 'apache.access' } };
}

export const apachePipeline = {
  name: 'apache',
  description:
    'Apache httpd access (common, combined) and error logs (2.2 and 2.4) → event.dataset apache.access / apache.error',
  parser: parseApache,
};
