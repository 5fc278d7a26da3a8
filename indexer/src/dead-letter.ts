/**
 * The dead-letter store: events the store would not take (mapping conflicts it cannot resolve,
 * malformed JSON, …) are written to the same LogStore as events of the dataset
 * `driftwood.deadletter` — the original line in `event.original`, the reason in `error.message`,
 * the pipeline and source under `driftwood.deadletter.*` — so they are searchable like any log
 * (`event.dataset:driftwood.deadletter`). Ids are derived from the rejected event's id, so a
 * retried rejection is stored once.
 */
import type { LogDocument, LogEvent } from '@driftwood/core';
import { contentId } from '@driftwood/core/node';

export const DEAD_LETTER_DATASET = 'driftwood.deadletter';

export interface DeadLetterInput {
  /** Id the event had (or would have had). */
  id: string;
  /** The original line or source text as received. */
  original: string;
  reason: string;
  pipeline: string;
  /** bulk | ingest | kafka | import */
  input: string;
  /** `_index` for `_bulk`, topic for Kafka, file for import. */
  origin?: string;
}

export interface DeadLetterOptions {
  dataset?: string;
  maxOriginalBytes?: number;
  now?: Date;
}

export function deadLetterEvent(input: DeadLetterInput, options: DeadLetterOptions = {}): LogEvent {
  const now = (options.now ?? new Date()).toISOString();
  const max = options.maxOriginalBytes ?? 1_048_576;
  const truncated = input.original.length > max;
  const original = truncated ? input.original.slice(0, max) : input.original;
  const deadletter: LogDocument = { pipeline: input.pipeline, input: input.input, event_id: input.id };
  if (input.origin !== undefined) deadletter.origin = input.origin;
  const doc: LogDocument = {
    '@timestamp': now,
    message: `dead letter: ${input.reason}`.slice(0, 8192),
    event: { dataset: options.dataset ?? DEAD_LETTER_DATASET, original, ingested: now, kind: 'pipeline_error' },
    error: { message: input.reason },
    driftwood: { deadletter },
    tags: truncated ? ['_deadletter', '_truncated'] : ['_deadletter'],
  };
  return { id: `dl-${contentId('deadletter', input.id)}`, doc };
}
