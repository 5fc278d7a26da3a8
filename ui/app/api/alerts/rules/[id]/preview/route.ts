/** GET /api/alerts/rules/:id/preview[?range=6h] — the stored rule's value over the last 24 h vs its threshold. */
import { previewRule } from '@driftwood/alerting';
import { parseInterval } from '@driftwood/core';
import { handle, json } from '../../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const range = new URL(request.url).searchParams.get('range');
  const preview = await previewRule(await getStore(), id, range ? { rangeMs: parseInterval(range) } : {});
  return json({ preview });
});
