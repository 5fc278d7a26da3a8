/**
 * One syslog parser for the shipper's syslog input and the indexer's syslog processor and
 * pipeline: RFC 5424 (version, RFC 3339 stamp, hostname, app-name, procid, msgid, structured
 * data) and RFC 3164 (BSD `Mmm dd hh:mm:ss` with optional year and fraction, or an ISO 8601 stamp
 * as rsyslog forwards it; optional hostname; `tag[pid]:`), with or without `<PRI>` (files written
 * by a syslog daemon have none). Our own, not a library: the npm ones parse only one of the two
 * RFCs, drop structured data or allocate a Date per field; this one is pure, allocation-light
 * and never throws.
 *
 * What it does not know it leaves out; what it cannot parse it reports in `malformed` and keeps
 * the text whole in `message`.
 */
import type { JsonValue } from '../event.ts';
import {
  fractionMs,
  inferYearEpoch,
  isoOrUndefined,
  MONTH_ALTERNATION,
  monthIndex,
  wallToEpoch,
} from '../time/calendar.ts';
import { SYSLOG_FACILITIES, SYSLOG_SEVERITIES } from './names.ts';

export interface SyslogParseOptions {
  /** Reference time (receive time) for year inference, epoch ms or a Date. */
  now: number | Date;
  /**
   * Zone of stamps that carry none (RFC 3164): `UTC`, `local` (this machine's), an IANA name
   * (`Europe/Paris`) or a fixed offset (`+02:00`).
   */
  timezone: string;
  /** A message without `<PRI>` is malformed (network syslog always has one); default false. */
  requirePri?: boolean;
}

/** `log.syslog.*` as ECS names them. */
export interface SyslogFields {
  priority?: number;
  facility?: { code: number; name: string };
  severity?: { code: number; name: string };
  version?: number;
  hostname?: string;
  appname?: string;
  procid?: string;
  msgid?: string;
  structured_data?: { [id: string]: { [param: string]: string | string[] } };
  [key: string]: JsonValue | undefined;
}

export interface ParsedSyslog {
  /** Which header the message had (absent when malformed). */
  format?: '5424' | '3164';
  /** ISO 8601, when the message carries a usable stamp. */
  timestamp?: string;
  /** The stamp had no year: it was inferred (see `inferYearEpoch`). */
  yearInferred?: boolean;
  /** The MSG part (the whole text when malformed). */
  message: string;
  syslog: SyslogFields;
  /** Why the message could not be parsed. */
  malformed?: string;
}

// Year-less RFC 3164 stamps take the year that puts them closest before now + 1 day
// (inferYearEpoch): a live or archived line can run ahead of the receiver only by a zone
// difference or clock skew, both under a day, so anything further ahead is last year's.
// PID / PROCID: up to 128 characters, RFC 5424's PROCID limit (rsyslog copies it into the tag).
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{0,128})\])?:(?: |$)/;
const BSD_STAMP = new RegExp(
  `^(${MONTH_ALTERNATION}) +(\\d{1,2})(?: (\\d{4}))? (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: (\\d{4}))?(?: +|$)`,
);
const ISO_STAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?(?: +|$)/i;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})?$/i;

function nowMs(now: number | Date): number {
  return typeof now === 'number' ? now : now.getTime();
}

function priorityFields(pri: number): SyslogFields {
  const facility = pri >> 3;
  const severity = pri & 7;
  return {
    priority: pri,
    facility: { code: facility, name: SYSLOG_FACILITIES[facility] ?? String(facility) },
    severity: { code: severity, name: SYSLOG_SEVERITIES[severity] as string },
  };
}

/** An ISO stamp's match → epoch ms; a stamp without a zone is read in `timezone`. */
function isoMatchToMs(m: RegExpExecArray, timezone: string): number {
  const zone = m[8] === undefined ? timezone : m[8].toUpperCase() === 'Z' ? 'UTC' : m[8];
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  return wallToEpoch(
    y as number,
    (mo as number) - 1,
    d as number,
    h as number,
    mi as number,
    Math.min(s as number, 59),
    fractionMs(m[7]),
    zone,
  );
}

/** RFC 5424 structured data starting at `text[start]`: the elements and where they end, or why not. */
export function parseStructuredData(
  text: string,
  start: number,
): { data: { [id: string]: { [param: string]: string | string[] } }; end: number } | string {
  const elements: Array<[string, { [param: string]: string | string[] }]> = [];
  let i = start;
  if (text[i] === '-') return { data: {}, end: i + 1 };
  if (text[i] !== '[') return 'structured data must be "-" or start with "["';
  while (text[i] === '[') {
    i++;
    const idStart = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== ']' && text[i] !== '=' && text[i] !== '"') i++;
    const id = text.slice(idStart, i);
    if (id === '') return `empty SD-ID at ${idStart}`;
    const params = new Map<string, string | string[]>();
    while (text[i] === ' ') {
      i++;
      const nameStart = i;
      while (i < text.length && text[i] !== '=' && text[i] !== ' ' && text[i] !== ']' && text[i] !== '"') i++;
      const name = text.slice(nameStart, i);
      if (name === '' || text[i] !== '=' || text[i + 1] !== '"') return `bad SD-PARAM at ${nameStart}`;
      i += 2;
      let value = '';
      let closed = false;
      while (i < text.length) {
        const c = text[i] as string;
        // RFC 5424 §6.3.3: only `"`, `\` and `]` are escaped; any other backslash is kept.
        if (c === '\\' && i + 1 < text.length && '"\\]'.includes(text[i + 1] as string)) {
          value += text[i + 1];
          i += 2;
        } else if (c === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return `unterminated SD-PARAM value at ${nameStart}`;
      const previous = params.get(name);
      if (previous === undefined) params.set(name, value);
      else params.set(name, Array.isArray(previous) ? [...previous, value] : [previous, value]);
    }
    if (text[i] !== ']') return `unterminated SD-ELEMENT at ${idStart - 1}`;
    i++;
    elements.push([id, Object.fromEntries(params)]);
  }
  // Object.fromEntries defines own properties: an SD-ID or name `__proto__` stays plain data.
  return { data: Object.fromEntries(elements), end: i };
}

function parse5424(text: string, syslog: SyslogFields, rest: string, opts: SyslogParseOptions): ParsedSyslog {
  const fail = (reason: string): ParsedSyslog => ({ message: text, syslog, malformed: reason });
  // VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
  const parts: string[] = [];
  let i = 0;
  for (let n = 0; n < 6; n++) {
    const sp = rest.indexOf(' ', i);
    if (sp === -1) return fail('RFC 5424 header is incomplete');
    parts.push(rest.slice(i, sp));
    i = sp + 1;
  }
  const [version, stamp, hostname, appname, procid, msgid] = parts as [string, string, string, string, string, string];
  let timestamp: string | undefined;
  if (stamp !== '-') {
    const m = RFC3339.exec(stamp);
    timestamp = m === null ? undefined : isoOrUndefined(isoMatchToMs(m, opts.timezone));
    if (timestamp === undefined) return fail(`RFC 5424 time stamp "${stamp.slice(0, 40)}" is not RFC 3339`);
  }
  const sd = parseStructuredData(rest, i);
  if (typeof sd === 'string') return fail(`RFC 5424 ${sd}`);
  let message = '';
  if (sd.end < rest.length) {
    if (rest[sd.end] !== ' ') return fail('RFC 5424 structured data is not followed by a space');
    message = rest.slice(sd.end + 1);
    if (message.startsWith('\uFEFF')) message = message.slice(1);
  }
  syslog.version = Number(version);
  if (hostname !== '-') syslog.hostname = hostname;
  if (appname !== '-') syslog.appname = appname;
  if (procid !== '-') syslog.procid = procid;
  if (msgid !== '-') syslog.msgid = msgid;
  if (Object.keys(sd.data).length > 0) syslog.structured_data = sd.data;
  return { format: '5424', ...(timestamp === undefined ? {} : { timestamp }), message, syslog };
}

function parse3164(text: string, syslog: SyslogFields, rest: string, opts: SyslogParseOptions): ParsedSyslog {
  let timestamp: string | undefined;
  let yearInferred = false;
  let body = rest;
  const bsd = BSD_STAMP.exec(rest);
  const iso = bsd ? null : ISO_STAMP.exec(rest);
  if (bsd) {
    const month = monthIndex(bsd[1] as string);
    const [d, h, mi, s] = [Number(bsd[2]), Number(bsd[4]), Number(bsd[5]), Math.min(Number(bsd[6]), 59)];
    const frac = fractionMs(bsd[7]);
    const year = bsd[3] ?? bsd[8];
    let ms: number;
    if (year !== undefined) ms = wallToEpoch(Number(year), month, d, h, mi, s, frac, opts.timezone);
    else {
      ms = inferYearEpoch(month, d, h, mi, s, frac, opts.timezone, nowMs(opts.now));
      yearInferred = true;
    }
    timestamp = isoOrUndefined(ms);
    if (timestamp === undefined) yearInferred = false;
    body = rest.slice(bsd[0].length);
  } else if (iso) {
    timestamp = isoOrUndefined(isoMatchToMs(iso, opts.timezone));
    body = rest.slice(iso[0].length);
  }
  if (syslog.priority === undefined && timestamp === undefined)
    return { message: text, syslog, malformed: 'neither <PRI> nor a time stamp at the start' };
  if (bsd || iso) {
    // HOSTNAME is there unless the next token is already the tag (`tag:` / `tag[pid]:`); a lone
    // token is the message.
    const sp = body.indexOf(' ');
    if (sp > 0 && !TAG.test(`${body.slice(0, sp)} `)) {
      syslog.hostname = body.slice(0, sp);
      body = body.slice(sp + 1);
    }
  }
  const tag = TAG.exec(body);
  if (tag) {
    syslog.appname = tag[1] as string;
    if (tag[2] !== undefined && tag[2] !== '') syslog.procid = tag[2];
    body = body.slice(tag[0].length);
  }
  return {
    format: '3164',
    ...(timestamp === undefined ? {} : { timestamp }),
    ...(yearInferred ? { yearInferred } : {}),
    message: body,
    syslog,
  };
}

/** Parses one syslog message (without framing). Never throws. */
export function parseSyslog(text: string, opts: SyslogParseOptions): ParsedSyslog {
  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri) {
    if (opts.requirePri) return { message: text, syslog: {}, malformed: 'no <PRI> at the start' };
    return parse3164(text, {}, text, opts);
  }
  const value = Number(pri[1]);
  if (value > 191) return { message: text, syslog: {}, malformed: `PRI ${value} is out of range (0-191)` };
  const rest = text.slice(pri[0].length);
  if (/^[1-9]\d? /.test(rest)) return parse5424(text, priorityFields(value), rest, opts);
  return parse3164(text, priorityFields(value), rest, opts);
}
