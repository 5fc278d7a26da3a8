/** GET /api/saved-searches — list; POST { title, params } — create. */
import { SAVED_SEARCH_TYPE } from '../../../lib/discover/saved.ts';
import { json } from '../../../lib/server/respond.ts';
import { audit, route } from '../../../lib/server/route.ts';
import { newId, present, readBody, toObject } from '../../../lib/server/saved-searches.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (_request, ctx) => {
  return json({ searches: (await ctx.plainStore.listObjects(SAVED_SEARCH_TYPE)).map(present) });
});

export const POST = route('write', async (request, ctx) => {
  const body = await readBody(request);
  const saved = await ctx.plainStore.saveObject(toObject(newId(body.title), body));
  await audit(ctx, 'saved_search_create', saved.id);
  return json({ search: present(saved) }, { status: 201 });
});
