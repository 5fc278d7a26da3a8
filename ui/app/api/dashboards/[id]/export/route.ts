/**
 * GET /api/dashboards/:id/export — the dashboard's file, byte for byte what `driftwood dashboards
 * export <id>` writes (exportDashboard: the canonical format of dashboards/), as a download.
 */
import { exportDashboard } from '@driftwood/store';
import { route } from '../../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

type Params = { id: string };

export const GET = route<Params>('read', async (_request, ctx) => {
  const { id } = ctx.params;
  const text = await exportDashboard(ctx.plainStore, id);
  return new Response(text, {
    headers: {
      'content-type': 'application/json',
      // the id is 1–64 of A-Z a-z 0-9 _ . - (the schema's), safe inside the quotes
      'content-disposition': `attachment; filename="${id}.json"`,
      'cache-control': 'no-store',
    },
  });
});
