/**
 * Differential oracle for counts per bucket taken from the buckets (nested-aggs.ts
 * `withoutBucketCounts`): a `count` below a terms, date histogram, filters or histogram bucket is
 * answered with the bucket's own count, and what is left of the request is answered by the facet
 * query and the rollups. Every answer equals the plain path's (each count asked per bucket, one
 * SQL scan each, no shortcut) on random workloads (oracle/workload.ts; oracle/queries.ts
 * `countAggs` asks them as panels do). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`bucket-counts: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['bucket-counts', 'facets', 'rollups'], { marker: 'FROM _rollup WHERE minute' });
  console.log('bucket-counts oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
});
