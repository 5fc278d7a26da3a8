/**
 * Prometheus registries for the services (prom-client): one `Registry` per service, with the
 * process and Node.js default metrics (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`,
 * event-loop lag…, under their standard names unless a prefix is given) and the service's own.
 * `GET /metrics` answers `await registry.metrics()` with `registry.contentType`.
 */
import { collectDefaultMetrics, type Metric, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** Prefix of the default metrics' names (default none: `process_…`, `nodejs_…` as Prometheus knows them). */
  defaultPrefix?: string;
  /** Leave out the process and Node.js metrics (default false). */
  noDefaults?: boolean;
}

/** A service's registry (one per `/metrics`), with the default metrics. */
export function createMetrics(options: MetricsOptions = {}): Registry {
  const registry = new Registry();
  if (!options.noDefaults) collectDefaultMetrics({ register: registry, prefix: options.defaultPrefix ?? '' });
  return registry;
}

/** The value of a counter or gauge, summed over the label sets that match `labels`. */
export async function metricValue(metric: Metric, labels: Record<string, string> = {}): Promise<number> {
  const { values } = await metric.get();
  let total = 0;
  for (const v of values) {
    if (Object.entries(labels).every(([k, x]) => String(v.labels[k]) === x)) total += v.value;
  }
  return total;
}
