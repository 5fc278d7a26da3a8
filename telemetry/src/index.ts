/** @driftwood/telemetry (Node only): the services' logger (their Prometheus registries are core's, `@driftwood/core/node`). */
export {
  createLogger,
  ECS_VERSION,
  ecsFields,
  type LogDestination,
  type LogFields,
  type Logger,
  type LoggerOptions,
  type LogLevel,
  type MemoryLine,
  memoryLogger,
  type ServiceLogger,
  silentLogger,
} from './log.ts';
