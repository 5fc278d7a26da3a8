/** POST /api/alerts/preview (body: an unsaved rule) — its value over the last 24 h vs the threshold. */
import { alerts } from '@driftwood/store';
import { readJson, readObject } from '../../../../lib/server/request.ts';
import { json } from '../../../../lib/server/respond.ts';
import { route } from '../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

export const POST = route('read', async (request, ctx) => {
  const rule = readObject(await readJson(request), 'the rule');
  return json({ preview: await alerts.previewRule(ctx.store, rule) });
});
