/**
 * The indexer's Prometheus metrics (prom-client, through @driftwood/core/node): its counters,
 * gauge and latency histogram plus the process and Node.js default metrics, each indexer its
 * own registry. `await render()` is what `GET /metrics` answers.
 */
import { Counter, createMetrics, Gauge, Histogram, type Registry } from '@driftwood/core/node';

export class IndexerMetrics {
  readonly registry: Registry = createMetrics();
  readonly eventsIn = this.#counter('driftwood_indexer_events_in_total', 'Events received, by pipeline.', [
    'pipeline',
    'input',
  ]);
  readonly eventsOut = this.#counter('driftwood_indexer_events_out_total', 'Events stored (new), by pipeline.', [
    'pipeline',
  ]);
  readonly eventsDuplicate = this.#counter(
    'driftwood_indexer_events_duplicate_total',
    'Events already stored (dropped repeats), by pipeline.',
    ['pipeline'],
  );
  readonly eventsConflicts = this.#counter(
    'driftwood_indexer_events_conflicts_total',
    'Events stored with mapping conflicts, by pipeline.',
    ['pipeline'],
  );
  readonly eventsFailed = this.#counter(
    'driftwood_indexer_events_failed_total',
    'Events not stored (dead-lettered or refused), by pipeline.',
    ['pipeline'],
  );
  readonly eventsDeferred = this.#counter(
    'driftwood_indexer_events_deferred_total',
    'Events answered 429/503 for the sender to retry.',
    ['input'],
  );
  readonly deadLetters = this.#counter(
    'driftwood_indexer_dead_letter_total',
    'Events written to the dead-letter store.',
  );
  readonly refreshFailures = this.#counter(
    'driftwood_indexer_refresh_failures_total',
    'Store flushes for ?refresh=true that failed (their stored items answered 500 for a retry), by route.',
    ['route'],
  );
  readonly retries = this.#counter('driftwood_indexer_store_retries_total', 'Store write retries (items).');
  readonly requests = this.#counter('driftwood_indexer_http_requests_total', 'HTTP requests by route and status.', [
    'method',
    'status',
  ]);
  readonly rejectedRequests = this.#counter(
    'driftwood_indexer_requests_rejected_total',
    'Requests refused by reason (too_large, busy, unauthorized, forbidden, browser, bad_encoding, aborted).',
    ['reason'],
  );
  readonly inFlightBytes = new Gauge({
    name: 'driftwood_indexer_in_flight_bytes',
    help: 'Request body bytes held right now.',
    registers: [this.registry],
  });
  readonly bodiesInFlight = new Gauge({
    name: 'driftwood_indexer_bodies_in_flight',
    help: 'Request bodies being read or processed right now (at most max_concurrent_bodies).',
    registers: [this.registry],
  });
  readonly kafkaCommitted = this.#counter(
    'driftwood_indexer_kafka_messages_committed_total',
    'Kafka messages whose offsets were committed.',
  );
  readonly bulkLatency = new Histogram({
    name: 'driftwood_indexer_bulk_duration_seconds',
    help: 'Time to answer a _bulk / ingest request.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  #counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
