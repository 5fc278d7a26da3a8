/** GET / PUT (a visualization: upsert, its id the path's) / DELETE /api/visualizations/:id */
import { DriftwoodError } from '@driftwood/core';
import { deleteVisualization, getVisualization, saveVisualization } from '@driftwood/store';
import { readJson } from '../../../../lib/server/request.ts';
import { json } from '../../../../lib/server/respond.ts';
import { audit, route } from '../../../../lib/server/route.ts';
import { requireSameId } from '../../dashboards/saved.ts';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>('read', async (_request, ctx) => {
  const { id } = ctx.params;
  const visualization = await getVisualization(ctx.plainStore, id);
  if (!visualization) throw new DriftwoodError('NOT_FOUND', `no visualization "${id}"`);
  return json({ visualization });
});

export const PUT = route<Params>('write', async (request, ctx) => {
  const { id } = ctx.params;
  const body = await readJson(request);
  requireSameId(body, id, 'visualization');
  const visualization = await saveVisualization(ctx.plainStore, body);
  await audit(ctx, 'visualization.save', id);
  return json({ visualization });
});

export const DELETE = route<Params>('write', async (_request, ctx) => {
  const { id } = ctx.params;
  if (!(await deleteVisualization(ctx.plainStore, id)))
    throw new DriftwoodError('NOT_FOUND', `no visualization "${id}"`);
  await audit(ctx, 'visualization.delete', id);
  return json({ deleted: true });
});
