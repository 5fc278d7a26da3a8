/** The shipper's logger: @driftwood/telemetry's (pino, ECS JSON lines on stderr, `service.name: shipper`). */
import { createLogger as createServiceLogger, type LogDestination, type ServiceLogger } from '@driftwood/telemetry';

export { memoryLogger } from '@driftwood/telemetry';

export interface LoggerOptions {
  /** Where lines go (default: stderr). */
  destination?: LogDestination;
  /** Fields added to every line. */
  base?: Record<string, unknown>;
  /** Drop `info` lines. */
  quiet?: boolean;
  /** `pretty` for a terminal (`driftwood up`). */
  format?: 'json' | 'pretty';
}

export function createLogger(options: LoggerOptions = {}): ServiceLogger {
  return createServiceLogger({
    service: 'shipper',
    level: options.quiet ? 'warn' : 'info',
    ...(options.destination !== undefined ? { destination: options.destination } : {}),
    ...(options.base ? { base: options.base } : {}),
    ...(options.format ? { format: options.format } : {}),
  });
}
