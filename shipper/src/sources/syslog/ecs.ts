/**
 * One syslog frame → its ECS document: the parsed message, `log.syslog.*` (priority, facility,
 * severity, hostname, appname, procid, msgid, structured data), `log.level` from the severity,
 * `process.name`/`pid` from the tag, the peer in `source.*` and `log.source.address`,
 * `host.name`/`host.hostname` from the message's HOSTNAME (the shipper's host name when it names
 * none) and the shipper's `agent.*`. `@timestamp` is the message's own stamp; receive time only
 * when it has none (or an unparsable one). Unparsable messages are kept whole in `message`,
 * tagged `syslog_malformed` with the reason in `error.message`; cut ones are tagged
 * `syslog_truncated` with `log.original_size`.
 */
import {
  type JsonValue,
  type LogDocument,
  parseSyslog,
  SYSLOG_FACILITIES,
  SYSLOG_SEVERITIES,
  type SyslogFields,
  severityLevel,
} from '@driftwood/core';
import type { SourceContext } from '../../component.ts';
import { trimPartialUtf8 } from '../../utf8.ts';
import type { Frame } from './framer.ts';

export interface Peer {
  ip: string;
  port: number;
  transport: 'udp' | 'tcp';
}

export interface SyslogDocument {
  doc: LogDocument;
  /** The sender's hostname when the message names one, else the peer's IP (the event's routing key). */
  key: string;
  malformed: boolean;
  truncated: boolean;
}

/**
 * RFC 3164 §4.3.3: a message without PRI is given PRI 13 (user.notice) and its whole text is the
 * content. It is still flagged malformed (network syslog always carries a PRI: the sender is
 * misconfigured or not speaking syslog), so it can be found.
 */
const NO_PRI_FIELDS: SyslogFields = {
  priority: 13,
  facility: { code: 1, name: SYSLOG_FACILITIES[1] as string },
  severity: { code: 5, name: SYSLOG_SEVERITIES[5] as string },
};

const LF = 0x0a;
const CR = 0x0d;
const decoder = new TextDecoder('utf-8', { fatal: false });

export function frameToDocument(
  frame: Frame,
  peer: Peer,
  received: Date,
  timezone: 'local' | 'UTC',
  ctx: Pick<SourceContext, 'hostName' | 'agent'>,
): SyslogDocument {
  const truncated = frame.truncated;
  let data = truncated ? trimPartialUtf8(frame.data) : frame.data;
  // Senders often count a trailing LF (or NUL) into an octet-counted frame or a datagram.
  while (data.length > 0 && (data[data.length - 1] === LF || data[data.length - 1] === 0)) data = data.subarray(0, -1);
  if (data.length > 0 && data[data.length - 1] === CR) data = data.subarray(0, -1);
  const text = decoder.decode(data);
  const parsed = parseSyslog(text, { now: received, timezone, requirePri: true });
  const noPri = parsed.malformed !== undefined && !/^<\d{1,3}>/.test(text);
  const syslog = (noPri ? structuredClone(NO_PRI_FIELDS) : parsed.syslog) as { [key: string]: JsonValue };
  const malformed = noPri ? `${parsed.malformed}: taken as user.notice (RFC 3164 §4.3.3)` : parsed.malformed;
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
  // ECS: the host an event is about is the sender that names itself in HOSTNAME; the shipper
  // that received it is `agent.*` (host.name is the shipper's only when the message names no host)
  const sender = typeof syslog.hostname === 'string' && syslog.hostname !== '' ? syslog.hostname : undefined;
  doc.host = sender !== undefined ? { name: sender, hostname: sender } : { name: ctx.hostName };
  doc.agent = { ...ctx.agent };
  doc.source = { ip: peer.ip, port: peer.port };
  doc.network = { transport: peer.transport, protocol: 'syslog' };
  if (malformed !== undefined) {
    tags.push('syslog_malformed');
    doc.error = { message: malformed, type: 'PARSE_FAILED' };
  }
  if (truncated) {
    tags.push('syslog_truncated');
    log.original_size = frame.size;
  }
  if (tags.length > 0) doc.tags = tags;
  return {
    doc,
    key: typeof syslog.hostname === 'string' ? syslog.hostname : peer.ip,
    malformed: malformed !== undefined,
    truncated,
  };
}
