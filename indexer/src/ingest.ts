/**
 * The one path every input takes after parsing (`_bulk`, `/ingest`, Kafka, import): write the
 * documents, retrying what is retryable; send what the store refuses — and what could not be
 * parsed — to the dead-letter store with its reason; an event posing as an audit event is stored
 * as `driftwood.audit_spoofed` (reserved-dataset.ts); enrich it (enrich/: `host.name` from syslog,
 * `driftwood.message_pattern`); answer one outcome per item. Nothing is
 * dropped: an item is stored, a duplicate, dead-lettered, or `unavailable` (the sender retries).
 */
import type { LogEvent } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { deadLetterEvent } from './dead-letter.ts';
import { type DocumentResult, NO_PIPELINE } from './documents.ts';
import { enrichDocument } from './enrich/index.ts';
import type { IndexerMetrics } from './metrics.ts';
import { defuseAuditSpoof } from './reserved-dataset.ts';
import { type FinalOutcome, writeWithRetry } from './writer.ts';

/** Events per `store.write` call (a large `_bulk` body is written in several). */
export const WRITE_BATCH = 10_000;

export interface IngestItem {
  id: string;
  result: DocumentResult;
  /** The line or source as received (kept in dead letters). */
  original: string;
  /** `_index`, topic or file. */
  origin?: string;
}

export type ItemOutcome =
  | { status: 'stored' }
  | { status: 'duplicate' }
  | { status: 'stored_with_conflicts'; conflicts: Array<{ field: string; reason: string }> }
  /** Not stored; written to the dead-letter store with this reason. */
  | { status: 'dead_lettered'; reason: string; type: string }
  /** Not stored and not dead-lettered (dead letters disabled or refused too). */
  | { status: 'failed'; reason: string; type: string }
  /** The store could not be reached in time: the sender should retry. */
  | { status: 'unavailable'; reason: string };

export interface IngestorOptions {
  store: LogStore;
  metrics: IndexerMetrics;
  retry: { attempts: number; initialBackoffMs: number; maxBackoffMs: number };
  deadLetter: { enabled: boolean; dataset: string; maxOriginalBytes: number };
}

export interface IngestCall {
  /** bulk | ingest | kafka | import */
  input: string;
  /** Epoch ms: no new attempt starts after it. */
  deadline: number;
  signal?: AbortSignal;
}

export class Ingestor {
  readonly options: IngestorOptions;
  constructor(options: IngestorOptions) {
    this.options = options;
  }

  /** Writes in store batches of at most WRITE_BATCH events, one after another. */
  private async write(events: LogEvent[], call: IngestCall): Promise<FinalOutcome[]> {
    const { retry, metrics } = this.options;
    const out: FinalOutcome[] = [];
    for (let i = 0; i < events.length; i += WRITE_BATCH) {
      const part = await writeWithRetry(this.options.store, events.slice(i, i + WRITE_BATCH), {
        deadline: call.deadline,
        attempts: retry.attempts,
        initialBackoffMs: retry.initialBackoffMs,
        maxBackoffMs: retry.maxBackoffMs,
        ...(call.signal ? { signal: call.signal } : {}),
        onRetry: (n) => metrics.retries.inc({}, n),
      });
      for (const o of part) out.push(o);
    }
    return out;
  }

  async ingest(items: readonly IngestItem[], call: IngestCall): Promise<ItemOutcome[]> {
    const { metrics, deadLetter } = this.options;
    const out: ItemOutcome[] = new Array(items.length);
    const events: LogEvent[] = [];
    const eventIndex: number[] = [];
    /** Items headed for the dead-letter store: [item index, reason, ES error type]. */
    const dead: Array<[number, string, string]> = [];
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as IngestItem;
      metrics.eventsIn.inc({ pipeline: item.result.pipeline, input: call.input });
      if (item.result.ok) {
        // Only the security service writes audit events, straight to the store (reserved-dataset.ts).
        defuseAuditSpoof(item.result.doc);
        // `_none` keeps a document exactly as sent
        if (item.result.pipeline !== NO_PIPELINE) enrichDocument(item.result.doc);
        events.push({ id: item.id, doc: item.result.doc });
        eventIndex.push(i);
      } else dead.push([i, item.result.reason, item.result.type]);
    }
    const written = events.length > 0 ? await this.write(events, call) : [];
    for (let k = 0; k < written.length; k++) {
      const i = eventIndex[k] as number;
      const o = written[k] as FinalOutcome;
      const pipeline = (items[i] as IngestItem).result.pipeline;
      if (o.status === 'rejected') dead.push([i, o.reason, 'mapper_parsing_exception']);
      else if (o.status === 'unavailable') {
        metrics.eventsDeferred.inc({ input: call.input });
        out[i] = o;
      } else {
        if (o.status === 'duplicate') metrics.eventsDuplicate.inc({ pipeline });
        else {
          metrics.eventsOut.inc({ pipeline });
          if (o.status === 'stored_with_conflicts') metrics.eventsConflicts.inc({ pipeline });
        }
        out[i] = o;
      }
    }
    if (dead.length === 0) return out;
    if (!deadLetter.enabled) {
      for (const [i, reason, type] of dead) {
        metrics.eventsFailed.inc({ pipeline: (items[i] as IngestItem).result.pipeline });
        out[i] = { status: 'failed', reason, type };
      }
      return out;
    }
    const now = new Date();
    const letters = dead.map(([i, reason]) => {
      const item = items[i] as IngestItem;
      return deadLetterEvent(
        {
          id: item.id,
          original: item.original,
          reason,
          pipeline: item.result.pipeline,
          input: call.input,
          ...(item.origin !== undefined ? { origin: item.origin } : {}),
        },
        { dataset: deadLetter.dataset, maxOriginalBytes: deadLetter.maxOriginalBytes, now },
      );
    });
    const lettered = await this.write(letters, call);
    for (let k = 0; k < dead.length; k++) {
      const [i, reason, type] = dead[k] as [number, string, string];
      const o = lettered[k] as FinalOutcome;
      const pipeline = (items[i] as IngestItem).result.pipeline;
      if (o.status === 'unavailable') {
        metrics.eventsDeferred.inc({ input: call.input });
        out[i] = o;
      } else if (o.status === 'rejected') {
        metrics.eventsFailed.inc({ pipeline });
        out[i] = { status: 'failed', reason: `${reason} (the dead-letter store refused it too: ${o.reason})`, type };
      } else {
        metrics.eventsFailed.inc({ pipeline });
        if (o.status !== 'duplicate') metrics.deadLetters.inc();
        out[i] = { status: 'dead_lettered', reason, type };
      }
    }
    return out;
  }
}
