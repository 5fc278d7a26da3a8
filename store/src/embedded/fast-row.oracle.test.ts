/**
 * Differential oracle for the plain-ASCII row encoder and synthetic `_source` (fast-row.ts, shapes.ts, tokenizer.ts's
 * spacedTokens): rows written as bytes straight from the documents, documents rebuilt from their
 * columns; against the field catalogue's full path with the JSON kept:
 * every answer equals the plain path's (one SQL scan of the events, no shortcut) on random
 * workloads (oracle/workload.ts). Workloads: DRIFTWOOD_ORACLE_RUNS (default 60).
 */

import { expect, it } from 'vitest';
import { ORACLE_RUNS, runOracle } from './oracle/run.ts';

it(`fast-rows: every answer is the plain path's (${ORACLE_RUNS} workloads)`, { timeout: 3_600_000 }, async () => {
  const stats = await runOracle(['fast-rows']);
  console.log('fast-rows oracle:', JSON.stringify(stats));
  expect(stats.workloads).toBe(ORACLE_RUNS);
});
