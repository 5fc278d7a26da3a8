/**
 * Differential oracle for shared match counts (shared-count.ts): a search's total taken from the facet query of an
 * aggregation of the same filter running at the same time:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`shared-count: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['shared-count']);
  console.log('shared-count oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
});
