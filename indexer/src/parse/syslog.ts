/**
 * syslog processor: a syslog line (RFC 3164 with or without `<PRI>`, or RFC 5424; parsed by
 * core's `parseSyslog`) → ECS: `log.syslog.priority`, `log.syslog.facility.code/name`,
 * `log.syslog.severity.code/name`, `log.level`, `host.hostname`/`host.name`, `process.name`,
 * `process.pid`, `@timestamp`, `message`; RFC 5424 also `log.syslog.version/appname/procid/msgid/
 * structured_data`. A year-less stamp is tagged `_timestamp_year_inferred`. Failure tags
 * `_syslogparsefailure`.
 */
import { getField, type JsonValue, type LogDocument, parseSyslog, setField, severityLevel } from '@driftwood/core';
import { z } from 'zod';
import { ifField, ignoreMissing } from './common.ts';
import { addTag, type ProcessContext, type Processor, type ProcessorComponent } from './types.ts';

export interface SyslogOptions {
  now: number;
  /** Zone for stamps that carry none (RFC 3164). */
  timezone: string;
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

/**
 * Parse a syslog line into `doc` (fields are added; `message` is replaced by the syslog MSG).
 * Returns false, leaving `doc` untouched, when the line is not syslog (malformed, or RFC 3164
 * without a usable time stamp).
 */
export function parseSyslogInto(line: string, doc: LogDocument, opts: SyslogOptions): boolean {
  const p = parseSyslog(line, opts);
  if (p.malformed !== undefined || (p.format === '3164' && p.timestamp === undefined)) return false;
  const s = p.syslog;
  if (s.priority !== undefined) {
    setField(doc, 'log.syslog.priority', s.priority);
    setField(doc, 'log.syslog.facility.code', s.facility?.code as number);
    const fname = s.facility?.name;
    if (fname !== undefined && fname !== String(s.facility?.code)) setField(doc, 'log.syslog.facility.name', fname);
    setField(doc, 'log.syslog.severity.code', s.severity?.code as number);
    setField(doc, 'log.syslog.severity.name', s.severity?.name as string);
    setField(doc, 'log.level', severityLevel(s.severity?.code as number));
  }
  if (p.format === '5424') setField(doc, 'log.syslog.version', String(s.version));
  if (p.timestamp !== undefined) doc['@timestamp'] = p.timestamp;
  if (p.yearInferred) addTag(doc, '_timestamp_year_inferred');
  if (s.hostname !== undefined) setHost(doc, s.hostname);
  if (p.format === '5424') {
    if (s.appname !== undefined) {
      setField(doc, 'log.syslog.appname', s.appname);
      setProcess(doc, s.appname, s.procid !== undefined && /^\d+$/.test(s.procid) ? s.procid : undefined);
    }
    if (s.procid !== undefined) setField(doc, 'log.syslog.procid', s.procid);
    if (s.msgid !== undefined) setField(doc, 'log.syslog.msgid', s.msgid);
    if (s.structured_data !== undefined) setField(doc, 'log.syslog.structured_data', s.structured_data as JsonValue);
  } else if (s.appname !== undefined) setProcess(doc, s.appname, s.procid);
  doc.message = p.message;
  return true;
}

export const type = 'syslog';

export const configSchema = z
  .object({
    field: z.string().default('message'),
    timezone: z.string().default('UTC').describe('Zone assumed for stamps without one (IANA name or offset).'),
    ignore_missing: ignoreMissing,
    tag_on_failure: z.array(z.string()).default(['_syslogparsefailure']),
    if: ifField,
  })
  .strict();

export type SyslogConfig = z.infer<typeof configSchema>;

export function build(config: SyslogConfig): Processor {
  return (doc: LogDocument, ctx: ProcessContext) => {
    const value = getField(doc, config.field);
    if (value === undefined && config.ignore_missing) return true;
    if (typeof value !== 'string' || !parseSyslogInto(value, doc, { now: ctx.now, timezone: config.timezone })) {
      for (const t of config.tag_on_failure) addTag(doc, t);
    }
    return true;
  };
}

export const syslog: ProcessorComponent<SyslogConfig> = { type, configSchema, build };
