/**
 * Retention: events older than a cut are deleted, with the rollup minutes they were counted in;
 * the minute the cut falls in is counted again from the events left (rollups.ts), in the same
 * transaction. The caller holds the write lock and has loaded the ingest log.
 */
import { TIMESTAMP_COLUMN } from './columns.ts';
import type { StoreContext } from './context.ts';
import { addRollups, loadRollupState } from './loader.ts';
import { MINUTE } from './rollups.ts';
import { quoteIdent } from './sql.ts';

/** Deletes the events before `cutoffMs`; returns how many. */
export async function deleteOlderThan(ctx: StoreContext, cutoffMs: number): Promise<number> {
  const db = ctx.db;
  await db.run('BEGIN TRANSACTION');
  try {
    const res = await db.run(`DELETE FROM events WHERE ${quoteIdent(TIMESTAMP_COLUMN)} < $1`, [cutoffMs]);
    if (res.rowsChanged > 0 && ctx.rollupsReady) {
      // minutes before the cut are gone; the minute it cuts is counted again
      const minute = Math.floor(cutoffMs / MINUTE);
      await db.run('DELETE FROM _rollup WHERE minute <= $1', [minute]);
      const ts = quoteIdent(TIMESTAMP_COLUMN);
      await addRollups(ctx, db, `${ts} >= ${minute * MINUTE} AND ${ts} < ${(minute + 1) * MINUTE}`);
    }
    await db.run('COMMIT');
    return res.rowsChanged;
  } catch (error) {
    await db.run('ROLLBACK').catch(() => undefined);
    await loadRollupState(ctx, db).catch(() => undefined);
    throw error;
  }
}
