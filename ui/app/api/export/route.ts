/**
 * GET /api/export?format=csv|ndjson — every matching event (q, f, from, to, col; optional `limit`),
 * streamed page by page in time order; `X-Driftwood-Export-Total` says how many rows to expect.
 * CSV has @timestamp and the columns; NDJSON has whole documents with their `_id`. See export.ts.
 * Read through the principal's read filter; each export that starts is audited.
 */
import { audit, route } from '../../../lib/server/route.ts';
import { exportResponse } from './export.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const res = await exportResponse(ctx.store, url);
  if (res.ok) {
    await audit(ctx, 'export', undefined, {
      format: url.searchParams.get('format') ?? 'csv',
      query: (url.searchParams.get('q') ?? '').slice(0, 500),
      total: Number(res.headers.get('x-driftwood-export-total') ?? 0),
    });
  }
  return res;
});
