/**
 * `POST /ingest`: NDJSON events — raw lines or JSON objects, one per line — answered
 * `{ accepted, duplicates, rejected: [{ line, reason }] }` with 200 only after the store
 * acknowledged every accepted event. Rejected lines are in the dead-letter store. When the store
 * stayed unavailable the answer is 503 with `Retry-After` and `deferred` lines: resend the whole
 * body (ids are content hashes, so what was stored is not stored twice).
 */

import { contentId } from '@driftwood/core/node';
import type { HttpAnswer } from './bulk.ts';
import { documentFromText } from './documents.ts';
import type { IngestItem, Ingestor } from './ingest.ts';

export interface IngestEndpointOptions {
  pipeline?: string;
  deadline: number;
  timezone: string;
  keepOriginal: boolean;
  receivedAt?: Date;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export async function handleIngest(
  ingestor: Ingestor,
  body: Uint8Array,
  options: IngestEndpointOptions,
): Promise<HttpAnswer> {
  const receivedAt = options.receivedAt ?? new Date();
  const items: IngestItem[] = [];
  const lineNumbers: number[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < body.length) {
    let end = body.indexOf(10, start);
    if (end === -1) end = body.length;
    lineNo++;
    let stop = end;
    if (stop > start && body[stop - 1] === 13) stop--;
    const bytes = body.subarray(start, stop);
    start = end + 1;
    const text = decoder.decode(bytes);
    if (text.trim() === '') continue;
    const result = documentFromText(text, {
      receivedAt,
      timezone: options.timezone,
      keepOriginal: options.keepOriginal,
      ...(options.pipeline !== undefined ? { pipeline: options.pipeline } : {}),
    });
    items.push({ id: contentId('ingest', bytes), result, original: text });
    lineNumbers.push(lineNo);
  }
  const outcomes = await ingestor.ingest(items, { input: 'ingest', deadline: options.deadline });
  let accepted = 0;
  let duplicates = 0;
  const rejected: Array<{ line: number; reason: string }> = [];
  const deferred: number[] = [];
  outcomes.forEach((o, k) => {
    const line = lineNumbers[k]!;
    if (o.status === 'stored' || o.status === 'stored_with_conflicts') accepted++;
    else if (o.status === 'duplicate') {
      accepted++;
      duplicates++;
    } else if (o.status === 'unavailable') deferred.push(line);
    else rejected.push({ line, reason: o.reason });
  });
  if (deferred.length > 0) {
    return {
      status: 503,
      headers: { 'retry-after': '5' },
      body: { accepted, duplicates, rejected, deferred, error: 'the store is unavailable; resend the request' },
    };
  }
  return { status: 200, body: { accepted, duplicates, rejected } };
}
