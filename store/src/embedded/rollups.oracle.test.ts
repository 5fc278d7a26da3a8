/**
 * Differential oracle for the per-minute rollups (rollups.ts): match-all counts, histograms and top values read from
 * `_rollup` for whole minutes and from the events at the range's edges:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). The rollups answer the facet plan's specs, so the facet query is
 * on too. Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`rollups: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['facets', 'rollups'], { marker: 'FROM _rollup WHERE minute' });
  console.log('rollups oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  // the fast path really ran, and often (a handful of workloads may miss it by chance)
  if (ORACLE_RUNS >= 50) expect(stats.used).toBeGreaterThan(ORACLE_RUNS / 2);
});
