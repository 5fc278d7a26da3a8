/** GET /api/search — one page of hits: q, f, from, to (epoch ms), sort, size (≤ 10,000), after (JSON sort values). */
import { MAX_PAGE_SIZE } from '@driftwood/store';
import { intParam, routeQuery, searchAfterParam } from '../../../lib/server/query.ts';
import { json } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const q = routeQuery(url);
  const size = intParam(url, 'size', 100, 0, MAX_PAGE_SIZE);
  const searchAfter = searchAfterParam(url);
  const store = ctx.store;
  const started = performance.now();
  const res = await store.search({ ...q.input, sort: q.sort, size, ...(searchAfter ? { searchAfter } : {}) });
  return json({ total: res.total, hits: res.hits, tookMs: Math.round(performance.now() - started) });
});
