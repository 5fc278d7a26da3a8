/**
 * GET /api/surrounding?id=…&ts=…&n=5 — the document and the n events just before and after it
 * from the same source (log.file.path, else host.name + service.name).
 */
import { surrounding } from '../../../lib/server/docs.ts';
import { intParam, requiredParam } from '../../../lib/server/query.ts';
import { json } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const id = requiredParam(url, 'id');
  requiredParam(url, 'ts');
  const ts = intParam(url, 'ts', 0, -8.64e15, 8.64e15);
  const n = intParam(url, 'n', 5, 1, 500);
  return json(await surrounding(ctx.store, id, ts, n));
});
