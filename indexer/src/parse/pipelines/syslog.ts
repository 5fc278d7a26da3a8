/** syslog: RFC 3164 / RFC 5424 lines → ECS (`event.dataset: syslog`). */
import { type LogDocument, setField } from '@driftwood/core';
import type { LineContext } from '../runner.ts';
import { parseSyslogInto } from '../syslog.ts';

export function parseSyslogLine(line: string, ctx: LineContext): LogDocument {
  const doc: LogDocument = {};
  if (!parseSyslogInto(line, doc, ctx))
    return { message: line, tags: ['_grokparsefailure'], event: { dataset: 'syslog' } };
  setField(doc, 'event.dataset', 'syslog');
  return doc;
}

export const syslogPipeline = {
  name: 'syslog',
  description: 'RFC 3164 and RFC 5424 syslog (with or without <PRI>) → log.syslog.*, log.level, host.*, process.*',
  parser: parseSyslogLine,
};
