/** The shipper's logger: one JSON object per line on stderr (level, msg, fields). */
import type { Logger } from './component.ts';

export interface LoggerOptions {
  /** Where lines go (default: process.stderr). */
  write?: (line: string) => void;
  /** Fields added to every line. */
  base?: Record<string, unknown>;
  /** Drop `info` lines. */
  quiet?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: string, message: string, fields?: Record<string, unknown>): void => {
    const record = { time: new Date().toISOString(), level, msg: message, ...options.base, ...fields };
    write(`${JSON.stringify(record, errorReplacer)}\n`);
  };
  return {
    info: (m, f) => {
      if (!options.quiet) emit('info', m, f);
    },
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, ...(value as object) };
  return value;
}

/** A logger that remembers what it was told (tests). */
export function memoryLogger(): Logger & { lines: Array<{ level: string; message: string; fields?: object }> } {
  const lines: Array<{ level: string; message: string; fields?: object }> = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push({ level, message, ...(fields ? { fields } : {}) });
  };
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}
