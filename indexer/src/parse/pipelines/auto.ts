/**
 * auto: recognise the shape of each line and parse it accordingly, cheapest test first:
 * JSON objects (structured loggers) → syslog with `<PRI>` (3164/5424) → NCSA access lines
 * (`http.access`, nginx and Apache share the format) → year-less syslog files (sshd lines get the
 * ssh enrichment, `system.auth`) → Apache / nginx error logs → logfmt → any line with a time stamp
 * near its start (see find-timestamp.ts) followed by a level / pid / thread / logger header,
 * optionally logfmt after the stamp. A line with no recognisable shape keeps `message` and is
 * tagged `_grokparsefailure`. Year inference is tagged `_timestamp_year_inferred`; when a stamp
 * carried no zone, the assumed one is recorded in `event.timezone`.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { findTimestamp } from '../find-timestamp.ts';
import { parseHeader, splitStackTrace } from '../line-header.ts';
import { looksLikeLogfmt } from '../logfmt.ts';
import type { LineContext } from '../runner.ts';
import { parseSyslogInto } from '../syslog.ts';
import { addTag } from '../types.ts';
import { parseAccessLine } from './access-log.ts';
import { parseApacheError } from './apache.ts';
import { mapAppRecord } from './app-fields.ts';
import { tryParseJsonLine } from './json.ts';
import { logfmtRecord, parseLogfmtLine } from './logfmt.ts';
import { parseNginxError } from './nginx.ts';
import { enrichSsh } from './ssh.ts';

const SYSLOG_START = /^(?:<\d{1,3}>|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d )/;
const ACCESS_HINT = /^\S+ \S+ \S+ \[/;
const NGINX_ERROR_HINT = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[/;

function syslogDoc(line: string, ctx: LineContext): LogDocument | undefined {
  const doc: LogDocument = {};
  if (!parseSyslogInto(line, doc, ctx)) return undefined;
  const proc = getField(doc, 'process.name');
  if (typeof proc === 'string' && proc.startsWith('sshd')) {
    enrichSsh(doc);
  } else setField(doc, 'event.dataset', 'syslog');
  if (getField(doc, 'log.syslog.version') === undefined && !/^(?:<\d{1,3}>)?\d{4}-/.test(line))
    setField(doc, 'event.timezone', ctx.timezone);
  return doc;
}

export function parseAuto(line: string, ctx: LineContext): LogDocument {
  const c = line.charCodeAt(0);
  if (c === 123 /* { */ || (c <= 32 && line.trimStart().startsWith('{'))) {
    const doc = tryParseJsonLine(line.trim(), ctx);
    if (doc !== undefined) return doc;
  }
  if (SYSLOG_START.test(line)) {
    const doc = syslogDoc(line, ctx);
    if (doc !== undefined) return doc;
  }
  if (ACCESS_HINT.test(line)) {
    const doc = parseAccessLine(line, 'http.access');
    if (doc !== undefined) return doc;
  }
  if (c === 91 /* [ */) {
    const doc = parseApacheError(line, ctx);
    if (doc !== undefined) {
      doc.message = splitStackTrace(doc.message as string, doc);
      setField(doc, 'event.timezone', ctx.timezone);
      return doc;
    }
  }
  if (NGINX_ERROR_HINT.test(line)) {
    const doc = parseNginxError(line, ctx);
    if (doc !== undefined) {
      setField(doc, 'event.timezone', ctx.timezone);
      return doc;
    }
  }
  if (looksLikeLogfmt(line)) return parseLogfmtLine(line, ctx);

  const ts = findTimestamp(line, ctx.timezone, ctx.now);
  if (ts === undefined) {
    const doc: LogDocument = {};
    doc.message = splitStackTrace(line, doc);
    addTag(doc, '_grokparsefailure');
    return doc;
  }
  const rest = line.slice(ts.end);
  const body = rest.replace(/^[\s\-|:,]+/, '');
  const rec = looksLikeLogfmt(body) ? logfmtRecord(body) : undefined;
  let doc: LogDocument;
  if (rec !== undefined) {
    doc = mapAppRecord(rec, ctx.timezone, ctx.now);
    if (doc.message === undefined) doc.message = body;
  } else {
    doc = {};
    doc.message = splitStackTrace(parseHeader(rest, doc, ts.shape), doc);
  }
  // The stamp leading the line wins over one inside the record.
  doc['@timestamp'] = new Date(ts.ms).toISOString();
  if (ts.yearInferred) addTag(doc, '_timestamp_year_inferred');
  if (ts.zoneAssumed) setField(doc, 'event.timezone', ctx.timezone);
  if (ts.prefix !== undefined) setField(doc, 'log.file.name', ts.prefix);
  if (getField(doc, 'event.dataset') === undefined) setField(doc, 'event.dataset', 'app');
  return doc;
}

export const autoPipeline = {
  name: 'auto',
  description:
    'Detects JSON, logfmt, syslog (3164/5424), nginx/Apache access and error lines, and time-stamped application lines in every common shape',
  parser: parseAuto,
};
