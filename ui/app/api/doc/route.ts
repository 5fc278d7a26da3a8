/** GET /api/doc?id=…&ts=… — one document by id; `ts` is its @timestamp in epoch ms. */
import { findDoc } from '../../../lib/server/docs.ts';
import { intParam, requiredParam } from '../../../lib/server/query.ts';
import { json } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const url = new URL(request.url);
  const id = requiredParam(url, 'id');
  requiredParam(url, 'ts');
  const ts = intParam(url, 'ts', 0, -8.64e15, 8.64e15);
  return json({ hit: await findDoc(ctx.store, id, ts) });
});
