/**
 * POST /api/panels/query (body: PanelQueryBody, ui/lib/dashboards/contract.ts) — one panel's
 * aggregations over the caller's events. A read: POST only because the panel is the body.
 */
import { readJson } from '../../../../lib/server/request.ts';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';
import { parsePanelQuery, runPanelQuery } from './run.ts';

export const dynamic = 'force-dynamic';

export const POST = route('read', async (request, ctx) => {
  const body = parsePanelQuery(await readJson(request));
  return json(await runPanelQuery(ctx.store, body));
});
