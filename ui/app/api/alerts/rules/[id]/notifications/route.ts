/** GET /api/alerts/rules/:id/notifications[?limit=50] — notification intents with their deliveries, newest first. */
import { alerts } from '@driftwood/store';
import { limitParam } from '../../../../../../lib/server/query.ts';
import { json } from '../../../../../../lib/server/respond.ts';
import { route } from '../../../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

/** Evaluated over all documents: not for a role with a read filter (see UNFILTERED_ROUTES). */
const UNFILTERED = { unfiltered: true };

export const GET = route<{ id: string }>(
  'read',
  async (request, ctx) => {
    const { id } = ctx.params;
    const notifications = await alerts.listNotifications(ctx.plainStore, id, {
      limit: limitParam(new URL(request.url), 50),
    });
    return json({ notifications });
  },
  UNFILTERED,
);
