/** POST /api/alerts/rules/:id/mute { muted: boolean } — evaluate but send nothing (or send again). */
import { muteRule } from '@driftwood/alerting';
import { DriftwoodError } from '@driftwood/core';
import { readJson, readObject } from '../../../../../../lib/server/request.ts';
import { handle, json } from '../../../../../../lib/server/respond.ts';
import { getStore } from '../../../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const POST = handle(async (request: Request, context: Context) => {
  const { id } = await context.params;
  const { muted } = readObject(await readJson(request), 'the body');
  if (typeof muted !== 'boolean')
    throw new DriftwoodError('INPUT_INVALID', 'muted must be true or false', { details: { field: 'muted' } });
  return json({ rule: await muteRule(await getStore(), id, muted) });
});
