/**
 * TEST ONLY — POST /api/alerts/test-only/evaluate [{ now?: epoch ms }] runs one alerting evaluation
 * cycle (`Evaluator.evaluate(now)`) in this UI server process, against the store it owns, and
 * answers the cycle report. For browser tests: it exists only when DRIFTWOOD_UI_TEST_WRITES=1,
 * otherwise it answers 404 like any unknown route. In production the evaluator runs on its own
 * schedule (`driftwood up` / `driftwood alerts`).
 */
import { DriftwoodError } from '@driftwood/core';
import { handleAlerts, json, readJson, readObject } from '../../../../../lib/alerts/server/respond.ts';
import { testEvaluator } from '../../../../../lib/alerts/server/test-evaluator.ts';

export const dynamic = 'force-dynamic';

export const POST = handleAlerts(async (request: Request) => {
  if (process.env.DRIFTWOOD_UI_TEST_WRITES !== '1') throw new DriftwoodError('NOT_FOUND', 'not found');
  const body = readObject(await readJson(request), 'the body');
  const now = body.now === undefined ? Date.now() : body.now;
  if (typeof now !== 'number' || !Number.isFinite(now))
    throw new DriftwoodError('INPUT_INVALID', 'now must be epoch milliseconds', { details: { field: 'now' } });
  const evaluator = await testEvaluator(new URL(request.url).origin);
  return json({ report: await evaluator.evaluate(now) });
});
