/** POST /api/alerts/rules/:id/snooze { until: ISO 8601 | null } — send nothing until then (null: un-snooze). Audited. */
import { DriftwoodError } from '@driftwood/core';
import { alerts } from '@driftwood/store';
import { readJson, readObject } from '../../../../../../lib/server/request.ts';
import { json } from '../../../../../../lib/server/respond.ts';
import { audit, route } from '../../../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

/** Evaluated over all documents: not for a role with a read filter (see UNFILTERED_ROUTES). */
const UNFILTERED = { unfiltered: true };

export const POST = route<{ id: string }>(
  'write',
  async (request, ctx) => {
    const { until } = readObject(await readJson(request), 'the body');
    if (until !== null && typeof until !== 'string')
      throw new DriftwoodError('INPUT_INVALID', 'until must be an ISO 8601 time or null', {
        details: { field: 'until' },
      });
    const rule = await alerts.snoozeRule(ctx.plainStore, ctx.params.id, until);
    await audit(ctx, 'alert_rule_snooze', ctx.params.id, { until });
    return json({ rule });
  },
  UNFILTERED,
);
