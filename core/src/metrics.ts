/**
 * Prometheus registries for the services (prom-client): one `Registry` per service, with the
 * process and Node.js default metrics (`process_cpu_seconds_total`, `nodejs_heap_size_used_bytes`,
 * event-loop lag…, under their standard names unless a prefix is given) and the service's own.
 * `GET /metrics` answers `await registry.metrics()` with `registry.contentType`.
 */
import {
  type CounterConfiguration,
  collectDefaultMetrics,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type LabelValues,
  type Metric,
  Counter as PromCounter,
  Gauge as PromGauge,
  Histogram as PromHistogram,
  Registry,
} from 'prom-client';

export { Registry } from 'prom-client';

/** Labels in name order, so a series prints the same whichever order a call site wrote them in. */
function sorted<T extends string>(labels: LabelValues<T>): LabelValues<T> {
  const keys = Object.keys(labels);
  if (keys.length < 2) return labels;
  const out: Record<string, string | number | undefined> = {};
  for (const k of keys.sort()) out[k] = labels[k as T];
  return out as LabelValues<T>;
}

type Update = (labels?: unknown, value?: number) => unknown;

/** Makes `method` (an instance property in prom-client) put label objects in name order first. */
function sortLabelsOf(metric: object, method: 'inc' | 'set' | 'observe'): void {
  const target = metric as Record<string, Update>;
  const update = (target[method] as Update).bind(metric);
  target[method] = (labels?: unknown, value?: number) =>
    typeof labels === 'object' && labels !== null
      ? update(sorted(labels as LabelValues<string>), value)
      : update(labels, value);
}

/** prom-client's Counter; labels print in name order. */
export class Counter<T extends string = string> extends PromCounter<T> {
  constructor(config: CounterConfiguration<T>) {
    super(config);
    sortLabelsOf(this, 'inc');
  }
}

/** prom-client's Gauge; labels print in name order. */
export class Gauge<T extends string = string> extends PromGauge<T> {
  constructor(config: GaugeConfiguration<T>) {
    super(config);
    sortLabelsOf(this, 'set');
    sortLabelsOf(this, 'inc');
  }
}

/** prom-client's Histogram; labels print in name order. */
export class Histogram<T extends string = string> extends PromHistogram<T> {
  constructor(config: HistogramConfiguration<T>) {
    super(config);
    sortLabelsOf(this, 'observe');
  }
}

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
