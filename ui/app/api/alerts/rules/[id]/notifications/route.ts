/** GET /api/alerts/rules/:id/notifications[?limit=50] — notification intents with their deliveries, newest first. */
import { listNotifications } from '@driftwood/alerting';
import { limitParam } from '../../../../../../lib/server/query.ts';
import { handle, json } from '../../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const notifications = await listNotifications(await getStore(), id, { limit: limitParam(new URL(request.url), 50) });
  return json({ notifications });
});
