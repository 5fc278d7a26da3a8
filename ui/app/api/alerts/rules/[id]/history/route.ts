/** GET /api/alerts/rules/:id/history[?limit=100&kind=evaluation|notification] — newest first. */
import { getHistory, getRule } from '@driftwood/alerting';
import { DriftwoodError } from '@driftwood/core';
import { limitParam } from '../../../../../../lib/server/query.ts';
import { handle, json } from '../../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const url = new URL(request.url);
  const kind = url.searchParams.get('kind');
  if (kind !== null && kind !== 'evaluation' && kind !== 'notification')
    throw new DriftwoodError('INPUT_INVALID', 'kind must be evaluation or notification', {
      details: { field: 'kind' },
    });
  const store = await getStore();
  await getRule(store, id); // 404 for an unknown rule
  const history = await getHistory(store, id, { limit: limitParam(url, 100), ...(kind ? { kind } : {}) });
  return json({ history });
});
