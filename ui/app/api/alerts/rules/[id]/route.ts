/**
 * GET /api/alerts/rules/:id — the rule with its state; PATCH (partial rule; null removes a key)
 * — merge; PUT (rule) — replace; DELETE — remove with its state and history.
 */
import { deleteRule, getRule, replaceRule, updateRule } from '@driftwood/alerting';
import { readJson, readObject } from '../../../../../lib/server/request.ts';
import { handle, json } from '../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const GET = handle(async (_request: Request, context: Context) => {
  const { id } = await context.params;
  return json({ rule: await getRule(await getStore(), id) });
});

export const PATCH = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const patch = readObject(await readJson(request), 'the change');
  return json({ rule: await updateRule(await getStore(), id, patch) });
});

export const PUT = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const rule = readObject(await readJson(request), 'the rule');
  return json({ rule: await replaceRule(await getStore(), id, rule) });
});

export const DELETE = handle(async (_request: Request, context: Context) => {
  const { id } = await context.params;
  await deleteRule(await getStore(), id);
  return json({ deleted: true });
});
