/**
 * `POST /_bulk` and `POST /{index}/_bulk` as Elasticsearch answers them. `index`/`create` are
 * parsed (pipelines), written (deterministic ids: `_id` when given, else a hash of index + source
 * bytes, so a client's retry is a duplicate), and answered per item: 201 created; for an id
 * already stored 409 `version_conflict_engine_exception` on `create` (Beats, Logstash, Vector,
 * Fluent Bit, rsyslog and syslog-ng treat that as done) and 200 `noop` on `index` (events are
 * never overwritten); 400 with the reason for what went to the dead-letter store; 429
 * `es_rejected_execution_exception` when the store stayed unavailable (the client retries).
 * `delete`/`update` answer 400 per item. `filter_path` is ignored (the full answer is a superset).
 *
 * `?refresh=true` (or `wait_for`) flushes the store before answering. When that flush fails, the
 * request answers as Elasticsearch does when a shard's post-write refresh fails: 200 with
 * `errors: true`, and every item whose answer depended on the store write (created, noop, 409)
 * becomes a 500 `refresh_failed_engine_exception` — the sender retries them (5xx items are
 * retried) and, ids being deterministic, the retry is a duplicate, never a second copy. The
 * failure is logged with its code and counted in `driftwood_indexer_refresh_failures_total`.
 */
import { isDriftwoodError } from '@driftwood/core';
import { contentId } from '@driftwood/core/node';
import type { LogStore } from '@driftwood/store';
import { BulkRequestError, parseBulk } from './bulk-parser.ts';
import { type BulkResponseItem, bulkItem, errorBody, type ItemResult, itemErrors } from './bulk-response.ts';
import { datasetFromIndex, documentFromSource } from './documents.ts';
import type { IngestItem, Ingestor, ItemOutcome } from './ingest.ts';

export interface BulkOptions {
  /** Index from the path. */
  index?: string;
  /** `?pipeline=`. */
  pipeline?: string;
  refresh?: boolean;
  deadline: number;
  receivedAt?: Date;
}

export interface BulkContext {
  ingestor: Ingestor;
  store: LogStore;
  routePipeline: (index: string, actionPipeline?: string, requestPipeline?: string) => string | undefined;
  timezone: string;
  keepOriginal: boolean;
  /** Where an error line goes (one JSON object; default stderr). */
  log?: (line: string) => void;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let seqNo = 0;

function fromOutcome(op: string, id: string, outcome: ItemOutcome): ItemResult {
  switch (outcome.status) {
    case 'stored':
    case 'stored_with_conflicts':
      return { kind: 'created', seqNo: seqNo++ };
    case 'duplicate':
      return op === 'create' ? itemErrors.versionConflict(id) : { kind: 'noop' };
    case 'dead_lettered':
    case 'failed':
      return outcome.type === 'illegal_argument_exception'
        ? itemErrors.illegalArgument(outcome.reason)
        : itemErrors.documentParsing(outcome.reason);
    case 'unavailable':
      return itemErrors.rejected(`the store is unavailable, retry later: ${outcome.reason}`);
  }
}

/** Outcomes whose answer says the event is in the store (so its refresh matters). */
const STORE_DEPENDENT = new Set<ItemOutcome['status']>(['stored', 'stored_with_conflicts', 'duplicate']);

/** Flushes the store; on failure, the error code and the Elasticsearch-shaped item error. */
async function refreshFailure(
  store: LogStore,
): Promise<{ code: string; error: { type: string; reason: string } } | undefined> {
  try {
    await store.flush();
    return undefined;
  } catch (error) {
    const code = isDriftwoodError(error) ? error.code : 'STORE_UNAVAILABLE';
    const message = error instanceof Error ? error.message : String(error);
    return {
      code,
      error: { type: 'refresh_failed_engine_exception', reason: `refresh failed [${code}]: ${message}` },
    };
  }
}

export async function handleBulk(ctx: BulkContext, body: Uint8Array, options: BulkOptions): Promise<HttpAnswer> {
  const started = performance.now();
  let items: ReturnType<typeof parseBulk>;
  try {
    items = parseBulk(body, options.index);
  } catch (error) {
    if (error instanceof BulkRequestError) return { status: 400, body: errorBody(400, error.type, error.message) };
    throw error;
  }
  const receivedAt = options.receivedAt ?? new Date();
  const results: ItemResult[] = new Array(items.length);
  const ids: string[] = new Array(items.length);
  const ingest: IngestItem[] = [];
  const ingestAt: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.op === 'delete' || item.op === 'update') {
      ids[i] = item.id ?? '';
      results[i] = itemErrors.illegalArgument(
        `the [${item.op}] action is not supported: Driftwood stores events immutably (use index or create)`,
      );
      continue;
    }
    if (item.index === '') {
      ids[i] = item.id ?? '';
      results[i] = {
        kind: 'error',
        status: 400,
        error: { type: 'action_request_validation_exception', reason: 'Validation Failed: 1: index is missing;' },
      };
      continue;
    }
    const id = item.id ?? contentId(item.index, item.sourceBytes ?? new Uint8Array());
    ids[i] = id;
    const pipeline = ctx.routePipeline(item.index, item.pipeline, options.pipeline);
    const dataset = datasetFromIndex(item.index);
    const result = documentFromSource(item.source ?? '', {
      receivedAt,
      timezone: ctx.timezone,
      keepOriginal: ctx.keepOriginal,
      ...(pipeline !== undefined ? { pipeline } : {}),
      ...(dataset !== undefined ? { dataset } : {}),
    });
    ingest.push({ id, result, original: item.source ?? '', origin: item.index });
    ingestAt.push(i);
  }
  const outcomes =
    ingest.length > 0 ? await ctx.ingestor.ingest(ingest, { input: 'bulk', deadline: options.deadline }) : [];
  for (let k = 0; k < outcomes.length; k++) {
    const i = ingestAt[k]!;
    results[i] = fromOutcome(items[i]!.op, ids[i]!, outcomes[k]!);
  }
  if (options.refresh) {
    const failure = await refreshFailure(ctx.store);
    if (failure !== undefined) {
      let failed = 0;
      for (let k = 0; k < outcomes.length; k++) {
        if (!STORE_DEPENDENT.has(outcomes[k]!.status)) continue;
        results[ingestAt[k]!] = { kind: 'error', status: 500, error: failure.error };
        failed++;
      }
      ctx.ingestor.options.metrics.refreshFailures.inc({ route: 'bulk' });
      const log = ctx.log ?? ((line: string) => process.stderr.write(`${line}\n`));
      log(
        JSON.stringify({
          time: new Date().toISOString(),
          level: 'error',
          msg: 'indexer: _bulk?refresh: the store flush failed; stored items answered 500 for the sender to retry',
          code: failure.code,
          items: failed,
          reason: failure.error.reason,
        }),
      );
    }
  }
  let errors = false;
  const answer: BulkResponseItem[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const r = results[i]!;
    if (r.kind === 'error') errors = true;
    answer[i] = bulkItem(items[i]!.op, items[i]!.index, ids[i]!, r);
  }
  return { status: 200, body: { took: Math.round(performance.now() - started), errors, items: answer } };
}
