/**
 * Opening the database file, creating the store's tables, and upgrading files made by older
 * versions (primary key on id, required `_source`, no `_shape`, no raw-text columns, no rollups)
 * when they are opened for writing. A read-only open changes nothing: the reads cope with what an
 * older file lacks.
 */
import { DriftwoodError } from '@driftwood/core';
import { DuckDBInstance } from '@duckdb/node-api';
import { TIMESTAMP_COLUMN } from './columns.ts';
import type { EmbeddedStoreOptions, StoreContext } from './context.ts';
import { addRollups, loadRollupState } from './loader.ts';
import { ROLLUP_TABLES } from './rollups.ts';
import { loadSchema, refreshTableColumns } from './schema-evolution.ts';
import { quoteIdent } from './sql.ts';

/** WAL size that triggers a checkpoint. */
const CHECKPOINT_THRESHOLD = '256MB';

/** Opens the database file; a file held by another process is STORE_UNAVAILABLE, said so. */
export async function openDatabase(options: EmbeddedStoreOptions): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(
      options.path,
      // A larger WAL between checkpoints: with the 16 MB default, ingest re-compresses the same
      // partly filled row groups several times over (measured: ~40% of insert time).
      options.readOnly ? { access_mode: 'READ_ONLY' } : { checkpoint_threshold: CHECKPOINT_THRESHOLD },
    );
  } catch (error) {
    const message = String((error as Error).message ?? error);
    const held = /lock|Conflicting/i.test(message);
    throw new DriftwoodError(
      'STORE_UNAVAILABLE',
      held
        ? `the data file ${options.path} is held by another Driftwood process; talk to it over HTTP instead`
        : `cannot open ${options.path}: ${message}`,
      { cause: error },
    );
  }
}

/**
 * Creates the tables a writable store needs and brings an older file up to date; a file from
 * before rollups gets them counted once, from every event it holds.
 */
export async function migrate(ctx: StoreContext): Promise<void> {
  const db = ctx.db;
  await db.run(
    // No primary key: ids are kept unique by the write path (IdHashSet + a check of real ids),
    // which costs far less per row than maintaining an index. Files made with a primary key on
    // id keep it; the write path never sends it a repeated id.
    `CREATE TABLE IF NOT EXISTS events (id VARCHAR NOT NULL, ${quoteIdent(TIMESTAMP_COLUMN)} BIGINT NOT NULL, _source VARCHAR, _shape INTEGER)`,
  );
  // files made before synthetic source (shapes.ts): _source was required and _shape absent
  const [source] = await ctx.rows(
    "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = '_source'",
    [],
    db,
  );
  if (source?.is_nullable === 'NO') await db.run('ALTER TABLE events ALTER COLUMN _source DROP NOT NULL');
  await db.run('ALTER TABLE events ADD COLUMN IF NOT EXISTS _shape INTEGER');
  await db.run('CREATE TABLE IF NOT EXISTS _shapes (id INTEGER PRIMARY KEY, template VARCHAR NOT NULL)');
  await db.run(
    'CREATE TABLE IF NOT EXISTS _fields (name VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, list BOOLEAN NOT NULL, has_column BOOLEAN NOT NULL)',
  );
  await db.run(
    'CREATE TABLE IF NOT EXISTS _objects (type VARCHAR NOT NULL, id VARCHAR NOT NULL, title VARCHAR, attributes VARCHAR, updated_at VARCHAR, PRIMARY KEY (type, id))',
  );
  await loadRollupState(ctx, db);
  if (!ctx.rollupsReady) {
    // a file from before rollups: count what it holds once
    await db.run('BEGIN TRANSACTION');
    for (const sql of ROLLUP_TABLES) await db.run(sql);
    await loadSchema(ctx);
    await addRollups(ctx, db, 'TRUE');
    await db.run('COMMIT');
  }
}

/** Text columns made before synthetic source have no raw-value column yet: adds them (the schema loaded). */
export async function addRawColumns(ctx: StoreContext): Promise<void> {
  const have = new Set(ctx.tableColumns.map((c) => c.name));
  const missing = [...ctx.columns.values()].filter((c) => c.rawColumn !== undefined && !have.has(c.rawColumn));
  for (const c of missing)
    await ctx.db.run(`ALTER TABLE events ADD COLUMN ${quoteIdent(c.rawColumn as string)} VARCHAR`);
  if (missing.length > 0) await refreshTableColumns(ctx);
}
