/**
 * syslog source: listens on UDP or TCP (optionally TLS) and turns each syslog message into an event.
 *
 * - Header parsing: RFC 5424 (version, RFC 3339 stamp, hostname, app-name, procid, msgid, structured
 *   data → `log.syslog.structured_data` as `{ sdId: { param: value } }`) and RFC 3164 (BSD: `Mmm dd
 *   hh:mm:ss`, optional year / fraction, ISO 8601 stamps as rsyslog forwards them, optional hostname,
 *   `tag[pid]:`). PRI → `log.syslog.priority`, facility/severity code+name, `log.level`.
 * - `@timestamp` is the message's own stamp; receive time only when it has none (or an unparsable one).
 *   RFC 3164 stamps carry neither year nor zone: the year is the one that puts the stamp closest
 *   before now + 7 days, the zone is `timezone`.
 * - TCP framing (RFC 6587) is detected per frame: octet counting (`LEN SP MSG`) when a frame starts
 *   with digits and a space, otherwise newline-terminated (a trailing CR is dropped).
 * - Messages over `max_message_bytes` are cut (at a UTF-8 boundary) and tagged `syslog_truncated`;
 *   the rest of that frame is skipped without being buffered. Unparsable messages are kept whole in
 *   `message`, tagged `syslog_malformed`, with the reason in `error.message`.
 * - Backpressure: a TCP connection is not read further until `emit` resolved for what it sent.
 *   UDP cannot push back: datagrams arriving while an emit is in flight wait in a bounded buffer
 *   (`udp_buffer_events`); beyond it they are dropped and counted (a warning names the count).
 * - Ids: syslog has no replayable position, so an event's id is a sha256 of the source identity,
 *   the peer address, the raw message, the receive time (ms) and a per-connection (per-socket for
 *   UDP) sequence number. It is fixed once the event exists, so retries inside the shipper are
 *   idempotent; a sender that re-sends a message (e.g. after a reconnect) produces a new event.
 */
import { createHash } from 'node:crypto';
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import {
  DriftwoodError,
  type JsonValue,
  type LogDocument,
  SYSLOG_FACILITIES,
  SYSLOG_SEVERITIES,
  severityLevel,
} from '@driftwood/core';
import { z } from 'zod';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../component.ts';

export const type = 'syslog';

export const configSchema = z
  .object({
    type: z.literal('syslog').optional().describe('Component type: `syslog`.'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Source id used in acknowledgements and event ids; defaults to `syslog-<protocol>-<listen>`.'),
    protocol: z.enum(['udp', 'tcp']).default('udp').describe('Transport: `udp` (RFC 5426) or `tcp` (RFC 6587).'),
    listen: z
      .string()
      .default('127.0.0.1:5514')
      .describe('Address to listen on, `host:port` (IPv6 as `[::1]:5514`); port 0 picks a free port.'),
    max_message_bytes: z
      .number()
      .int()
      .min(64)
      .max(64 * 1024 * 1024)
      .default(64 * 1024)
      .describe('Longest message kept; longer ones are cut and tagged `syslog_truncated`.'),
    timezone: z
      .enum(['local', 'UTC'])
      .default('local')
      .describe('Zone of RFC 3164 time stamps, which carry none: the shipper host’s local zone, or UTC.'),
    udp_buffer_events: z
      .number()
      .int()
      .min(1)
      .default(10_000)
      .describe('UDP only: datagrams held while an emit is in flight; beyond this they are dropped and counted.'),
    tls: z
      .object({
        cert: z.string().min(1).describe('PEM certificate file (the chain, leaf first).'),
        key: z.string().min(1).describe('PEM private key file.'),
        ca: z
          .string()
          .min(1)
          .optional()
          .describe('PEM CA file; when set, clients must present a certificate it signed.'),
      })
      .strict()
      .optional()
      .describe('TCP only: serve syslog over TLS (RFC 5425 framing is octet counting, detected per frame).'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.tls && c.protocol !== 'tcp')
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'tls needs protocol: tcp' });
    try {
      parseListen(c.listen);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['listen'], message: (error as Error).message });
    }
  });

export type SyslogConfig = z.infer<typeof configSchema>;

// ---------------------------------------------------------------------------------------------
// Parsing (pure)

export { SYSLOG_FACILITIES, SYSLOG_SEVERITIES, severityLevel };

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
    // RFC 3164 §4.3.3: a relay treats a message without PRI as user.notice with the whole text as content.
    return { message: text, syslog: {}, malformed: 'no <PRI> at the start' };
  }
  const value = Number(pri[1]);
  if (value > 191) return { message: text, syslog: {}, malformed: `PRI ${value} is out of range (0-191)` };
  const rest = text.slice(pri[0].length);
  if (/^[1-9]\d? /.test(rest)) return parse5424(text, value, rest);
  return parse3164(value, rest, opts);
}

// ---------------------------------------------------------------------------------------------
// Framing (pure)

export interface Frame {
  data: Buffer;
  /** Bytes the sender meant this frame to have (more than `data.length` when truncated). */
  size: number;
  truncated: boolean;
}

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;

/**
 * RFC 6587 framing, detected per frame: `LEN SP MSG` (octet counting) when a frame starts with
 * up to 10 digits and a space, else a newline-terminated line. Holds at most `max` bytes of a frame.
 */
export class SyslogFramer {
  private buf: Buffer = Buffer.alloc(0);
  /** Octet counting: size of the current frame (undefined: not in an octet frame). */
  private octetSize: number | undefined;
  /** Bytes to throw away (the cut tail of an octet frame). */
  private skip = 0;
  /** An over-long line, cut to `max`: its tail is skipped until LF, then it is emitted with its full size. */
  private longLine: Frame | undefined;
  private scanned = 0;

  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length);
        this.skip -= n;
        this.buf = this.buf.subarray(n);
        if (this.skip > 0) break;
        continue;
      }
      if (this.longLine) {
        const lf = this.buf.indexOf(LF);
        if (lf === -1) {
          this.longLine.size += this.buf.length;
          this.buf = Buffer.alloc(0);
          break;
        }
        this.longLine.size += lf > 0 && this.buf[lf - 1] === CR ? lf - 1 : lf;
        frames.push(this.longLine);
        this.longLine = undefined;
        this.buf = this.buf.subarray(lf + 1);
        continue;
      }
      if (this.octetSize !== undefined) {
        const want = Math.min(this.octetSize, this.max);
        if (this.buf.length < want) break;
        frames.push({ data: this.buf.subarray(0, want), size: this.octetSize, truncated: this.octetSize > want });
        this.skip = this.octetSize - want;
        this.octetSize = undefined;
        this.buf = this.buf.subarray(want);
        continue;
      }
      // Between frames: drop stray line ends and NULs.
      let start = 0;
      while (start < this.buf.length && (this.buf[start] === LF || this.buf[start] === CR || this.buf[start] === 0))
        start++;
      if (start > 0) {
        this.buf = this.buf.subarray(start);
        this.scanned = 0;
      }
      if (this.buf.length === 0) break;
      const first = this.buf[0] as number;
      if (first > DIGIT_0 && first <= DIGIT_9) {
        let i = 0;
        while (
          i < this.buf.length &&
          i < 11 &&
          (this.buf[i] as number) >= DIGIT_0 &&
          (this.buf[i] as number) <= DIGIT_9
        )
          i++;
        if (i === this.buf.length && i <= 10) break; // need more bytes to decide
        if (i <= 10 && this.buf[i] === SPACE) {
          this.octetSize = Number(this.buf.subarray(0, i).toString('latin1'));
          this.buf = this.buf.subarray(i + 1);
          this.scanned = 0;
          continue;
        }
      }
      // Newline framing.
      const lf = this.buf.indexOf(LF, this.scanned);
      if (lf === -1) {
        if (this.buf.length > this.max) {
          this.longLine = { data: Buffer.from(this.buf.subarray(0, this.max)), size: this.buf.length, truncated: true };
          this.buf = Buffer.alloc(0);
          this.scanned = 0;
          continue;
        }
        this.scanned = this.buf.length;
        break;
      }
      const end = lf > 0 && this.buf[lf - 1] === CR ? lf - 1 : lf;
      frames.push({ data: this.buf.subarray(0, Math.min(end, this.max)), size: end, truncated: end > this.max });
      this.buf = this.buf.subarray(lf + 1);
      this.scanned = 0;
    }
    // Copy what is kept so a small tail does not pin a large chunk.
    if (this.buf.length > 0 && this.buf.length < this.buf.buffer.byteLength / 2) this.buf = Buffer.from(this.buf);
    return frames;
  }

  /** The connection ended: whatever is left is the last frame. */
  end(): Frame[] {
    const frames: Frame[] = [];
    if (this.longLine) frames.push(this.longLine);
    else if (this.octetSize !== undefined) {
      if (this.buf.length > 0) frames.push({ data: this.buf, size: this.octetSize, truncated: true });
    } else if (this.skip === 0 && this.buf.length > 0) {
      const data = this.buf[this.buf.length - 1] === CR ? this.buf.subarray(0, -1) : this.buf;
      if (data.length > 0) frames.push({ data, size: data.length, truncated: false });
    }
    this.buf = Buffer.alloc(0);
    this.octetSize = undefined;
    this.longLine = undefined;
    return frames;
  }
}

/** Drops an incomplete UTF-8 sequence at the end of a cut buffer. */
export function trimPartialUtf8(data: Buffer): Buffer {
  // Find the lead byte of the last character (at most 3 continuation bytes back).
  let i = data.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && ((data[i] as number) & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return data;
  const lead = data[i] as number;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return data.length - i < need ? data.subarray(0, i) : data;
}

// ---------------------------------------------------------------------------------------------
// The source

export interface SyslogSource extends Source {
  /** Where it listens (after `start`), e.g. to learn the port picked for `:0`. */
  address(): { host: string; port: number };
  /** Counters: datagrams dropped because the UDP buffer was full. */
  stats(): { received: number; dropped: number; malformed: number; truncated: number };
}

export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(listen);
  const port = Number(m?.[3]);
  if (!m || port > 65535) throw new Error(`listen must be host:port, got "${listen}"`);
  return { host: (m[1] ?? m[2]) as string, port };
}

function eventId(...parts: Array<string | number | Buffer>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'number' ? String(part) : part);
    hash.update('\0');
  }
  return hash.digest('hex');
}

const decoder = new TextDecoder('utf-8', { fatal: false });

interface Peer {
  ip: string;
  port: number;
  transport: 'udp' | 'tcp';
}

export function build(config: SyslogConfig, buildCtx: BuildContext): SyslogSource {
  const sourceId = config.id ?? `syslog-${config.protocol}-${config.listen}`;
  const { host, port } = parseListen(config.listen);
  const max = config.max_message_bytes;
  const counters = { received: 0, dropped: 0, malformed: 0, truncated: 0 };
  let server: Server | undefined;
  let udp: DgramSocket | undefined;
  const sockets = new Set<Socket>();
  let bound: { host: string; port: number } | undefined;
  let stopped = false;

  const toEvent = (ctx: SourceContext, frame: Frame, peer: Peer, seq: number, received: Date): ShipperEvent => {
    const truncated = frame.truncated;
    let data = truncated ? trimPartialUtf8(frame.data) : frame.data;
    // Senders often count a trailing LF (or NUL) into an octet-counted frame or a datagram.
    while (data.length > 0 && (data[data.length - 1] === LF || data[data.length - 1] === 0))
      data = data.subarray(0, -1);
    if (data.length > 0 && data[data.length - 1] === CR) data = data.subarray(0, -1);
    const text = decoder.decode(data);
    const parsed = parseSyslog(text, { now: received, timezone: config.timezone });
    const syslog = parsed.syslog;
    const doc: LogDocument = {
      '@timestamp': parsed.timestamp ?? received.toISOString(),
      message: parsed.message,
    };
    const tags: string[] = [];
    const severity = syslog.severity as { code: number } | undefined;
    const log: { [key: string]: JsonValue } = {};
    if (severity) log.level = severityLevel(severity.code);
    if (Object.keys(syslog).length > 0) log.syslog = syslog;
    log.source = { address: `${peer.ip.includes(':') ? `[${peer.ip}]` : peer.ip}:${peer.port}` };
    doc.log = log;
    if (typeof syslog.appname === 'string') {
      const proc: { [key: string]: JsonValue } = { name: syslog.appname };
      const pid = Number(syslog.procid);
      if (typeof syslog.procid === 'string' && /^\d+$/.test(syslog.procid) && Number.isSafeInteger(pid)) proc.pid = pid;
      doc.process = proc;
    }
    doc.host = { name: ctx.hostName };
    doc.agent = { ...ctx.agent };
    doc.source = { ip: peer.ip, port: peer.port };
    doc.network = { transport: peer.transport, protocol: 'syslog' };
    if (parsed.malformed !== undefined) {
      tags.push('syslog_malformed');
      doc.error = { message: parsed.malformed, type: 'PARSE_FAILED' };
      counters.malformed++;
    }
    if (truncated) {
      tags.push('syslog_truncated');
      log.original_size = frame.size;
      counters.truncated++;
    }
    if (tags.length > 0) doc.tags = tags;
    counters.received++;
    return {
      id: eventId(sourceId, `${peer.transport}:${peer.ip}:${peer.port}`, frame.data, received.getTime(), seq),
      doc,
      source: sourceId,
      key: typeof syslog.hostname === 'string' ? syslog.hostname : peer.ip,
    };
  };

  async function serveTcp(ctx: SourceContext, socket: Socket): Promise<void> {
    sockets.add(socket);
    const peer: Peer = { ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, transport: 'tcp' };
    const framer = new SyslogFramer(max);
    let seq = 0;
    const emitFrames = async (frames: Frame[]) => {
      if (frames.length === 0) return;
      const received = new Date();
      await ctx.emit(frames.map((f) => toEvent(ctx, f, peer, seq++, received)));
    };
    try {
      // Async iteration reads the next chunk only after the previous one's emit resolved: backpressure.
      for await (const chunk of socket) {
        await emitFrames(framer.push(chunk as Buffer));
      }
      await emitFrames(framer.end());
    } catch (error) {
      if (!stopped) buildCtx.log.warn('syslog: connection failed', { source: sourceId, peer, error: String(error) });
    } finally {
      sockets.delete(socket);
      socket.destroy();
    }
  }

  function serveUdp(ctx: SourceContext, socket: DgramSocket): void {
    let pending: ShipperEvent[] = [];
    let inFlight = false;
    let seq = 0;
    let droppedSinceWarn = 0;
    const flush = () => {
      if (inFlight || pending.length === 0 || stopped) return;
      const batch = pending;
      pending = [];
      inFlight = true;
      ctx.emit(batch).then(
        () => {
          inFlight = false;
          flush();
        },
        (error: unknown) => {
          inFlight = false;
          if (!stopped) buildCtx.log.error('syslog: emit failed', { source: sourceId, error: String(error) });
        },
      );
    };
    socket.on('message', (msg, rinfo) => {
      if (pending.length >= config.udp_buffer_events) {
        counters.dropped++;
        if (droppedSinceWarn++ % 1000 === 0) {
          buildCtx.log.warn('syslog: UDP buffer full, dropping datagrams', {
            source: sourceId,
            dropped: counters.dropped,
          });
        }
        return;
      }
      const frame: Frame = { data: msg.subarray(0, max), size: msg.length, truncated: msg.length > max };
      const peer: Peer = { ip: rinfo.address, port: rinfo.port, transport: 'udp' };
      pending.push(toEvent(ctx, frame, peer, seq++, new Date()));
      flush();
    });
  }

  const source: SyslogSource = {
    async start(ctx: SourceContext): Promise<void> {
      stopped = false;
      ctx.signal.addEventListener('abort', () => void source.stop(), { once: true });
      if (config.protocol === 'udp') {
        const socket = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4' });
        udp = socket;
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.bind(port, host, () => {
            socket.off('error', reject);
            resolve();
          });
        }).catch((error: unknown) => {
          throw new DriftwoodError('INPUT_INVALID', `syslog: cannot listen on udp ${config.listen}`, { cause: error });
        });
        socket.on('error', (error) => buildCtx.log.error('syslog: UDP socket error', { error: String(error) }));
        const a = socket.address();
        bound = { host: a.address, port: a.port };
        serveUdp(ctx, socket);
        return;
      }
      const onConnection = (socket: Socket) => void serveTcp(ctx, socket);
      const tls = config.tls;
      const srv = tls
        ? createTlsServer(
            {
              cert: readFileSync(tls.cert),
              key: readFileSync(tls.key),
              ...(tls.ca ? { ca: readFileSync(tls.ca), requestCert: true, rejectUnauthorized: true } : {}),
            },
            onConnection,
          )
        : createServer(onConnection);
      server = srv;
      srv.on('tlsClientError', (error) => buildCtx.log.warn('syslog: TLS handshake failed', { error: String(error) }));
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => {
          srv.off('error', reject);
          resolve();
        });
      }).catch((error: unknown) => {
        throw new DriftwoodError('INPUT_INVALID', `syslog: cannot listen on tcp ${config.listen}`, { cause: error });
      });
      srv.on('error', (error) => buildCtx.log.error('syslog: server error', { error: String(error) }));
      const a = srv.address();
      bound = a && typeof a === 'object' ? { host: a.address, port: a.port } : { host, port };
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (udp) {
        const socket = udp;
        udp = undefined;
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      }
      if (server) {
        const srv = server;
        server = undefined;
        const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      }
    },

    address() {
      if (!bound) throw new DriftwoodError('INTERNAL', 'syslog: address() before start()');
      return bound;
    },

    stats() {
      return { ...counters };
    },
  };
  return source;
}
