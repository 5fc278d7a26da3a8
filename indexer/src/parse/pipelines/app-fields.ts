/**
 * Map the fields structured loggers write (winston, pino, bunyan, logrus, zap, Serilog, ECS
 * loggers, logfmt) onto ECS: level → `log.level`, msg/message/@m → `message`,
 * time/ts/timestamp/@t → `@timestamp`, hostname → `host.name`, pid → `process.pid`,
 * name/service → `service.name`, caller → `log.origin.file.*`, err/error/stack → `error.*`.
 * Keys with dots are expanded into nested objects; unknown keys are kept.
 */
import { getField, isoOrUndefined, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { compileFormat } from '../date-formats.ts';
import { normalizeLevel } from '../level.ts';
import { addTag, isObject } from '../types.ts';

const ISO = compileFormat('ISO8601');
const RFC3164 = compileFormat('RFC3164');
const HTTPDATE = compileFormat('HTTPDATE');
const RFC2822 = compileFormat('RFC2822');

/** A time value as loggers write it: ISO string, epoch ms (pino), float seconds (zap), numeric strings. */
export function parseTimeValue(
  value: JsonValue | undefined,
  zone: string,
  now: number,
): { ms: number; yearInferred: boolean } | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1e8) return undefined;
    // < 1e11 is seconds (until the year 5138); larger is milliseconds; > 1e14 is µs, > 1e17 ns.
    const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value < 1e17 ? value / 1000 : value / 1e6;
    return { ms: Math.round(ms), yearInferred: false };
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 64) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(text)) return parseTimeValue(Number(text), zone, now);
  for (const f of [ISO, RFC3164, HTTPDATE, RFC2822]) {
    const t = f.parse(text, zone, now);
    if (t !== undefined) return { ms: t.ms, yearInferred: t.yearInferred };
  }
  return undefined;
}

const MESSAGE_KEYS = ['message', 'msg', '@m', 'MESSAGE', 'Message', 'log', 'text'];
const LEVEL_KEYS = [
  'log.level',
  'level',
  'lvl',
  'severity',
  'Level',
  'levelname',
  'loglevel',
  '@l',
  'level_name',
  'status',
];
const TIME_KEYS = [
  '@timestamp',
  'timestamp',
  'time',
  'ts',
  '@t',
  'date',
  'datetime',
  'Timestamp',
  't',
  'eventTime',
  'logtime',
];

function take(obj: { [key: string]: JsonValue }, keys: readonly string[]): [string, JsonValue] | undefined {
  for (const k of keys) {
    const v = obj[k];
    if (v !== undefined && v !== null) return [k, v];
  }
  return undefined;
}

/** Is this a stack trace string? */
function looksLikeStack(v: JsonValue | undefined): v is string {
  return typeof v === 'string' && v.includes('\n');
}

/**
 * Build an ECS document from a structured record. `source` is consumed (keys moved).
 * Returns the document; `@timestamp` only when the record carried a parseable time.
 */
export function mapAppRecord(source: { [key: string]: JsonValue }, zone: string, now: number): LogDocument {
  const doc: LogDocument = {};
  const rec = source;
  const serilog = '@t' in rec || '@mt' in rec || '@m' in rec;
  // Time
  const time = take(rec, TIME_KEYS);
  if (time !== undefined) {
    const [key, value] = time;
    const t = parseTimeValue(value, zone, now);
    const iso = t === undefined ? undefined : isoOrUndefined(t.ms);
    if (iso !== undefined && t !== undefined) {
      doc['@timestamp'] = iso;
      if (t.yearInferred) addTag(doc, '_timestamp_year_inferred');
      delete rec[key];
    }
  }
  // Message
  const msg = take(rec, MESSAGE_KEYS);
  if (msg !== undefined && (typeof msg[1] === 'string' || typeof msg[1] === 'number' || typeof msg[1] === 'boolean')) {
    doc.message = String(msg[1]);
    delete rec[msg[0]];
  }
  if (rec['@mt'] !== undefined) {
    if (doc.message === undefined && typeof rec['@mt'] === 'string') doc.message = rec['@mt'];
    setField(doc, 'serilog.message_template', rec['@mt']);
    delete rec['@mt'];
  }
  // Level
  const lvl = take(rec, LEVEL_KEYS);
  if (lvl !== undefined && lvl[0] !== 'status') {
    const level = normalizeLevel(lvl[1]);
    if (level !== undefined) {
      setField(doc, 'log.level', level);
      delete rec[lvl[0]];
    }
  } else if (lvl !== undefined && typeof lvl[1] === 'string') {
    const level = normalizeLevel(lvl[1]);
    if (level !== undefined && ['trace', 'debug', 'info', 'warn', 'error', 'fatal'].includes(level)) {
      setField(doc, 'log.level', level);
      delete rec.status;
    }
  } else if (serilog) {
    setField(doc, 'log.level', 'info');
  }
  const logLevelObj = getField(rec, 'log');
  if (isObject(logLevelObj) && logLevelObj.level !== undefined) {
    const level = normalizeLevel(logLevelObj.level);
    if (level !== undefined) {
      setField(doc, 'log.level', level);
      delete logLevelObj.level;
    }
  }
  if ('@x' in rec && typeof rec['@x'] === 'string') {
    setField(doc, 'error.stack_trace', rec['@x']);
    delete rec['@x'];
  }
  // Host / process / service
  for (const key of ['hostname', 'host'] as const) {
    const v = rec[key];
    if (typeof v === 'string') {
      setField(doc, 'host.name', v);
      delete rec[key];
      break;
    }
  }
  if (typeof rec.pid === 'number' || (typeof rec.pid === 'string' && /^\d+$/.test(rec.pid))) {
    setField(doc, 'process.pid', Number(rec.pid));
    delete rec.pid;
  }
  for (const key of ['service', 'app', 'application', 'name'] as const) {
    const v = rec[key];
    if (typeof v === 'string') {
      setField(doc, 'service.name', v);
      delete rec[key];
      break;
    }
  }
  if (typeof rec.logger === 'string') {
    setField(doc, 'log.logger', rec.logger);
    delete rec.logger;
  }
  if (typeof rec.caller === 'string') {
    const m = /^(.*):(\d+)$/.exec(rec.caller);
    if (m !== null) {
      setField(doc, 'log.origin.file.name', m[1] as string);
      setField(doc, 'log.origin.file.line', Number(m[2]));
    } else setField(doc, 'log.origin.file.name', rec.caller);
    delete rec.caller;
  }
  if (typeof rec.func === 'string') {
    setField(doc, 'log.origin.function', rec.func);
    delete rec.func;
  }
  // Errors: pino/bunyan `err` object, zap `stacktrace`, logrus `error` string, winston `stack`.
  const err = rec.err ?? (isObject(rec.error) && ('stack' in rec.error || 'type' in rec.error) ? rec.error : undefined);
  if (isObject(err)) {
    if (typeof err.type === 'string') setField(doc, 'error.type', err.type);
    else if (typeof err.name === 'string') setField(doc, 'error.type', err.name);
    if (typeof err.message === 'string') setField(doc, 'error.message', err.message);
    if (typeof err.stack === 'string') setField(doc, 'error.stack_trace', err.stack);
    if (typeof err.stack_trace === 'string') setField(doc, 'error.stack_trace', err.stack_trace);
    if (rec.err !== undefined) delete rec.err;
    else delete rec.error;
  } else if (typeof rec.error === 'string') {
    setField(doc, 'error.message', rec.error);
    delete rec.error;
  }
  for (const key of ['stacktrace', 'stack', 'stack_trace'] as const) {
    if (looksLikeStack(rec[key])) {
      setField(doc, 'error.stack_trace', rec[key]);
      delete rec[key];
    }
  }
  // Everything else is kept; dotted keys expanded (ECS loggers write `log.logger`, `service.name`).
  for (const key of Object.keys(rec)) {
    if (key === '__proto__' || key === '') continue;
    const value = rec[key] as JsonValue;
    if (key.includes('.') && !key.startsWith('.') && !key.endsWith('.') && !key.includes('..')) {
      if (getField(doc, key) === undefined) setField(doc, key, value);
    } else if (doc[key] === undefined) doc[key] = value;
    else if (isObject(doc[key]) && isObject(value)) {
      for (const [k, v] of Object.entries(value))
        if ((doc[key] as { [k: string]: JsonValue })[k] === undefined) setField(doc, `${key}.${k}`, v);
    }
  }
  return doc;
}
