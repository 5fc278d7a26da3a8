/**
 * GET /api/export?format=csv|ndjson — every matching event (q, f, from, to, col; optional `limit`),
 * streamed page by page in time order; `X-Driftwood-Export-Total` says how many rows to expect.
 * CSV has @timestamp and the columns; NDJSON has whole documents with their `_id`. See export.ts.
 * Read through the principal's read filter; each export that starts is audited with what it
 * exported: the format, the query, the filters (as KQL), the time range and the row count.
 */
import { filterToKql } from '../../../lib/discover/filters.ts';
import { routeQuery } from '../../../lib/server/query.ts';
import { audit, route } from '../../../lib/server/route.ts';
import { exportResponse } from './export.ts';

export const dynamic = 'force-dynamic';

/** Caps that keep the audit details (at most 4 KB, see store's auditEvent) whole JSON. */
const MAX_QUERY = 500;
const MAX_FILTERS = 10;
const MAX_FILTER = 200;

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  // one "now" for the export and its audit event, so a relative range (now-15m) is the same in both
  const now = new Date();
  const res = await exportResponse(ctx.store, url, { now });
  if (res.ok) {
    const { query, filters, from, to } = routeQuery(url, now);
    await audit(ctx, 'export', undefined, {
      format: url.searchParams.get('format') ?? 'csv',
      query: query.slice(0, MAX_QUERY),
      filters: filters.slice(0, MAX_FILTERS).map((f) => filterToKql(f).slice(0, MAX_FILTER)),
      ...(filters.length > MAX_FILTERS ? { filtersOmitted: filters.length - MAX_FILTERS } : {}),
      ...(from !== undefined ? { from: new Date(from).toISOString() } : {}),
      ...(to !== undefined ? { to: new Date(to).toISOString() } : {}),
      total: Number(res.headers.get('x-driftwood-export-total') ?? 0),
    });
  }
  return res;
});
