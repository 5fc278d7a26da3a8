/** GET /api/alerts/rules — every rule with its state; POST (body: rule) — create → 201. */
import { createRule, listRules } from '@driftwood/alerting';
import { handleAlerts, json, readJson } from '../../../../lib/alerts/server/respond.ts';
import { getStore } from '../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const GET = handleAlerts(async () => json({ rules: await listRules(await getStore()) }));

export const POST = handleAlerts(async (request: Request) => {
  const body = await readJson(request);
  return json({ rule: await createRule(await getStore(), body) }, { status: 201 });
});
