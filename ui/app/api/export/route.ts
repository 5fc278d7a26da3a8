/**
 * GET /api/export?format=csv|ndjson — the matching events (q, f, from, to, sort, col), streamed in
 * pages of 1,000 and bounded to `limit` rows (default and at most 10,000). CSV has @timestamp and
 * the columns; NDJSON has whole documents with their `_id`.
 */
import { DriftwoodError } from '@driftwood/core';
import type { SortValues } from '@driftwood/store';
import { csvHeader, csvRow, EXPORT_LIMIT, exportFilename, ndjsonLine } from '../../../lib/discover/export.ts';
import { intParam, routeQuery } from '../../../lib/server/query.ts';
import { errorResponse } from '../../../lib/server/respond.ts';
import { getStore } from '../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

const PAGE = 1000;

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  let setup: { q: ReturnType<typeof routeQuery>; format: 'csv' | 'ndjson'; limit: number };
  let store: Awaited<ReturnType<typeof getStore>>;
  try {
    const format = url.searchParams.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') {
      throw new DriftwoodError('INPUT_INVALID', 'format must be csv or ndjson', { details: { field: 'format' } });
    }
    setup = { q: routeQuery(url), format, limit: intParam(url, 'limit', EXPORT_LIMIT, 1, EXPORT_LIMIT) };
    store = await getStore();
  } catch (error) {
    return errorResponse(error);
  }
  const { q, format, limit } = setup;
  const encoder = new TextEncoder();
  let sent = 0;
  let after: SortValues | undefined;
  let headerDone = format !== 'csv';
  let done = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerDone) {
        headerDone = true;
        controller.enqueue(encoder.encode(csvHeader(q.columns)));
        return;
      }
      if (done || sent >= limit) {
        controller.close();
        return;
      }
      try {
        const page = await store.search({
          ...q.input,
          sort: q.sort,
          size: Math.min(PAGE, limit - sent),
          ...(after ? { searchAfter: after } : {}),
        });
        let chunk = '';
        for (const hit of page.hits) {
          chunk += format === 'csv' ? csvRow(hit.doc, q.columns) : ndjsonLine(hit.id, hit.doc);
        }
        sent += page.hits.length;
        after = page.hits[page.hits.length - 1]?.sort;
        if (page.hits.length < PAGE || !after) done = true;
        if (chunk !== '') controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        controller.error(error);
      }
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFilename(format, new Date())}"`,
      'cache-control': 'no-store',
    },
  });
}
