/** GET /api/alerts/rules/:id/history[?limit=100&kind=evaluation|notification] — newest first. */
import { DriftwoodError } from '@driftwood/core';
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
    const url = new URL(request.url);
    const kind = url.searchParams.get('kind');
    if (kind !== null && kind !== 'evaluation' && kind !== 'notification')
      throw new DriftwoodError('INPUT_INVALID', 'kind must be evaluation or notification', {
        details: { field: 'kind' },
      });
    const store = ctx.plainStore;
    await alerts.getRule(store, id); // 404 for an unknown rule
    const history = await alerts.getHistory(store, id, { limit: limitParam(url, 100), ...(kind ? { kind } : {}) });
    return json({ history });
  },
  UNFILTERED,
);
