/** GET /api/doc?id=…&ts=… — one document by id; `ts` is its @timestamp in epoch ms. */
import { findDoc } from '../../../lib/server/docs.ts';
import { intParam, requiredParam } from '../../../lib/server/query.ts';
import { handle, json } from '../../../lib/server/respond.ts';
import { getStore } from '../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const GET = handle(async (request: Request) => {
  const url = new URL(request.url);
  const id = requiredParam(url, 'id');
  requiredParam(url, 'ts');
  const ts = intParam(url, 'ts', 0, -8.64e15, 8.64e15);
  return json({ hit: await findDoc(await getStore(), id, ts) });
});
