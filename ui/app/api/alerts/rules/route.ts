/** GET /api/alerts/rules — every rule with its state; POST (body: rule) — create → 201 (audited). */
import { alerts } from '@driftwood/store';
import { readJson } from '../../../../lib/server/request.ts';
import { json } from '../../../../lib/server/respond.ts';
import { audit, route } from '../../../../lib/server/route.ts';

export const dynamic = 'force-dynamic';

/** Evaluated over all documents: not for a role with a read filter (see UNFILTERED_ROUTES). */
const UNFILTERED = { unfiltered: true };

export const GET = route(
  'read',
  async (_request, ctx) => json({ rules: await alerts.listRules(ctx.plainStore) }),
  UNFILTERED,
);

export const POST = route(
  'write',
  async (request, ctx) => {
    const body = await readJson(request);
    const rule = await alerts.createRule(ctx.plainStore, body);
    await audit(ctx, 'alert_rule_create', rule.id);
    return json({ rule }, { status: 201 });
  },
  UNFILTERED,
);
