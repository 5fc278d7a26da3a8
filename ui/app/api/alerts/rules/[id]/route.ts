/**
 * GET /api/alerts/rules/:id — the rule with its state; PATCH (partial rule; null removes a key)
 * — merge; PUT (rule) — replace; DELETE — remove with its state and history. Changes are audited.
 */
import { alerts } from '@driftwood/store';
import { readJson, readObject } from '../../../../../lib/server/request.ts';
import { json } from '../../../../../lib/server/respond.ts';
import { audit, route } from '../../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

/** Evaluated over all documents: not for a role with a read filter (see UNFILTERED_ROUTES). */
const UNFILTERED = { unfiltered: true };

type Params = { id: string };

export const GET = route<Params>(
  'read',
  async (_request, ctx) => json({ rule: await alerts.getRule(ctx.plainStore, ctx.params.id) }),
  UNFILTERED,
);

export const PATCH = route<Params>(
  'write',
  async (request, ctx) => {
    const patch = readObject(await readJson(request), 'the change');
    const rule = await alerts.updateRule(ctx.plainStore, ctx.params.id, patch);
    await audit(ctx, 'alert_rule_update', ctx.params.id);
    return json({ rule });
  },
  UNFILTERED,
);

export const PUT = route<Params>(
  'write',
  async (request, ctx) => {
    const body = readObject(await readJson(request), 'the rule');
    const rule = await alerts.replaceRule(ctx.plainStore, ctx.params.id, body);
    await audit(ctx, 'alert_rule_replace', ctx.params.id);
    return json({ rule });
  },
  UNFILTERED,
);

export const DELETE = route<Params>(
  'write',
  async (_request, ctx) => {
    await alerts.deleteRule(ctx.plainStore, ctx.params.id);
    await audit(ctx, 'alert_rule_delete', ctx.params.id);
    return json({ deleted: true });
  },
  UNFILTERED,
);
