/**
 * Differential oracle for the filter copy: the matching rows' columns copied to a temp table once, then aggregated
 * (metrics, percentiles, cardinality of an expensive filter):
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`filter-copy: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['filter-copy'], { marker: 'CREATE TEMP TABLE _agg_' });
  console.log('filter-copy oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  // the fast path really ran, and often (a handful of workloads may miss it by chance)
  if (ORACLE_RUNS >= 50) expect(stats.used).toBeGreaterThan(ORACLE_RUNS / 2);
});
