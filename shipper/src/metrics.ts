/**
 * The shipper's Prometheus metrics: a prom-client registry (through @driftwood/core/node, with the
 * process and Node.js default metrics) behind the small API the pipeline uses — counters and
 * histograms created on first use with the label names of that use, and gauges (or counters
 * kept elsewhere) read when scraped. `await render()` is what `GET /metrics` answers.
 */
import { Counter, createMetrics, Gauge, Histogram, type Registry } from '@driftwood/core/node';

type Labels = Record<string, string>;
type Sample = { labels: Labels; value: number };

interface Collected {
  help: string;
  kind: 'gauge' | 'counter';
  collect: () => Sample[];
  metric?: Gauge | Counter;
}

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

export class Metrics {
  readonly registry: Registry = createMetrics();
  readonly #counters = new Map<string, { metric: Counter; totals: Map<string, Sample> }>();
  readonly #histograms = new Map<string, Histogram>();
  readonly #collected = new Map<string, Collected>();

  inc(name: string, help: string, labels: Labels, by = 1): void {
    let c = this.#counters.get(name);
    if (!c) {
      c = {
        metric: new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] }),
        totals: new Map(),
      };
      this.#counters.set(name, c);
    }
    c.metric.inc(labels, by);
    const key = labelKey(labels);
    const t = c.totals.get(key);
    if (t) t.value += by;
    else c.totals.set(key, { labels, value: by });
  }

  /** A gauge read when scraped (or a counter kept elsewhere, with `kind: 'counter'`). */
  gauge(name: string, help: string, collect: () => Sample[], kind: 'gauge' | 'counter' = 'gauge'): void {
    const known = this.#collected.get(name);
    if (known) known.collect = collect;
    else this.#collected.set(name, { help, kind, collect });
  }

  observe(name: string, help: string, labels: Labels, value: number, bounds: number[]): void {
    let h = this.#histograms.get(name);
    if (!h) {
      h = new Histogram({ name, help, labelNames: Object.keys(labels), buckets: bounds, registers: [this.registry] });
      this.#histograms.set(name, h);
    }
    h.observe(labels, value);
  }

  /** The value of a counter (summed over label sets matching `labels`). */
  get(name: string, labels: Labels = {}): number {
    const c = this.#counters.get(name);
    if (!c) return 0;
    let total = 0;
    for (const t of c.totals.values()) {
      if (Object.entries(labels).every(([k, x]) => t.labels[k] === x)) total += t.value;
    }
    return total;
  }

  /** The Prometheus text exposition: the scraped gauges are read first. */
  render(): Promise<string> {
    for (const [name, f] of this.#collected) {
      const samples = f.collect();
      if (!f.metric) {
        const config = {
          name,
          help: f.help,
          labelNames: Object.keys(samples[0]?.labels ?? {}),
          registers: [this.registry],
        };
        f.metric = f.kind === 'counter' ? new Counter(config) : new Gauge(config);
      }
      f.metric.reset();
      for (const s of samples) {
        if (f.metric instanceof Gauge) f.metric.set(s.labels, s.value);
        else f.metric.inc(s.labels, s.value);
      }
    }
    return this.registry.metrics();
  }
}
