/**
 * GET /api/export?format=csv|ndjson — every matching event (q, f, from, to, col; optional `limit`),
 * streamed page by page in time order; `X-Driftwood-Export-Total` says how many rows to expect.
 * CSV has @timestamp and the columns; NDJSON has whole documents with their `_id`. See export.ts.
 */
import { errorResponse } from '../../../lib/server/respond.ts';
import { getStore } from '../../../lib/server/store.ts';
import { exportResponse } from './export.ts';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  let store: Awaited<ReturnType<typeof getStore>>;
  try {
    store = await getStore();
  } catch (error) {
    return errorResponse(error);
  }
  return exportResponse(store, new URL(request.url));
}
