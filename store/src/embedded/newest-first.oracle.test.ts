/**
 * Differential oracle for newest-first time slices (newest-first.ts): the first page of hits sorted by @timestamp
 * searched in the newest (oldest) slices of the range first:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`newest-first: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['newest-first']);
  console.log('newest-first oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
});
