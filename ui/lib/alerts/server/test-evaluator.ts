/**
 * TEST ONLY: one alerting evaluator in this UI server process, so a browser test can run an
 * evaluation cycle on demand against the store this process owns (the embedded file). In
 * production `driftwood up` runs `startAlerting` in the store-owning process instead; the route
 * using this answers 404 unless DRIFTWOOD_UI_TEST_WRITES=1.
 */
import { Evaluator } from '@driftwood/alerting';
import { getStore } from '../../server/store.ts';

interface Holder {
  evaluator?: Promise<Evaluator>;
}

const scope = globalThis as { __driftwoodTestEvaluator?: Holder };
scope.__driftwoodTestEvaluator ??= {};
const holder: Holder = scope.__driftwoodTestEvaluator;

export function testEvaluator(publicUrl: string): Promise<Evaluator> {
  holder.evaluator ??= getStore().then(
    (store) => new Evaluator({ store, publicUrl, attemptsPerRun: 1, timeoutMs: 5000 }),
  );
  return holder.evaluator;
}
