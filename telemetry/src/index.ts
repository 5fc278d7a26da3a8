/** @driftwood/telemetry (Node only): the services' logger and Prometheus registries. */
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
export { Counter, createMetrics, Gauge, Histogram, type MetricsOptions, metricValue, Registry } from './metrics.ts';
