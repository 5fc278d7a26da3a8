/** POST /api/alerts/preview (body: an unsaved rule) — its value over the last 24 h vs the threshold. */
import { previewRule } from '@driftwood/alerting';
import { readJson, readObject } from '../../../../lib/server/request.ts';
import { handle, json } from '../../../../lib/server/respond.ts';
import { getStore } from '../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const POST = handle(async (request: Request) => {
  const rule = readObject(await readJson(request), 'the rule');
  return json({ preview: await previewRule(await getStore(), rule) });
});
