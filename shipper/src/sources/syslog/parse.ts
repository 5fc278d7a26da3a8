/**
 * Syslog message parsing (pure): RFC 5424 (version, RFC 3339 stamp, hostname, app-name, procid,
 * msgid, structured data → `{ sdId: { param: value } }`) and RFC 3164 (BSD: `Mmm dd hh:mm:ss`,
 * optional year / fraction, ISO 8601 stamps as rsyslog forwards them, optional hostname,
 * `tag[pid]:`). RFC 3164 stamps carry neither year nor zone: the year is the one that puts the
 * stamp closest before now + 7 days, the zone is `timezone`.
 */
import { type JsonValue, SYSLOG_FACILITIES, SYSLOG_SEVERITIES } from '@driftwood/core';

export interface ParsedSyslog {
  /** ISO 8601, when the message carries a usable stamp. */
  timestamp?: string;
  message: string;
  /** `log.syslog.*` fields. */
  syslog: { [key: string]: JsonValue };
  /** Why the message could not be parsed (it is then kept whole in `message`). */
  malformed?: string;
}

export interface ParseOptions {
  /** Receive time, for RFC 3164 year inference. */
  now: Date;
  timezone: 'local' | 'UTC';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;
const ISO_3164 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?) /i;
const BSD_STAMP =
  /^([A-Z][a-z]{2}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (\d{4}))?(?: |$)/;
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{0,128})\])?:(?: |$)/;

function setPriority(syslog: { [key: string]: JsonValue }, pri: number): void {
  const facility = pri >> 3;
  const severity = pri & 7;
  syslog.priority = pri;
  syslog.facility = { code: facility, name: SYSLOG_FACILITIES[facility] ?? String(facility) };
  syslog.severity = { code: severity, name: SYSLOG_SEVERITIES[severity] as string };
}

function rfc3339ToIso(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const zone = (m[8] as string).toUpperCase();
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}${zone}`);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function isoToIso(text: string): string | undefined {
  const normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (/[zZ]$|[+-]\d{2}:\d{2}$/.test(normalized)) return rfc3339ToIso(normalized);
  const ms = Date.parse(normalized); // no zone: ECMAScript reads date-time forms as local time
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function wallClock(
  year: number,
  month: number,
  day: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  tz: 'local' | 'UTC',
): number {
  return tz === 'UTC' ? Date.UTC(year, month, day, h, mi, s, ms) : new Date(year, month, day, h, mi, s, ms).getTime();
}

/** An RFC 3164 stamp → epoch ms; the year, when absent, is the one closest before now + 7 days. */
function bsdStampToMs(m: RegExpExecArray, opts: ParseOptions): number | undefined {
  const month = MONTHS.indexOf(m[1] as string);
  const day = Number(m[2]);
  const [h, mi, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (month < 0 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3) || '0');
  const explicitYear = m[3] ?? m[8];
  const build = (year: number) => wallClock(year, month, day, h, mi, Math.min(s, 59), ms, opts.timezone);
  if (explicitYear !== undefined) return build(Number(explicitYear));
  const now = opts.now.getTime();
  const nowYear = opts.timezone === 'UTC' ? opts.now.getUTCFullYear() : opts.now.getFullYear();
  let value = build(nowYear);
  if (value > now + 7 * 86_400_000) value = build(nowYear - 1);
  else if (value < now - 358 * 86_400_000) value = build(nowYear + 1);
  return Number.isFinite(value) ? value : undefined;
}

/** RFC 5424 structured data starting at `text[start]`: the elements and where they end. */
export function parseStructuredData(
  text: string,
  start: number,
): { data: { [id: string]: { [param: string]: JsonValue } }; end: number } | string {
  const data: { [id: string]: { [param: string]: JsonValue } } = {};
  let i = start;
  if (text[i] === '-') return { data, end: i + 1 };
  if (text[i] !== '[') return 'structured data must be "-" or start with "["';
  while (text[i] === '[') {
    i++;
    const idStart = i;
    while (i < text.length && text[i] !== ' ' && text[i] !== ']' && text[i] !== '=' && text[i] !== '"') i++;
    const id = text.slice(idStart, i);
    if (id === '') return `empty SD-ID at ${idStart}`;
    const params: { [param: string]: JsonValue } = Object.create(null);
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
      const previous = params[name];
      if (previous === undefined) params[name] = value;
      else params[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
    }
    if (text[i] !== ']') return `unterminated SD-ELEMENT at ${idStart - 1}`;
    i++;
    data[id] = { ...params };
  }
  return { data, end: i };
}

function parse5424(text: string, pri: number, rest: string): ParsedSyslog {
  const syslog: { [key: string]: JsonValue } = {};
  setPriority(syslog, pri);
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
  syslog.version = Number(version);
  let timestamp: string | undefined;
  if (stamp !== '-') {
    timestamp = rfc3339ToIso(stamp);
    if (timestamp === undefined) return fail(`RFC 5424 time stamp "${stamp.slice(0, 40)}" is not RFC 3339`);
  }
  if (hostname !== '-') syslog.hostname = hostname;
  if (appname !== '-') syslog.appname = appname;
  if (procid !== '-') syslog.procid = procid;
  if (msgid !== '-') syslog.msgid = msgid;
  const sd = parseStructuredData(rest, i);
  if (typeof sd === 'string') return fail(`RFC 5424 ${sd}`);
  if (Object.keys(sd.data).length > 0) syslog.structured_data = sd.data;
  let message = '';
  if (sd.end < rest.length) {
    if (rest[sd.end] !== ' ') return fail('RFC 5424 structured data is not followed by a space');
    message = rest.slice(sd.end + 1);
    if (message.startsWith('\uFEFF')) message = message.slice(1);
  }
  return { ...(timestamp === undefined ? {} : { timestamp }), message, syslog };
}

function parse3164(pri: number | undefined, rest: string, opts: ParseOptions): ParsedSyslog {
  const syslog: { [key: string]: JsonValue } = {};
  if (pri !== undefined) setPriority(syslog, pri);
  let timestamp: string | undefined;
  let body = rest;
  const bsd = BSD_STAMP.exec(rest);
  const iso = bsd ? null : ISO_3164.exec(rest);
  if (bsd) {
    const ms = bsdStampToMs(bsd, opts);
    if (ms !== undefined) timestamp = new Date(ms).toISOString();
    body = rest.slice(bsd[0].length);
  } else if (iso) {
    timestamp = isoToIso(iso[1] as string);
    body = rest.slice(iso[0].length);
  }
  if (bsd || iso) {
    // HOSTNAME is present unless the next token is already the tag (`tag:` / `tag[pid]:`).
    const sp = body.indexOf(' ');
    const first = sp === -1 ? body : body.slice(0, sp);
    if (first !== '' && !TAG.test(`${first} `) && sp !== -1) {
      syslog.hostname = first;
      body = body.slice(sp + 1);
    }
  }
  const tag = TAG.exec(body);
  if (tag) {
    syslog.appname = tag[1] as string;
    if (tag[2] !== undefined && tag[2] !== '') syslog.procid = tag[2];
    body = body.slice(tag[0].length);
  }
  return { ...(timestamp === undefined ? {} : { timestamp }), message: body, syslog };
}

/** Parses one syslog message (without framing). Never throws. */
export function parseSyslog(text: string, opts: ParseOptions): ParsedSyslog {
  const pri = /^<(\d{1,3})>/.exec(text);
  if (!pri) {
    // RFC 3164 §4.3.3: a message without PRI is given PRI 13 (user.notice) and its whole text is
    // the content. It is still flagged (`malformed`): the sender is not speaking syslog.
    const syslog: { [key: string]: JsonValue } = {};
    setPriority(syslog, 13);
    return { message: text, syslog, malformed: 'no <PRI> at the start: taken as user.notice (RFC 3164 §4.3.3)' };
  }
  const value = Number(pri[1]);
  if (value > 191) return { message: text, syslog: {}, malformed: `PRI ${value} is out of range (0-191)` };
  const rest = text.slice(pri[0].length);
  if (/^[1-9]\d? /.test(rest)) return parse5424(text, value, rest);
  return parse3164(value, rest, opts);
}
