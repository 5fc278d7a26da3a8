/** GET /api/fields — the field catalogue: name, type, aggregatable. */
import { handle, json } from '../../../lib/server/respond.ts';
import { getStore } from '../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const GET = handle(async () => {
  const store = await getStore();
  const fields = (await store.fields())
    .filter((f) => f.type !== 'object')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return json({ fields });
});
