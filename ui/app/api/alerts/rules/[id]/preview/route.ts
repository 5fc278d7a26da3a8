/** GET /api/alerts/rules/:id/preview[?range=6h] — the stored rule's value over the last 24 h vs its threshold. */
import { parseInterval } from '@driftwood/core';
import { alerts } from '@driftwood/store';
import { json } from '../../../../../../lib/server/respond.ts';
import { route } from '../../../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const GET = route<{ id: string }>('read', async (request, ctx) => {
  const { id } = ctx.params;
  const range = new URL(request.url).searchParams.get('range');
  const preview = await alerts.previewRule(ctx.store, id, range ? { rangeMs: parseInterval(range) } : {});
  return json({ preview });
});
