/**
 * Prometheus text exposition for the indexer: counters by label set, gauges, and one latency
 * histogram. No dependency; `render()` is what `GET /metrics` answers.
 */

type Labels = Record<string, string>;

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}="${esc(labels[k] as string)}"`)
    .join(',');

class Counter {
  readonly values = new Map<string, number>();
  readonly name: string;
  readonly help: string;
  readonly kind: 'counter' | 'gauge';
  constructor(name: string, help: string, kind: 'counter' | 'gauge' = 'counter') {
    this.name = name;
    this.help = help;
    this.kind = kind;
  }
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  set(value: number, labels: Labels = {}): void {
    this.values.set(key(labels), value);
  }
  get(labels: Labels = {}): number {
    return this.values.get(key(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.kind}`];
    if (this.values.size === 0 && this.kind === 'gauge') lines.push(`${this.name} 0`);
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

class Histogram {
  readonly counts: number[];
  readonly name: string;
  readonly help: string;
  readonly buckets: readonly number[];
  sum = 0;
  count = 0;
  constructor(name: string, help: string, buckets: readonly number[]) {
    this.name = name;
    this.help = help;
    this.buckets = buckets;
    this.counts = buckets.map(() => 0);
  }
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] as number)) this.counts[i]!++;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    this.buckets.forEach((b, i) => {
      lines.push(`${this.name}_bucket{le="${b}"} ${this.counts[i]}`);
    });
    lines.push(
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${this.sum}`,
      `${this.name}_count ${this.count}`,
    );
    return lines.join('\n');
  }
}

export class IndexerMetrics {
  readonly eventsIn = new Counter('driftwood_indexer_events_in_total', 'Events received, by pipeline.');
  readonly eventsOut = new Counter('driftwood_indexer_events_out_total', 'Events stored (new), by pipeline.');
  readonly eventsDuplicate = new Counter(
    'driftwood_indexer_events_duplicate_total',
    'Events already stored (dropped repeats), by pipeline.',
  );
  readonly eventsConflicts = new Counter(
    'driftwood_indexer_events_conflicts_total',
    'Events stored with mapping conflicts, by pipeline.',
  );
  readonly eventsFailed = new Counter(
    'driftwood_indexer_events_failed_total',
    'Events not stored (dead-lettered or refused), by pipeline.',
  );
  readonly eventsDeferred = new Counter(
    'driftwood_indexer_events_deferred_total',
    'Events answered 429/503 for the sender to retry.',
  );
  readonly deadLetters = new Counter('driftwood_indexer_dead_letter_total', 'Events written to the dead-letter store.');
  readonly refreshFailures = new Counter(
    'driftwood_indexer_refresh_failures_total',
    'Store flushes for ?refresh=true that failed (their stored items answered 500 for a retry), by route.',
  );
  readonly retries = new Counter('driftwood_indexer_store_retries_total', 'Store write retries (items).');
  readonly requests = new Counter('driftwood_indexer_http_requests_total', 'HTTP requests by route and status.');
  readonly rejectedRequests = new Counter(
    'driftwood_indexer_requests_rejected_total',
    'Requests refused by reason (too_large, busy, unauthorized).',
  );
  readonly inFlightBytes = new Counter(
    'driftwood_indexer_in_flight_bytes',
    'Request body bytes held right now.',
    'gauge',
  );
  readonly kafkaCommitted = new Counter(
    'driftwood_indexer_kafka_messages_committed_total',
    'Kafka messages whose offsets were committed.',
  );
  readonly bulkLatency = new Histogram(
    'driftwood_indexer_bulk_duration_seconds',
    'Time to answer a _bulk / ingest request.',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  );

  render(): string {
    return `${[
      this.eventsIn,
      this.eventsOut,
      this.eventsDuplicate,
      this.eventsConflicts,
      this.eventsFailed,
      this.eventsDeferred,
      this.deadLetters,
      this.refreshFailures,
      this.retries,
      this.requests,
      this.rejectedRequests,
      this.inFlightBytes,
      this.kafkaCommitted,
      this.bulkLatency,
    ]
      .map((m) => m.render())
      .join('\n')}\n`;
  }
}
