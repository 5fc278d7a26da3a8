/** GET /api/dashboards?q=&tag= — the list; POST (a dashboard) — create (409 when its id exists). */
import { listDashboards } from '@driftwood/store';
import { readJson } from '../../../lib/server/request.ts';
import { json } from '../../../lib/server/respond.ts';
import { audit, route } from '../../../lib/server/route.ts';
import { createDashboard, filterDashboards, listFilter } from './saved.ts';

export const dynamic = 'force-dynamic';

export const GET = route('read', async (request, ctx) => {
  const filter = listFilter(new URL(request.url));
  return json({ dashboards: filterDashboards(await listDashboards(ctx.plainStore), filter) });
});

export const POST = route('write', async (request, ctx) => {
  const record = await createDashboard(ctx.plainStore, await readJson(request));
  await audit(ctx, 'dashboard.save', record.dashboard.id, { created: true });
  return json(record, { status: 201 });
});
