/**
 * The pipeline: sources → processors → queue → output, and acknowledgements back to sources.
 * `emit` runs the processors and pushes into the queue (waiting while it is full); events a
 * processor drops are acknowledged at once. Consumers (`maxInFlight` of them) read batches,
 * send them, ack the queue and route acks to the sources that produced the events.
 *
 * An event is acknowledged only once the output stored it, or once it is written to the
 * dead-letter file (events the output rejected one by one). A send that throws is a whole-request
 * failure: the batch is retried with capped exponential backoff and jitter, and the output is
 * unhealthy meanwhile. When the dead-letter file is full (or cannot be written), its events stay
 * unacknowledged and the write is retried the same way.
 */
import { backoffDelay, sleep } from '@driftwood/core';
import type {
  EventRef,
  Logger,
  Output,
  OutputResult,
  Processor,
  ShipperEvent,
  Source,
  SourceContext,
  SourceEvent,
} from './component.ts';
import type { DeadLetter } from './deadletter.ts';
import type { Metrics } from './metrics.ts';
import { OutputHealth } from './outputs/health.ts';
import { documentText, type Queue } from './queue/types.ts';

export interface PipelineSource {
  id: string;
  type: string;
  source: Source;
}

export interface PipelineOptions {
  sources: PipelineSource[];
  processors: Processor[];
  queue: Queue;
  output: Output;
  outputType: string;
  /** Where events the output rejects one by one go before they are acknowledged. */
  deadLetter: DeadLetter;
  metrics: Metrics;
  log: Logger;
  context: Omit<SourceContext, 'emit' | 'signal' | 'log'>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/**
 * Retry delays, with jitter (half to all of the delay): a send that threw, from 500 ms doubling up
 * to 30 s; a dead-letter write (local, cheap: it looks for room made by an operator), up to 5 s.
 */
function backoff(attempt: number, maxMs = 30_000, initialMs = 500): number {
  return backoffDelay(attempt, { baseMs: initialMs, maxMs, jitter: 'equal' });
}

export class Pipeline {
  readonly #o: PipelineOptions;
  readonly #sources = new Map<string, PipelineSource>();
  readonly #stopReading = new AbortController();
  readonly #stopConsuming = new AbortController();
  readonly #stopSending = new AbortController();
  #consumers: Promise<void>[] = [];
  #inFlight = 0;
  /** The output's own health, or one kept here for outputs that only throw. */
  readonly outputHealth: OutputHealth;
  #lastDeadLetterWarn = 0;

  constructor(options: PipelineOptions) {
    this.#o = options;
    for (const s of options.sources) this.#sources.set(s.id, s);
    this.outputHealth = options.output.health ?? new OutputHealth(options.outputType, options.log);
  }

  async start(): Promise<void> {
    const batching = this.#o.output.batching ?? {
      maxEvents: 500,
      maxBytes: 5 * 1024 * 1024,
      lingerMs: 200,
      maxInFlight: 1,
    };
    for (let i = 0; i < batching.maxInFlight; i++) this.#consumers.push(this.#consume(batching));
    for (const s of this.#o.sources) {
      await s.source.start({
        ...this.#o.context,
        log: this.#o.log,
        signal: this.#stopReading.signal,
        emit: (events) => this.#emit(s.id, events),
        room: (events) => this.#o.queue.room(events, this.#stopReading.signal),
      });
    }
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  async #emit(sourceId: string, emitted: SourceEvent[]): Promise<void> {
    const m = this.#o.metrics;
    m.inc('driftwood_shipper_events_in_total', 'Events read by each source.', { source: sourceId }, emitted.length);
    if (this.#o.processors.length === 0) {
      await this.#o.queue.push(emitted, this.#stopReading.signal);
      return;
    }
    const events = emitted.map(withDoc);
    let kept = events;
    for (const p of this.#o.processors) {
      try {
        kept = p.process(kept);
      } catch (err) {
        this.#o.log.error('processor failed; events passed on unchanged', { error: String(err) });
      }
    }
    if (kept.length < events.length) {
      const keptIds = new Set(kept.map((e) => e.id));
      const dropped = events.filter((e) => !keptIds.has(e.id));
      m.inc(
        'driftwood_shipper_events_dropped_total',
        'Events dropped by processors.',
        { source: sourceId },
        dropped.length,
      );
      this.#ackSources(dropped);
    }
    if (kept.length > 0) await this.#o.queue.push(kept, this.#stopReading.signal);
  }

  async #consume(batching: { maxEvents: number; maxBytes: number; lingerMs: number }): Promise<void> {
    const { queue, output, metrics: m, outputType } = this.#o;
    const labels = { output: outputType };
    while (!this.#stopConsuming.signal.aborted) {
      const entries = await queue.read({ ...batching, signal: this.#stopConsuming.signal });
      if (entries.length === 0) continue;
      this.#inFlight++;
      try {
        m.inc('driftwood_shipper_events_out_total', 'Events handed to the output.', labels, entries.length);
        const started = performance.now();
        let result: Awaited<ReturnType<Output['send']>> | undefined;
        for (let attempt = 0; !result && !this.#stopSending.signal.aborted; attempt++) {
          try {
            result = await output.send(entries, this.#stopSending.signal);
            if (!output.health) this.outputHealth.ok();
          } catch (err) {
            // Nothing of the batch is acknowledged: it is sent again, whole.
            this.outputHealth.fault(`output failed: ${String(err)}`);
            m.inc('driftwood_shipper_output_errors_total', 'Sends that threw (retried whole).', labels);
            if (attempt === 0 || attempt % 10 === 0) {
              this.#o.log.error('output failed; retrying the batch', { output: outputType, error: String(err) });
            }
            await sleep(backoff(attempt), this.#stopSending.signal);
          }
        }
        if (!result) continue;
        m.observe(
          'driftwood_shipper_output_latency_seconds',
          'Time to send a batch, retries included.',
          labels,
          (performance.now() - started) / 1000,
          LATENCY_BUCKETS,
        );
        m.inc('driftwood_shipper_events_acked_total', 'Events the output acknowledged.', labels, result.acked.length);
        if (result.acked.length > 0) {
          await queue.ack(result.acked.map((e) => e.seq));
          this.#ackSources(result.acked);
        }
        if (result.rejected.length === 0) continue;
        m.inc(
          'driftwood_shipper_events_rejected_total',
          'Events the output rejected one by one, for good (they go to the dead-letter file).',
          labels,
          result.rejected.length,
        );
        if (!(await this.#deadLetter(result.rejected))) continue; // stopping: they stay queued
        const rejected = result.rejected.map((r) => r.event);
        await queue.ack(rejected.map((e) => e.seq));
        this.#ackSources(rejected);
      } finally {
        this.#inFlight--;
      }
    }
  }

  /** Writes rejected events to the dead-letter file, retrying until it works; false when stopped first. */
  async #deadLetter(rejected: OutputResult['rejected']): Promise<boolean> {
    const { deadLetter, outputType, metrics: m, log } = this.#o;
    const labels = { output: outputType };
    for (let attempt = 0; ; attempt++) {
      try {
        await deadLetter.write(rejected, outputType);
        m.inc(
          'driftwood_shipper_deadletter_written_total',
          'Events written to the dead-letter file.',
          labels,
          rejected.length,
        );
        const first = rejected[0]!;
        log.warn(`${rejected.length} event(s) rejected by the output, kept in the dead-letter file`, {
          output: outputType,
          dir: deadLetter.dir,
          id: first.event.id,
          reason: first.reason,
        });
        return true;
      } catch (err) {
        m.inc('driftwood_shipper_deadletter_errors_total', 'Dead-letter writes that failed (retried).', labels);
        const now = Date.now();
        if (now - this.#lastDeadLetterWarn > 30_000) {
          this.#lastDeadLetterWarn = now;
          log.error('rejected events not acknowledged: the dead-letter file cannot take them; retrying', {
            output: outputType,
            events: rejected.length,
            error: err instanceof Error ? err.message : String(err),
          });
        }
        if (this.#stopSending.signal.aborted) return false;
        await sleep(backoff(attempt, 5000, 250), this.#stopSending.signal);
        if (this.#stopSending.signal.aborted) return false;
      }
    }
  }

  #ackSources(events: EventRef[]): void {
    const first = events[0];
    if (!first) return;
    const bySource = new Map<string, EventRef[]>();
    if (events.every((e) => e.source === first.source)) bySource.set(first.source, events);
    else {
      for (const e of events) {
        const list = bySource.get(e.source);
        if (list) list.push(e);
        else bySource.set(e.source, [e]);
      }
    }
    for (const [id, list] of bySource) {
      const s = this.#sources.get(id);
      if (!s) continue;
      this.#o.metrics.inc(
        'driftwood_shipper_source_events_acked_total',
        'Events acknowledged back to each source.',
        { source: id },
        list.length,
      );
      try {
        void Promise.resolve(s.source.ack?.(list)).catch((err) =>
          this.#o.log.error('source ack failed', { source: id, error: String(err) }),
        );
      } catch (err) {
        this.#o.log.error('source ack failed', { source: id, error: String(err) });
      }
    }
  }

  /** Stops the sources of one input type now (the rest of the pipeline goes on; `stop` skips them). */
  async stopSources(type: string): Promise<void> {
    for (const s of this.#o.sources) {
      if (s.type !== type) continue;
      try {
        await s.source.stop();
      } catch (err) {
        this.#o.log.error('source failed to stop cleanly', { source: s.id, error: String(err) });
      }
    }
  }

  /**
   * Graceful stop: sources stop reading; in-flight batches (and, with `drain`, the whole queue)
   * finish until `deadlineMs`; then sending is aborted and sources persist their checkpoints.
   */
  async stop(deadlineMs: number, drain: boolean): Promise<void> {
    this.#stopReading.abort();
    const deadline = Date.now() + deadlineMs;
    if (drain) {
      while (this.#o.queue.stats().events > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    }
    this.#stopConsuming.abort();
    while (this.#inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.#stopSending.abort();
    await Promise.all(this.#consumers);
    for (const s of this.#o.sources) {
      try {
        await s.source.stop();
      } catch (err) {
        this.#o.log.error('source failed to stop cleanly', { source: s.id, error: String(err) });
      }
    }
  }
}

/** The event with its document built, for processors. */
export function withDoc(event: SourceEvent): ShipperEvent {
  if (event.doc !== undefined) return event;
  const { json: _json, doc: _doc, ...rest } = event;
  return { ...rest, doc: JSON.parse(documentText(event)) };
}
