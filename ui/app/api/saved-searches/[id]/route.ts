/** GET / PUT { title, params } / DELETE /api/saved-searches/:id */
import { DriftwoodError } from '@driftwood/core';
import { SAVED_SEARCH_TYPE } from '../../../../lib/discover/saved.ts';
import { json } from '../../../../lib/server/respond.ts';
import { audit, route } from '../../../../lib/server/route.ts';
import { mustGet, present, readBody, toObject } from '../../../../lib/server/saved-searches.ts';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>('read', async (_request, ctx) => {
  const { id } = ctx.params;
  return json({ search: present(await mustGet(ctx.plainStore, id)) });
});

export const PUT = route<Params>('write', async (request, ctx) => {
  const { id } = ctx.params;
  const body = await readBody(request);
  const store = ctx.plainStore;
  await mustGet(store, id);
  const saved = await store.saveObject(toObject(id, body));
  await audit(ctx, 'saved_search_update', id);
  return json({ search: present(saved) });
});

export const DELETE = route<Params>('write', async (_request, ctx) => {
  const { id } = ctx.params;
  const deleted = await ctx.plainStore.deleteObject(SAVED_SEARCH_TYPE, id);
  if (!deleted) throw new DriftwoodError('NOT_FOUND', `no saved search ${id}`);
  await audit(ctx, 'saved_search_delete', id);
  return json({ deleted: true });
});
