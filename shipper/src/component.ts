/**
 * The shipper's component contracts. A component is one file named for what it does —
 * sources and outputs are nouns, processors are verbs — exporting `{ type, configSchema, build }`.
 *
 * Flow: source → processors → queue → output. A source hands events to the pipeline with
 * `emit`, which resolves once the events are durably queued (that is the source's backpressure:
 * it must not read more until `emit` resolves). When the output has acknowledged events, the
 * pipeline calls the source's `ack` with their positions so checkpoints advance only then.
 */
import type { LogDocument } from '@driftwood/core';
import type { Logger } from '@driftwood/telemetry';
import type { z } from 'zod';
import type { OutputHealth } from './outputs/health.ts';

/** An event inside the shipper. */
export interface ShipperEvent {
  /** Deterministic: source identity + position (e.g. file fingerprint + offset), or a content hash. */
  id: string;
  doc: LogDocument;
  /** Which source produced it (its `id` in the config), for acknowledgements. */
  source: string;
  /** Source-specific position, opaque to everything but the source (file offset, MQTT packet id, …). */
  position?: unknown;
  /** Routing key for outputs that keep per-key order (Kafka). */
  key?: string;
}

/**
 * What sources emit: an event with its document built (`doc`), or already serialized by the
 * source (`json`, for sources on a hot path: the JSON text, or its pieces in order, which are
 * written one after another and never joined). The pipeline parses `json` only when processors
 * need the document.
 */
export type SourceEvent = ShipperEvent | (Omit<ShipperEvent, 'doc'> & { doc?: undefined; json: string | string[] });

/** What a source needs back when its events are acknowledged: which events, from where. */
export interface EventRef {
  id: string;
  source: string;
  position?: unknown;
}

/**
 * An event as the queue holds it and outputs send it: the document is serialized to JSON once,
 * when it is queued, into a buffer shared by the events queued with it (bytes `start`…`end` of
 * `data`, outside the JS heap); every output writes those bytes as they are.
 */
export interface QueuedEvent extends EventRef {
  /** Position in the queue, increasing. */
  seq: number;
  key?: string;
  /** The document as UTF-8 JSON: `data[start, end)`. */
  data: Buffer;
  start: number;
  end: number;
  /** Bytes it takes in the queue (for batching by size and the queue's byte bound). */
  bytes: number;
}

export interface SourceContext {
  /** Hands events to the pipeline; resolves when they are queued (durably, for a disk queue). */
  emit(events: SourceEvent[]): Promise<void>;
  /** Resolves when the queue can take about `events` more: a source that reads in bulk waits for it first. */
  room?(events: number): Promise<void>;
  /** Data dir for this source's checkpoints (the registry). */
  dataDir: string;
  hostName: string;
  agent: { name: string; type: 'driftwood-shipper'; version: string; id: string };
  log: Logger;
  signal: AbortSignal;
}

export interface Source {
  start(ctx: SourceContext): Promise<void>;
  /** Called with the events the output acknowledged (in any order); checkpoints may advance. */
  ack?(events: EventRef[]): Promise<void> | void;
  stop(): Promise<void>;
}

export interface Processor {
  /** Returns the events to keep (may drop, may change docs). Never throws per event. */
  process(events: ShipperEvent[]): ShipperEvent[];
}

export interface OutputResult {
  /** Events the destination has durably accepted (or already had): safe to acknowledge. */
  acked: QueuedEvent[];
  /**
   * Events the destination rejected one by one, for good (e.g. a mapping conflict, a malformed
   * document): the pipeline writes them to the dead-letter file, and acknowledges them only once
   * they are written there. Never a whole-request failure: that is retried and reported through
   * `health`, and its events are in neither list.
   */
  rejected: Array<{ event: QueuedEvent; reason: string; status?: number }>;
}

/** How the pipeline cuts batches for an output (defaults: 500 events, 5 MiB, 200 ms, 1 in flight). */
export interface Batching {
  maxEvents: number;
  maxBytes: number;
  /** Longest wait for a batch to fill once it has one event. */
  lingerMs: number;
  /** Batches sent concurrently. */
  maxInFlight: number;
}

export interface Output {
  batching?: Batching;
  /** Whole-request faults and recoveries, for `/health`, `/metrics` and the status line. */
  health?: OutputHealth;
  /**
   * Sends a batch; retries what is retryable (whole-request failures included) with backoff until
   * `signal` aborts. Events neither acked nor rejected stay queued.
   */
  send(events: QueuedEvent[], signal: AbortSignal): Promise<OutputResult>;
  close(): Promise<void>;
}

/** The one logger interface of every service (@driftwood/telemetry). */
export type { Logger };

export interface BuildContext {
  /** The shipper's data dir (`--data`). */
  dataDir: string;
  /** The component's id: the input's `id:` in the config, else `<type>-<n>` (n counts from 1). */
  id?: string;
  log: Logger;
}

/** What every source / processor / output module exports. */
export interface ComponentModule<C extends z.ZodType, T> {
  type: string;
  configSchema: C;
  build(config: z.infer<C>, ctx: BuildContext): T;
}
