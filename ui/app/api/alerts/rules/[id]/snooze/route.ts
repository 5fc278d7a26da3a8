/** POST /api/alerts/rules/:id/snooze { until: ISO 8601 | null } — send nothing until then (null: un-snooze). */
import { snoozeRule } from '@driftwood/alerting';
import { DriftwoodError } from '@driftwood/core';
import { readJson, readObject } from '../../../../../../lib/server/request.ts';
import { handle, json } from '../../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const { until } = readObject(await readJson(request), 'the body');
  if (until !== null && typeof until !== 'string')
    throw new DriftwoodError('INPUT_INVALID', 'until must be an ISO 8601 time or null', {
      details: { field: 'until' },
    });
  return json({ rule: await snoozeRule(await getStore(), id, until) });
});
