/** GET / PUT { title, params } / DELETE /api/saved-searches/:id */
import { DriftwoodError } from '@driftwood/core';
import { SAVED_SEARCH_TYPE } from '../../../../lib/discover/saved.ts';
import { handle, json } from '../../../../lib/server/respond.ts';
import { mustGet, present, readBody, toObject } from '../../../../lib/server/saved-searches.ts';
import { getStore } from '../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, context: Context) => {
  const { id } = await context.params;
  return json({ search: present(await mustGet(await getStore(), id)) });
});

export const PUT = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const body = await readBody(request);
  const store = await getStore();
  await mustGet(store, id);
  return json({ search: present(await store.saveObject(toObject(id, body))) });
});

export const DELETE = handle(async (_request: Request, context: Context) => {
  const { id } = await context.params;
  const deleted = await (await getStore()).deleteObject(SAVED_SEARCH_TYPE, id);
  if (!deleted) throw new DriftwoodError('NOT_FOUND', `no saved search ${id}`);
  return json({ deleted: true });
});
