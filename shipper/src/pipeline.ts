/**
 * The pipeline: sources → processors → queue → output, and acknowledgements back to sources.
 * `emit` runs the processors and pushes into the queue (waiting while it is full); events a
 * processor drops are acknowledged at once. Consumers (`maxInFlight` of them) read batches,
 * send them, ack the queue and route acks to the sources that produced the events.
 */
import type {
  EventRef,
  Logger,
  Output,
  Processor,
  ShipperEvent,
  Source,
  SourceContext,
  SourceEvent,
} from './component.ts';
import type { Metrics } from './metrics.ts';
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
  metrics: Metrics;
  log: Logger;
  context: Omit<SourceContext, 'emit' | 'signal' | 'log'>;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Pipeline {
  readonly #o: PipelineOptions;
  readonly #sources = new Map<string, PipelineSource>();
  readonly #stopReading = new AbortController();
  readonly #stopConsuming = new AbortController();
  readonly #stopSending = new AbortController();
  #consumers: Promise<void>[] = [];
  #inFlight = 0;

  constructor(options: PipelineOptions) {
    this.#o = options;
    for (const s of options.sources) this.#sources.set(s.id, s);
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
        while (!result && !this.#stopSending.signal.aborted) {
          try {
            result = await output.send(entries, this.#stopSending.signal);
          } catch (err) {
            this.#o.log.error('output failed; retrying the batch', { output: outputType, error: String(err) });
            await new Promise((r) => setTimeout(r, 1000));
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
        for (const r of result.rejected) {
          this.#o.log.warn('event rejected by the output', { output: outputType, id: r.event.id, reason: r.reason });
        }
        m.inc('driftwood_shipper_events_acked_total', 'Events the output acknowledged.', labels, result.acked.length);
        m.inc(
          'driftwood_shipper_events_rejected_total',
          'Events the output rejected for good.',
          labels,
          result.rejected.length,
        );
        const done =
          result.rejected.length === 0 ? result.acked : [...result.acked, ...result.rejected.map((r) => r.event)];
        await queue.ack(done.map((e) => e.seq));
        this.#ackSources(done);
      } finally {
        this.#inFlight--;
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
