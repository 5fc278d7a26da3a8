/** GET /api/fields — the field catalogue: name, type, aggregatable. */
import { json } from '../../../lib/server/respond.ts';
import { route } from '../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (_request, ctx) => {
  const store = ctx.store;
  const fields = (await store.fields())
    .filter((f) => f.type !== 'object')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return json({ fields });
});
