/** GET / PUT (a dashboard: upsert, its id the path's) / DELETE /api/dashboards/:id */
import { DriftwoodError } from '@driftwood/core';
import { deleteDashboard, saveDashboard } from '@driftwood/store';
import { readJson } from '../../../../lib/server/request.ts';
import { json } from '../../../../lib/server/respond.ts';
import { audit, route } from '../../../../lib/server/route.ts';
import { dashboardRecord, requireSameId } from '../saved.ts';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>('read', async (_request, ctx) => {
  return json(await dashboardRecord(ctx.plainStore, ctx.params.id));
});

export const PUT = route<Params>('write', async (request, ctx) => {
  const { id } = ctx.params;
  const body = await readJson(request);
  requireSameId(body, id, 'dashboard');
  await saveDashboard(ctx.plainStore, body);
  await audit(ctx, 'dashboard.save', id);
  return json(await dashboardRecord(ctx.plainStore, id));
});

export const DELETE = route<Params>('write', async (_request, ctx) => {
  const { id } = ctx.params;
  if (!(await deleteDashboard(ctx.plainStore, id))) throw new DriftwoodError('NOT_FOUND', `no dashboard "${id}"`);
  await audit(ctx, 'dashboard.delete', id);
  return json({ deleted: true });
});
