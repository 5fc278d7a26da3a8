/** GET /api/visualizations — the list; POST (a visualization) — create (409 when its id exists). */
import { listVisualizations } from '@driftwood/store';
import { readJson } from '../../../lib/server/request.ts';
import { json } from '../../../lib/server/respond.ts';
import { audit, route } from '../../../lib/server/route.ts';
import { createVisualization } from '../dashboards/saved.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (_request, ctx) => {
  return json({ visualizations: await listVisualizations(ctx.plainStore) });
});

export const POST = route('write', async (request, ctx) => {
  const visualization = await createVisualization(ctx.plainStore, await readJson(request));
  await audit(ctx, 'visualization.save', visualization.id, { created: true });
  return json({ visualization }, { status: 201 });
});
