/**
 * Differential oracle for the id hash set (id-set.ts): ids proved new by an in-memory set of hashes instead of a
 * lookup in the table, across repeats, concurrent writes, reopens, crashes and retention:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`id-set: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['id-set']);
  console.log('id-set oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
});
