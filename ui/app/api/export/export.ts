/**
 * The export's logic (route.ts only wires the store in): every matching event, in time order,
 * paged through the store with searchAfter and pulled by the reader.
 *
 * - Complete: no row cap. Pages follow the stable sort @timestamp (the view's direction) then id,
 *   each page starting after the last hit of the one before, so every event comes once. A sort on
 *   another field is not applied: searchAfter cannot page past events that lack the field.
 * - Bounded memory: the stream is pull-based with a queue of one chunk (a page). A page is read from
 *   the store only when the reader has taken the previous one, so a client that reads slowly or
 *   stops makes the server hold at most one page, never the export.
 * - Honest: the first page is read before the answer, so a bad query or a store that is down is an
 *   HTTP error, and its total is sent as `X-Driftwood-Export-Total`. A store error mid-stream ends
 *   the file with an `INCOMPLETE_MARKER` line, then aborts the response: never a cut file that
 *   looks complete.
 */
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import type { LogStore, SearchHit, SearchRequest, SortValues } from '@driftwood/store';
import { docTime } from '../../../lib/discover/doc.ts';
import {
  csvCell,
  csvRow,
  EXPORT_TOTAL_HEADER,
  exportFilename,
  incompleteLine,
  ndjsonLine,
} from '../../../lib/discover/export.ts';
import type { SortSpec } from '../../../lib/discover/state.ts';
import { intParam, routeQuery } from '../../../lib/server/query.ts';
import { errorResponse, redact } from '../../../lib/server/respond.ts';

/**
 * The CSV header row. Column names come from the URL (`col=`), so a link can carry a name like
 * `=HYPERLINK(…)`: each is neutralised as a cell is (a `'` before = + - @ tab CR), except the
 * leading `@timestamp`, which is ours.
 */
export function exportCsvHeader(columns: readonly string[]): string {
  const rest = columns.filter((c) => c !== '@timestamp');
  return `${[csvCell('@timestamp', false), ...rest.map((c) => csvCell(c))].join(',')}\r\n`;
}

/** Rows per store page (one page is one chunk of the stream). */
export const EXPORT_PAGE = 2000;

export interface ExportPlan {
  format: 'csv' | 'ndjson';
  /** The store search without size and searchAfter: query, time range, sort. */
  search: Omit<SearchRequest, 'size' | 'searchAfter'>;
  columns: string[];
  /** Rows at most (`limit`, default: all). */
  limit: number;
  pageSize: number;
}

/** The export order: @timestamp in the view's direction (newest first unless the view says otherwise). */
export function exportSort(sort: readonly SortSpec[]): Array<{ field: '@timestamp'; order: 'asc' | 'desc' }> {
  const order = sort.find((s) => s.field === '@timestamp')?.order ?? 'desc';
  return [{ field: '@timestamp', order }];
}

export function exportPlan(url: URL, pageSize = EXPORT_PAGE, now = new Date()): ExportPlan {
  const format = url.searchParams.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson') {
    throw new DriftwoodError('INPUT_INVALID', 'format must be csv or ndjson', { details: { field: 'format' } });
  }
  const q = routeQuery(url, now);
  const limit = intParam(url, 'limit', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER);
  return { format, search: { ...q.input, sort: exportSort(q.sort) }, columns: q.columns, limit, pageSize };
}

/** The answer to GET /api/export for this URL, read from `store`. */
export async function exportResponse(
  store: LogStore,
  url: URL,
  options: { pageSize?: number; now?: Date } = {},
): Promise<Response> {
  let plan: ExportPlan;
  let first: { total: number; hits: SearchHit[] };
  try {
    plan = exportPlan(url, options.pageSize, options.now);
    first = await store.search({ ...plan.search, size: Math.min(plan.pageSize, plan.limit) });
  } catch (error) {
    return errorResponse(error);
  }
  return new Response(exportStream(store, plan, first.hits), {
    headers: {
      'content-type': plan.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFilename(plan.format, new Date())}"`,
      'cache-control': 'no-store',
      [EXPORT_TOTAL_HEADER]: String(Math.min(first.total, plan.limit)),
    },
  });
}

/**
 * The search for the page after a hit at `lastTime`: its time range starts (ascending) or ends
 * (descending) there. searchAfter implies it already, so the answer is the same; the store can use
 * it to skip the part of the range that is done (the embedded store searches time slices from the
 * end of the range: without it, each page probed the slices already exported first).
 */
export function narrowed(search: ExportPlan['search'], lastTime: number): ExportPlan['search'] {
  if (!Number.isFinite(lastTime)) return search;
  if (search.sort?.[0]?.order === 'asc') {
    return search.from === undefined || search.from < lastTime ? { ...search, from: lastTime } : search;
  }
  return search.to === undefined || search.to > lastTime + 1 ? { ...search, to: lastTime + 1 } : search;
}

const sameSort = (a: SortValues | undefined, b: SortValues | undefined): boolean =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The rows of `plan`, the first page already read. Each pull encodes one page and, for the next
 * pull, nothing more is held than the sort values of its last hit.
 */
export function exportStream(store: LogStore, plan: ExportPlan, firstPage: SearchHit[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let page: SearchHit[] | undefined = firstPage;
  let requested = Math.min(plan.pageSize, plan.limit);
  let sent = 0;
  let after: SortValues | undefined;
  let lastTime = Number.NaN;
  let header = plan.format === 'csv';
  let failure: unknown;
  let cancelled = false;

  const encode = (hits: SearchHit[]): string => {
    let chunk = '';
    for (const hit of hits)
      chunk += plan.format === 'csv' ? csvRow(hit.doc, plan.columns) : ndjsonLine(hit.id, hit.doc);
    return chunk;
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (failure !== undefined) {
          // the incomplete line has been read: abort, so the transfer itself fails too
          controller.error(failure);
          return;
        }
        try {
          let text = '';
          if (page === undefined) {
            if (requested === 0 || after === undefined) {
              controller.close();
              return;
            }
            const size = Math.min(plan.pageSize, plan.limit - sent);
            const res = await store.search({ ...narrowed(plan.search, lastTime), size, searchAfter: after });
            if (cancelled) return;
            if (res.hits.length > 0 && sameSort(res.hits[res.hits.length - 1]?.sort, after)) {
              throw new DriftwoodError(
                'INTERNAL',
                'the store repeated the last page of the export (searchAfter did not move)',
              );
            }
            page = res.hits;
            requested = size;
          }
          if (header) {
            header = false;
            text = exportCsvHeader(plan.columns);
          }
          const hits: SearchHit[] = page;
          page = undefined;
          text += encode(hits);
          sent += hits.length;
          const last = hits[hits.length - 1];
          // a short page is the last one; so is reaching the limit
          if (hits.length < requested || sent >= plan.limit || !last) requested = 0;
          else {
            after = last.sort;
            lastTime = docTime(last.doc);
          }
          if (text !== '') controller.enqueue(encoder.encode(text));
          else if (requested === 0) controller.close();
        } catch (error) {
          if (cancelled) return;
          failure = error;
          const e = isDriftwoodError(error) ? error : undefined;
          if (!e || e.code === 'INTERNAL') console.error('[ui api] export failed after', sent, 'rows:', error);
          const message = redact(error instanceof Error ? error.message : String(error));
          controller.enqueue(encoder.encode(incompleteLine(plan.format, sent, e?.code ?? 'INTERNAL', message)));
        }
      },
      cancel() {
        cancelled = true;
        page = undefined;
      },
    },
    { highWaterMark: 1 },
  );
}
