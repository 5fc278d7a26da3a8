/**
 * The services' logger: pino writing one ECS-shaped JSON object per line (`@timestamp`,
 * `log.level`, `message`, `service.name`, `event.dataset: driftwood.<service>`, `error.*`), so
 * Driftwood can ship and search its own logs (the indexer's json pipeline reads them as ECS).
 * `format: 'pretty'` prints the same records for a person (`HH:MM:SS service: message {fields}`),
 * as `driftwood up` does on its terminal. Userinfo in URLs is removed from every string logged.
 */
import os from 'node:os';
import { printableText } from '@driftwood/core';
import pino from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

/** The one logger interface of every service: a message and, optionally, fields. */
export interface Logger {
  debug?(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** What createLogger returns: a Logger with `debug` and child loggers. */
export interface ServiceLogger extends Logger {
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): ServiceLogger;
}

/** Where lines go: a stream (or anything with `write(line)`), or a file descriptor. */
export type LogDestination = number | { write(line: string): unknown };

export interface LoggerOptions {
  /** `shipper`, `indexer`, `alerting`, `up`…: `service.name`, and `event.dataset: driftwood.<service>`. */
  service: string;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Default: process.stderr (synchronous for files, TTYs and pipes on Linux, so no line is lost at exit). */
  destination?: LogDestination;
  /** `json` (default): ECS lines. `pretty`: `HH:MM:SS service: message {fields}` for a terminal. */
  format?: 'json' | 'pretty';
  /** Fields on every line. */
  base?: LogFields;
}

export const ECS_VERSION = '8.11.0';

export function createLogger(options: LoggerOptions): ServiceLogger {
  const { service } = options;
  const out = options.destination ?? process.stderr;
  const sink = typeof out === 'number' ? pino.destination({ fd: out, sync: true }) : out;
  const destination = options.format === 'pretty' ? prettyDestination(sink, service) : sink;
  const instance = pino(
    {
      level: options.level ?? 'info',
      messageKey: 'message',
      base: {
        'service.name': service,
        'event.dataset': `driftwood.${service}`,
        'ecs.version': ECS_VERSION,
        'process.pid': process.pid,
        'host.hostname': os.hostname(),
        ...(options.base ? ecsFields(options.base) : {}),
      },
      timestamp: () => `,"@timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ 'log.level': label }) },
    },
    destination as pino.DestinationStream,
  );
  return wrap(instance);
}

function wrap(instance: pino.Logger): ServiceLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string, fields?: LogFields): void => {
      if (!instance.isLevelEnabled(level)) return;
      if (fields) instance[level](ecsFields(fields), printableText(message));
      else instance[level](printableText(message));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(instance.child(ecsFields(fields))),
  };
}

/**
 * Fields as ECS: `error` (an Error or a message) becomes `error.message` / `error.type` /
 * `error.code` / `error.stack_trace` (a `code` beside a string `error` is its `error.code`); any
 * other Error value becomes `{ type, message, code }`; every string has URL userinfo removed.
 */
export function ecsFields(fields: LogFields): LogFields {
  const out: LogFields = {};
  const error = fields.error ?? fields.err;
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'error' || key === 'err') continue;
    if (key === 'code' && typeof error === 'string') continue;
    out[key] = clean(value, 0);
  }
  if (error instanceof Error) {
    out['error.type'] = error.name;
    out['error.message'] = printableText(error.message);
    const code = (error as { code?: unknown }).code;
    if (code !== undefined) out['error.code'] = String(code);
    if (error.stack) out['error.stack_trace'] = printableText(error.stack);
  } else if (error !== undefined && error !== null) {
    out['error.message'] = printableText(typeof error === 'string' ? error : JSON.stringify(clean(error, 0)));
    if (fields.code !== undefined && typeof error === 'string') out['error.code'] = String(fields.code);
  }
  return out;
}

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return printableText(value);
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: printableText(value.message), ...(code !== undefined ? { code } : {}) };
  }
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value)) out[k] = clean(v, depth + 1);
  return out;
}

/** Record keys the pretty format leaves out (the time is shown as HH:MM:SS, the service as a prefix). */
const PRETTY_HIDDEN = new Set([
  '@timestamp',
  'log.level',
  'message',
  'service.name',
  'event.dataset',
  'ecs.version',
  'process.pid',
  'host.hostname',
]);

function prettyDestination(sink: { write(line: string): unknown }, service: string): { write(line: string): void } {
  return {
    write(line: string): void {
      const record = JSON.parse(line) as LogFields;
      const rest = Object.fromEntries(Object.entries(record).filter(([k]) => !PRETTY_HIDDEN.has(k)));
      const message = String(record.message ?? '');
      const prefix = service === 'up' || message.startsWith(`${service}: `) ? '' : `${service}: `;
      const time = String(record['@timestamp'] ?? new Date().toISOString()).slice(11, 19);
      const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      sink.write(`${time} ${prefix}${message}${fields}\n`);
    },
  };
}

/** A logger that writes nothing. */
export const silentLogger: ServiceLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

export interface MemoryLine {
  level: string;
  message: string;
  fields?: LogFields;
}

/** A logger that keeps what it was told, in order (tests read `lines`). */
export function memoryLogger(base?: LogFields, lines: MemoryLine[] = []): ServiceLogger & { lines: MemoryLine[] } {
  const push = (level: string) => (message: string, fields?: LogFields) => {
    const all = base || fields ? { ...base, ...fields } : undefined;
    lines.push({ level, message, ...(all ? { fields: all } : {}) });
  };
  return {
    lines,
    debug: push('debug'),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
    child: (fields) => memoryLogger({ ...base, ...fields }, lines),
  };
}
