/**
 * Elasticsearch-shaped answers: request errors (`{ error: { root_cause, type, reason }, status }`)
 * and `_bulk` items (`{ create: { _index, _id, _version, result, status, error? } }`).
 */

export interface EsError {
  type: string;
  reason: string;
  [key: string]: unknown;
}

/** A whole-request error body as Elasticsearch sends it. */
export function errorBody(status: number, type: string, reason: string, extra: Record<string, unknown> = {}) {
  const cause: EsError = { type, reason, ...extra };
  return { error: { root_cause: [cause], ...cause }, status };
}

export type ItemResult =
  | { kind: 'created'; seqNo: number }
  | { kind: 'noop' }
  | { kind: 'error'; status: number; error: EsError };

export interface BulkResponseItem {
  [op: string]: Record<string, unknown>;
}

const SHARDS = { total: 1, successful: 1, failed: 0 } as const;

export function bulkItem(op: string, index: string, id: string, result: ItemResult): BulkResponseItem {
  let body: Record<string, unknown>;
  if (result.kind === 'created') {
    body = {
      _index: index,
      _id: id,
      _version: 1,
      result: 'created',
      _shards: SHARDS,
      _seq_no: result.seqNo,
      _primary_term: 1,
      status: 201,
    };
  } else if (result.kind === 'noop') {
    // `index` of an id already stored: nothing is overwritten (events are immutable); 200 = success.
    body = { _index: index, _id: id, _version: 1, result: 'noop', _shards: SHARDS, _primary_term: 1, status: 200 };
  } else {
    body = { _index: index, _id: id, status: result.status, error: { ...result.error, index } };
  }
  return { [op]: body };
}

export const itemErrors = {
  versionConflict: (id: string): ItemResult => ({
    kind: 'error',
    status: 409,
    error: {
      type: 'version_conflict_engine_exception',
      reason: `[${id}]: version conflict, document already exists (current version [1])`,
      shard: '0',
    },
  }),
  mapperParsing: (reason: string): ItemResult => ({
    kind: 'error',
    status: 400,
    error: { type: 'mapper_parsing_exception', reason },
  }),
  documentParsing: (reason: string): ItemResult => ({
    kind: 'error',
    status: 400,
    error: { type: 'document_parsing_exception', reason },
  }),
  illegalArgument: (reason: string): ItemResult => ({
    kind: 'error',
    status: 400,
    error: { type: 'illegal_argument_exception', reason },
  }),
  rejected: (reason: string): ItemResult => ({
    kind: 'error',
    status: 429,
    error: { type: 'es_rejected_execution_exception', reason },
  }),
};
