/**
 * POST /api/test-only/events — writes events (a JSON array of { id, doc }) through this server's
 * store. For browser tests only: the embedded store file is owned by this process. It exists only
 * when DRIFTWOOD_UI_TEST_WRITES=1; otherwise it answers 404 like any unknown route. Real writes go
 * through the indexer.
 */
import { DriftwoodError, type LogEvent } from '@driftwood/core';
import { handle, json } from '../../../../lib/server/respond.ts';
import { getStore } from '../../../../lib/server/store.ts';

export const dynamic = 'force-dynamic';

export const POST = handle(async (request: Request) => {
  if (process.env.DRIFTWOOD_UI_TEST_WRITES !== '1') throw new DriftwoodError('NOT_FOUND', 'not found');
  const body: unknown = await request.json();
  if (!Array.isArray(body)) throw new DriftwoodError('INPUT_INVALID', 'the body must be a JSON array of events');
  const store = await getStore();
  const outcomes = await store.write(body as LogEvent[]);
  await store.flush();
  return json({ outcomes });
});
