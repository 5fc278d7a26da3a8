/**
 * Differential oracle for the answer cache (answer-cache.ts): aggregate answers kept until the
 * events change. Every step of a random workload (oracle/workload.ts: backfill and live writes,
 * concurrent write calls, reads while a write is in flight, retention, clean and crash restarts)
 * asks the same reads, twice on the fast store, so kept answers meet every kind of change; each
 * answer equals the plain path's (one SQL scan of the events, no cache). Workloads:
 * DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`answer-cache: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['answer-cache', 'facets', 'rollups'], { sameReads: true });
  console.log('answer-cache oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  // answers really came from the cache, in most workloads
  if (ORACLE_RUNS >= 50) expect(stats.used).toBeGreaterThan(ORACLE_RUNS);
});
