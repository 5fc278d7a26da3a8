/**
 * java: log4j / logback / Spring Boot / Hadoop / ZooKeeper style lines
 * (`2015-10-18 18:01:47,978 INFO [main] org.foo.Bar: msg`, `... [main] INFO  c.e.Demo - msg`,
 * `... - WARN  [thread:Class@688] - msg`), including a multi-line stack trace carried in one
 * message → `error.stack_trace`, `error.type`, `error.message`. `event.dataset: java`.
 */
import { type LogDocument, setField } from '@driftwood/core';
import { findTimestamp } from '../find-timestamp.ts';
import { parseHeader, splitStackTrace } from '../line-header.ts';
import type { LineContext } from '../runner.ts';
import { addTag } from '../types.ts';

export function parseJava(line: string, ctx: LineContext): LogDocument {
  const doc: LogDocument = {};
  const ts = findTimestamp(line, ctx.timezone, ctx.now);
  let message: string;
  if (ts === undefined) {
    addTag(doc, '_grokparsefailure');
    message = line;
  } else {
    doc['@timestamp'] = new Date(ts.ms).toISOString();
    if (ts.yearInferred) addTag(doc, '_timestamp_year_inferred');
    if (ts.prefix !== undefined) setField(doc, 'log.file.name', ts.prefix);
    message = parseHeader(line.slice(ts.end), doc, ts.shape);
  }
  doc.message = splitStackTrace(message, doc);
  setField(doc, 'event.dataset', 'java');
  return doc;
}

export const javaPipeline = {
  name: 'java',
  description:
    'log4j/logback/Spring Boot lines with multi-line stack traces → log.level, log.logger, process.thread.name, error.*; event.dataset java',
  parser: parseJava,
};
