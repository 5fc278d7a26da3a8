/** POST /api/alerts/rules/:id/mute { muted: boolean } — evaluate but send nothing (or send again). Audited. */
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
    const { muted } = readObject(await readJson(request), 'the body');
    if (typeof muted !== 'boolean')
      throw new DriftwoodError('INPUT_INVALID', 'muted must be true or false', { details: { field: 'muted' } });
    const rule = await alerts.muteRule(ctx.plainStore, ctx.params.id, muted);
    await audit(ctx, muted ? 'alert_rule_mute' : 'alert_rule_unmute', ctx.params.id);
    return json({ rule });
  },
  UNFILTERED,
);
