/** GET /api/alerts/rules — every rule with its state; POST (body: rule) — create → 201. */
import { createRule, listRules } from '@driftwood/alerting';
import { readJson } from '../../../../lib/server/request.ts';
import { handle, json } from '../../../../lib/server/respond.ts';
import { getStore } from '../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const GET = handle(async () => json({ rules: await listRules(await getStore()) }));

export const POST = handle(async (request: Request) => {
  const body = await readJson(request);
  return json({ rule: await createRule(await getStore(), body) }, { status: 201 });
});
