/** GET /api/saved-searches — list; POST { title, params } — create. */
import { SAVED_SEARCH_TYPE } from '../../../lib/discover/saved.ts';
import { handle, json } from '../../../lib/server/respond.ts';
import { newId, present, readBody, toObject } from '../../../lib/server/saved-searches.ts';
import { getStore } from '../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const GET = handle(async () => {
  const store = await getStore();
  return json({ searches: (await store.listObjects(SAVED_SEARCH_TYPE)).map(present) });
});

export const POST = handle(async (request: Request) => {
  const body = await readBody(request);
  const store = await getStore();
  const saved = await store.saveObject(toObject(newId(body.title), body));
  return json({ search: present(saved) }, { status: 201 });
});
