/**
 * Bulk writing with per-item handling: `create` with `_id` = event id (a repeat answers 409 →
 * `duplicate`), 429/5xx items retried with exponential backoff and jitter, a field the engine
 * cannot parse moved aside like a mapping conflict and the item retried once, anything else
 * `rejected` with the engine's reason. The whole batch is never retried.
 */
import { backoffDelay, sleep as defaultSleep, type JsonValue, type LogDocument, setField } from '@driftwood/core';
import { CONFLICT_PREFIX, CONFLICT_TAG, type WriteOutcome } from '../contract.ts';
import { type EngineClient, errorReason } from './client.ts';

/** One item ready for `_bulk`. */
export interface BulkItem {
  id: string;
  index: string;
  doc: LogDocument;
  conflicts: Array<{ field: string; reason: string }>;
}

export interface BulkOptions {
  /** Retries of a 429/5xx item (default 4). */
  maxRetries?: number;
  /** First backoff, ms (default 100); doubles each retry, plus up to 100% jitter. */
  backoffMs?: number;
  /** Bytes per `_bulk` request (default 5 MB). */
  maxBytes?: number;
  /**
   * Moves a field the engine could not parse to `driftwood.conflicts.<field>` (declaring it first);
   * answers the rewritten document, or undefined when the field cannot be moved.
   */
  moveField(doc: LogDocument, field: string, reason: string): Promise<LogDocument | undefined>;
  sleep?(ms: number): Promise<void>;
}

interface BulkItemResult {
  status?: number;
  error?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } };
}

interface BulkResponse {
  errors?: boolean;
  items?: Array<Record<string, BulkItemResult>>;
}

const PARSING_ERRORS = new Set(['mapper_parsing_exception', 'document_parsing_exception']);

/** The field named in a parsing error (`failed to parse field [a.b] of type [long]…`). */
export function failedField(error: BulkItemResult['error']): string | undefined {
  if (error === undefined) return undefined;
  const texts = [error.reason, error.caused_by?.reason].filter((t): t is string => typeof t === 'string');
  for (const text of texts) {
    const m = /field \[([^\]]+)\]/.exec(text);
    if (m?.[1] !== undefined) return m[1];
  }
  return undefined;
}

function itemReason(result: BulkItemResult): string {
  const e = result.error;
  if (e === undefined) return `HTTP ${result.status ?? '?'}`;
  const cause = e.caused_by?.reason ? ` (${e.caused_by.type}: ${e.caused_by.reason})` : '';
  return `${e.type ?? 'error'}: ${e.reason ?? ''}${cause}`;
}

/** Splits NDJSON action/source pairs into requests of at most `maxBytes` (a lone big item still goes alone). */
export function chunkLines(pairs: string[], maxBytes: number): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let size = 0;
  pairs.forEach((pair, i) => {
    const bytes = Buffer.byteLength(pair);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(i);
    size += bytes;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Writes the items; one outcome per item, in order. Throws only when the engine cannot be reached. */
export async function bulkCreate(
  client: EngineClient,
  items: BulkItem[],
  options: BulkOptions,
): Promise<WriteOutcome[]> {
  const maxRetries = options.maxRetries ?? 4;
  const backoffMs = options.backoffMs ?? 100;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const sleep = options.sleep ?? defaultSleep;
  const outcomes: Array<WriteOutcome | undefined> = new Array(items.length);
  const docs = items.map((item) => item.doc);
  const conflicts = items.map((item) => [...item.conflicts]);
  const attempts = new Array<number>(items.length).fill(0);
  const movedOnce = new Array<boolean>(items.length).fill(false);

  let pending = items.map((_, i) => i);
  while (pending.length > 0) {
    const retry: number[] = [];
    const pairs = pending.map((i) => {
      const item = items[i] as BulkItem;
      return `${JSON.stringify({ create: { _index: item.index, _id: item.id } })}\n${JSON.stringify(docs[i])}\n`;
    });
    for (const chunk of chunkLines(pairs, maxBytes)) {
      const body = chunk.map((k) => pairs[k]).join('');
      const res = await client.request<BulkResponse>('POST', '/_bulk', body);
      const whole = res.status >= 200 && res.status < 300 ? undefined : res;
      for (let k = 0; k < chunk.length; k++) {
        const i = pending[chunk[k] as number] as number;
        const item = items[i] as BulkItem;
        const result: BulkItemResult = whole
          ? { status: whole.status, error: { type: 'bulk_failed', reason: errorReason(whole.body) } }
          : (Object.values(res.body.items?.[k] ?? {})[0] ?? { status: 500, error: { reason: 'no item result' } });
        const status = result.status ?? 500;
        if (status >= 200 && status < 300) {
          const found = conflicts[i] as Array<{ field: string; reason: string }>;
          outcomes[i] =
            found.length > 0
              ? { id: item.id, status: 'stored_with_conflicts', conflicts: found }
              : { id: item.id, status: 'stored' };
        } else if (status === 409) {
          outcomes[i] = { id: item.id, status: 'duplicate' };
        } else if (status === 429 || status >= 500) {
          if ((attempts[i] as number) < maxRetries) {
            attempts[i] = (attempts[i] as number) + 1;
            retry.push(i);
          } else {
            outcomes[i] = { id: item.id, status: 'rejected', reason: itemReason(result), retryable: true };
          }
        } else {
          const field = PARSING_ERRORS.has(result.error?.type ?? '') ? failedField(result.error) : undefined;
          const moved =
            field !== undefined && !movedOnce[i]
              ? await options.moveField(docs[i] as LogDocument, field, itemReason(result))
              : undefined;
          if (moved !== undefined && field !== undefined) {
            movedOnce[i] = true;
            docs[i] = moved;
            (conflicts[i] as Array<{ field: string; reason: string }>).push({ field, reason: itemReason(result) });
            retry.push(i);
          } else {
            outcomes[i] = { id: item.id, status: 'rejected', reason: itemReason(result), retryable: false };
          }
        }
      }
    }
    if (retry.length > 0) {
      const worst = Math.max(...retry.map((i) => attempts[i] as number));
      if (worst > 0) await sleep(backoffDelay(worst, { baseMs: backoffMs, maxMs: Infinity, jitter: 'equal' }));
    }
    pending = retry.sort((a, b) => a - b);
  }
  return outcomes.map(
    (o, i) => o ?? { id: items[i]?.id ?? '', status: 'rejected', reason: 'not written', retryable: true },
  );
}

/** The document with `field` moved to `driftwood.conflicts.<field>` (JSON text) and the conflict tag. */
export function moveToConflicts(doc: LogDocument, field: string): LogDocument | undefined {
  const copy = structuredClone(doc);
  const value = takeField(copy, field);
  if (value === undefined) return undefined;
  setField(copy, conflictField(field), JSON.stringify(value));
  const tags = Array.isArray(copy.tags) ? copy.tags : copy.tags === undefined ? [] : [copy.tags];
  copy.tags = tags.includes(CONFLICT_TAG) ? tags : [...tags, CONFLICT_TAG];
  return copy;
}

export const conflictField = (field: string): string => `${CONFLICT_PREFIX}.${field}`;

/** Removes a dotted path from a nested or partly dotted document and answers its value. */
function takeField(doc: { [key: string]: JsonValue }, path: string): JsonValue | undefined {
  if (path in doc) {
    const value = doc[path] as JsonValue;
    delete doc[path];
    return value;
  }
  const parts = path.split('.');
  for (let i = parts.length - 1; i >= 1; i--) {
    const head = parts.slice(0, i).join('.');
    const child = doc[head];
    if (child !== undefined && child !== null && typeof child === 'object' && !Array.isArray(child)) {
      const value = takeField(child, parts.slice(i).join('.'));
      if (value !== undefined) return value;
    }
  }
  return undefined;
}
