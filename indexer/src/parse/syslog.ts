/**
 * syslog: RFC 3164 (BSD, with or without `<PRI>`, as written to /var/log files) and RFC 5424
 * (version, ISO time stamp, app-name, procid, msgid, structured data) → ECS:
 * `log.syslog.priority`, `log.syslog.facility.code/name`, `log.syslog.severity.code/name`,
 * `log.level`, `host.hostname`/`host.name`, `process.name`, `process.pid`, `@timestamp`, `message`.
 * A year-less RFC 3164 stamp gets the year that puts it closest before now + 1 day (tag
 * `_timestamp_year_inferred`). Failure tags `_syslogparsefailure`.
 */
import { getField, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { compileFormat } from './date-formats.ts';
import { SYSLOG_FACILITIES, SYSLOG_SEVERITIES, severityLevel } from './level.ts';
import { fractionMs, inferYearEpoch, isoOrUndefined, MONTH_ALTERNATION, monthIndex, wallToEpoch } from './time.ts';
import { addTag, type ProcessContext, type Processor, type ProcessorComponent } from './types.ts';

const RE_5424 = /^<(\d{1,3})>(\d{1,2}) (\S+) (\S+) (\S+) (\S+) (\S+) ?/;
const RE_3164 = new RegExp(
  `^(?:<(\\d{1,3})>)?(?:(${MONTH_ALTERNATION}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: (\\d{4}))?|(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?)) +`,
);
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{0,32})\])?: ?/;
const ISO = compileFormat('ISO8601');

export interface SyslogOptions {
  now: number;
  /** Zone for stamps that carry none (RFC 3164). */
  timezone: string;
}

function setPriority(doc: LogDocument, pri: number): void {
  const facility = pri >> 3;
  const severity = pri & 7;
  setField(doc, 'log.syslog.priority', pri);
  setField(doc, 'log.syslog.facility.code', facility);
  const fname = SYSLOG_FACILITIES[facility];
  if (fname !== undefined) setField(doc, 'log.syslog.facility.name', fname);
  setField(doc, 'log.syslog.severity.code', severity);
  setField(doc, 'log.syslog.severity.name', SYSLOG_SEVERITIES[severity] as string);
  setField(doc, 'log.level', severityLevel(severity));
}

function setHost(doc: LogDocument, host: string): void {
  setField(doc, 'host.hostname', host);
  setField(doc, 'host.name', host);
}

function setProcess(doc: LogDocument, name: string, pid: string | undefined): void {
  setField(doc, 'process.name', name);
  if (pid !== undefined && pid !== '' && pid !== '-') {
    const n = Number(pid);
    setField(doc, 'process.pid', Number.isSafeInteger(n) ? n : pid);
  }
}

/** Parse RFC 5424 structured data at `text[start]`; returns the parsed elements and where it ended, or undefined. */
export function parseStructuredData(
  text: string,
  start: number,
): { data: Record<string, Record<string, string>>; end: number } | undefined {
  const data: Record<string, Record<string, string>> = {};
  let i = start;
  if (text[i] === '-') return { data, end: i + 1 };
  if (text[i] !== '[') return undefined;
  while (text[i] === '[') {
    i++;
    const idStart = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== ']') i++;
    const id = text.slice(idStart, i);
    if (id === '' || id === '__proto__') return undefined;
    const params: Record<string, string> = {};
    while (text[i] === ' ') {
      i++;
      const eq = text.indexOf('=', i);
      if (eq === -1 || text[eq + 1] !== '"') return undefined;
      const name = text.slice(i, eq);
      i = eq + 2;
      let value = '';
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else {
          value += text[i];
          i++;
        }
      }
      if (i >= text.length) return undefined;
      i++;
      if (name !== '__proto__') params[name] = value;
    }
    if (text[i] !== ']') return undefined;
    i++;
    data[id] = params;
  }
  return { data, end: i };
}

/**
 * Parse a syslog line into `doc` (fields are added; `message` is replaced by the syslog MSG).
 * Returns false, leaving `doc` untouched, when the line is not syslog.
 */
export function parseSyslog(line: string, doc: LogDocument, opts: SyslogOptions): boolean {
  const m5 = RE_5424.exec(line);
  if (m5 !== null) {
    const pri = Number(m5[1]);
    const ts = m5[3] as string;
    let ms = Number.NaN;
    if (ts !== '-') {
      const t = ISO.parse(ts, opts.timezone, opts.now);
      if (t === undefined) return false;
      ms = t.ms;
    }
    if (pri > 191) return false;
    const sd = parseStructuredData(line, m5[0].length);
    if (sd === undefined) return false;
    setPriority(doc, pri);
    setField(doc, 'log.syslog.version', m5[2] as string);
    const iso = isoOrUndefined(ms);
    if (iso !== undefined) doc['@timestamp'] = iso;
    const host = m5[4] as string;
    if (host !== '-') setHost(doc, host);
    const app = m5[5] as string;
    const procid = m5[6] as string;
    const msgid = m5[7] as string;
    if (app !== '-') {
      setField(doc, 'log.syslog.appname', app);
      setProcess(doc, app, /^\d+$/.test(procid) ? procid : undefined);
    }
    if (procid !== '-') setField(doc, 'log.syslog.procid', procid);
    if (msgid !== '-') setField(doc, 'log.syslog.msgid', msgid);
    if (Object.keys(sd.data).length > 0) setField(doc, 'log.syslog.structured_data', sd.data as JsonValue);
    let msg = line.slice(sd.end);
    if (msg.startsWith(' ')) msg = msg.slice(1);
    if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
    doc.message = msg;
    return true;
  }
  const m3 = RE_3164.exec(line);
  if (m3 === null) return false;
  let ms: number;
  let inferred = false;
  if (m3[2] !== undefined) {
    const mo = monthIndex(m3[2]);
    const d = Number(m3[3]);
    const h = Number(m3[4]);
    const mi = Number(m3[5]);
    const s = Number(m3[6]);
    const frac = fractionMs(m3[7]);
    if (m3[8] !== undefined) ms = wallToEpoch(Number(m3[8]), mo, d, h, mi, s, frac, opts.timezone);
    else {
      ms = inferYearEpoch(mo, d, h, mi, s, frac, opts.timezone, opts.now);
      inferred = true;
    }
  } else {
    ms = ISO.parse(m3[9] as string, opts.timezone, opts.now)?.ms ?? Number.NaN;
  }
  const iso = isoOrUndefined(ms);
  if (iso === undefined) return false;
  if (m3[1] !== undefined) {
    const pri = Number(m3[1]);
    if (pri > 191) return false;
    setPriority(doc, pri);
  }
  doc['@timestamp'] = iso;
  if (inferred) addTag(doc, '_timestamp_year_inferred');
  let rest = line.slice(m3[0].length);
  let tag = TAG.exec(rest);
  if (tag === null) {
    const sp = rest.indexOf(' ');
    const host = sp === -1 ? rest : rest.slice(0, sp);
    if (host !== '' && !host.includes('=')) {
      setHost(doc, host);
      rest = sp === -1 ? '' : rest.slice(sp + 1);
      tag = TAG.exec(rest);
    }
  }
  if (tag !== null) {
    setProcess(doc, tag[1] as string, tag[2]);
    rest = rest.slice(tag[0].length);
  }
  doc.message = rest;
  return true;
}

export const type = 'syslog';

export const configSchema = z
  .object({
    field: z.string().default('message'),
    timezone: z.string().default('UTC').describe('Zone assumed for stamps without one (IANA name or offset).'),
    ignoreMissing,
    tagOnFailure: z.array(z.string()).default(['_syslogparsefailure']),
    if: ifField,
  })
  .strict();

export type SyslogConfig = z.infer<typeof configSchema>;

export function build(config: SyslogConfig): Processor {
  return (doc: LogDocument, ctx: ProcessContext) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignoreMissing) return true;
    if (typeof value !== 'string' || !parseSyslog(value, doc, { now: ctx.now, timezone: config.timezone })) {
      for (const t of config.tagOnFailure) addTag(doc, t);
    }
    return true;
  };
}

export const syslog: ProcessorComponent<SyslogConfig> = { type, configSchema, build };
