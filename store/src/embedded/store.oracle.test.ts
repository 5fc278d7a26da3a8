/**
 * Differential oracle for the store as users run it: every fast path on at once (FAST_PATHS),
 * against the plain path (one SQL scan of the events, no shortcut), so that fast paths that work
 * alone but not together are caught too. Each path also has its own suite beside its module
 * (`<module>.oracle.test.ts`). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';
import { FAST_PATHS } from './store.ts';

it(`all fast paths together: every answer is the plain path's (${ORACLE_RUNS} workloads)`, {
  timeout: 3_600_000,
}, async () => {
  const stats = await runOracle(FAST_PATHS, { marker: 'FROM _rollup WHERE minute' });
  console.log('all fast paths oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  if (ORACLE_RUNS >= 50) expect(stats.used).toBeGreaterThan(ORACLE_RUNS / 2);
});
