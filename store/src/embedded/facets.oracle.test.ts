/**
 * Differential oracle for the one-scan facet query (facets.ts): count, terms and split histograms of one request
 * answered by GROUPING SETS over one scan:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`facets: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['facets'], { marker: 'GROUPING SETS' });
  console.log('facets oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  // the fast path really ran, and often (a handful of workloads may miss it by chance)
  if (ORACLE_RUNS >= 50) expect(stats.used).toBeGreaterThan(ORACLE_RUNS / 2);
});
