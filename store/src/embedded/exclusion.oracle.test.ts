/**
 * Differential oracle for queries that only leave events out (exclusion.ts): counts and search
 * totals as the range's count less the excluded events, and the rollups' facets less the excluded
 * events' counts (on with the rollups and the facet query, as the store runs them):
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts), whose queries include `not E` and `not E1 and not E2` over
 * keyword, list, numeric, text and missing fields. Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

/** In the SQL of a count by exclusion (exclusion.ts `exclusionCount`). */
const COUNTED = ') - (SELECT count(*) FROM events WHERE';
/** In the SQL of rollup facets less the excluded events (rollups.ts `rollupFacetSql`). */
const ROLLED = ', x AS MATERIALIZED (';

it(`exclusion: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['facets', 'rollups', 'exclusion'], { marker: COUNTED, also: [ROLLED] });
  console.log('exclusion oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
  // both parts really ran (a query of the kind is one in four or five of the reads)
  if (ORACLE_RUNS >= 50) {
    expect(stats.used).toBeGreaterThan(0);
    expect(stats.usedAlso[ROLLED]).toBeGreaterThan(0);
  }
});
