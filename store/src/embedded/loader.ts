/**
 * From the ingest log to the events table: acknowledged rows wait in log files (ingest-log.ts)
 * and are loaded one file per transaction, on a connection of their own so that writes and reads
 * go on meanwhile. Each load records the file's sequence number and adds its rows' per-minute
 * counts to the rollups (rollups.ts) in the same transaction.
 */
import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import type { DuckDBConnection } from '@duckdb/node-api';
import { num, type StoreContext } from './context.ts';
import { IngestLog, type LogFile } from './ingest-log.ts';
import { rollupSelect, tooWideSql } from './rollups.ts';

/**
 * A log file is closed and loaded once it holds this many rows (or REFRESH_MS after a write, or on
 * a read): DuckDB's row group size. A load of whole row groups by one thread is written straight
 * into the database file; smaller or multi-threaded loads leave partial row groups that go through
 * the WAL and are compressed again at the checkpoint (measured: 5.1 vs 7.7 µs of CPU per row).
 */
export const LOAD_ROWS = 122_880;
/** A write waits for the loads when the log holds more than this many rows. */
const MAX_PENDING_ROWS = 4 * LOAD_ROWS;
/** Rows of a quiet writer are loaded after this long at most. */
const REFRESH_MS = 1000;

export class Loader {
  private readonly ctx: StoreContext;
  /** Acknowledged rows not yet in the events table (see ingest-log.ts); writable stores only. */
  private ingestLog?: IngestLog;
  /** Files to load before the log's current one: left by a crash, or whose load failed. */
  private queued: LogFile[] = [];
  /** The load in flight, on its own connection so that writes and reads go on meanwhile. */
  private loadConn?: DuckDBConnection;
  private loading?: Promise<void>;
  private loadError?: Error;
  private refreshTimer?: NodeJS.Timeout;
  /** A directory made for the log of an in-memory database, removed on close. */
  private tempLogDir?: string;

  constructor(ctx: StoreContext) {
    this.ctx = ctx;
  }

  /** The ingest log (undefined: the store is read-only, or closed). */
  get log(): IngestLog | undefined {
    return this.ingestLog;
  }

  /** The last load failed (the next write retries it first). */
  get failed(): boolean {
    return this.loadError !== undefined;
  }

  /**
   * Opens the ingest log and loads what an earlier process left in it: files whose sequence is
   * past the last one loaded (recorded with the rows, in one transaction) are loaded now, the
   * others were loaded already and are deleted.
   */
  async open(): Promise<void> {
    const { ctx } = this;
    const fresh =
      (await ctx.rows("SELECT 1 FROM information_schema.tables WHERE table_name = '_ingest'", [], ctx.db)).length === 0;
    await ctx.db.run('CREATE TABLE IF NOT EXISTS _ingest (loaded_seq BIGINT NOT NULL)');
    const [row] = await ctx.rows('SELECT max(loaded_seq) AS s FROM _ingest', [], ctx.db);
    const loaded = row?.s === null || row?.s === undefined ? 0 : num(row.s);
    let dir: string;
    if (ctx.options.path === ':memory:' || ctx.options.path === '') {
      this.tempLogDir = await mkdtemp(path.join(tmpdir(), 'driftwood-ingest-'));
      dir = this.tempLogDir;
    } else dir = `${ctx.options.path}.ingest`;
    // a database that never had a log cannot have rows in one: a log there belongs to a database
    // file since deleted or replaced; it is set aside, not loaded into this one
    if (fresh && existsSync(dir)) renameSync(dir, `${dir}.orphaned-${Date.now()}`);
    const leftovers = IngestLog.leftovers(dir);
    for (const file of leftovers) if (file.seq <= loaded || file.rows === 0) rmSync(file.file, { force: true });
    this.queued = leftovers.filter((f) => f.seq > loaded && f.rows > 0);
    this.ingestLog = new IngestLog(dir, Math.max(loaded, ...leftovers.map((f) => f.seq)) + 1);
    this.loadConn = await (ctx.instance as NonNullable<StoreContext['instance']>).connect();
    await this.drain();
  }

  /** Hands a full log file over for loading. */
  async takeFull(): Promise<void> {
    const full = await this.ingestLog?.take();
    if (full) this.queued.push(full);
  }

  /** Starts loading the oldest pending file, unless a load is in flight (then returns that one). */
  private startLoad(): Promise<void> {
    if (this.loading) return this.loading;
    const run = async () => {
      let file = this.queued[0];
      if (!file) {
        file = await this.ingestLog?.take();
        if (!file) return;
        this.queued.push(file);
      }
      await this.ctx.answers.change(() => this.loadFile(file));
      this.queued.shift();
    };
    this.loading = run()
      .then(
        () => {
          this.loadError = undefined;
        },
        (error: unknown) => {
          this.loadError = error as Error;
          throw error;
        },
      )
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Loads one log file into the events table, with its sequence number, in one transaction. */
  private async loadFile(file: LogFile): Promise<void> {
    const { ctx } = this;
    const conn = this.loadConn as DuckDBConnection;
    const encoder = ctx.csvEncoder();
    await conn.run('BEGIN TRANSACTION');
    try {
      const [last] = await ctx.rows('SELECT max(rowid) AS m FROM events', [], conn);
      // One thread: see LOAD_ROWS; it also leaves the other core to the writes being encoded
      // (reads on other connections get one thread meanwhile).
      await conn.run('SET threads = 1');
      try {
        await conn.run(encoder.insertSql(file.file, file.longestLine));
        // the rows just added are those past the last rowid before them
        await addRollups(ctx, conn, `rowid > ${last?.m === null || last?.m === undefined ? -1 : num(last.m)}`);
      } finally {
        await conn.run('RESET threads');
      }
      await conn.run('DELETE FROM _ingest');
      await conn.run('INSERT INTO _ingest VALUES ($1)', [file.seq]);
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      await loadRollupState(ctx, conn).catch(() => undefined);
      throw new DriftwoodError(
        'STORE_UNAVAILABLE',
        `cannot load ${file.rows} acknowledged events from ${file.file} into the embedded store (kept there, retried on the next write): ${(error as Error).message}`,
        { cause: error },
      );
    }
    rmSync(file.file, { force: true });
  }

  /** Loads every pending row: the load in flight, queued files, then the log's current file. */
  async drain(): Promise<void> {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
    while (this.loading || this.queued.length > 0 || (this.ingestLog?.pendingRows ?? 0) > 0) await this.startLoad();
  }

  /** After a write: load now when the log is large, else in REFRESH_MS at most; wait when DuckDB is behind. */
  async afterWrite(): Promise<void> {
    if (this.queued.length > 0) {
      this.startLoad().catch(() => undefined); // seen by the next write (loadError) or drain
    } else if ((this.ingestLog?.pendingRows ?? 0) > 0) {
      this.refreshTimer ??= setTimeout(() => {
        this.refreshTimer = undefined;
        this.startLoad().catch(() => undefined);
      }, REFRESH_MS).unref();
    }
    while (this.queued.reduce((n, f) => n + f.rows, 0) > MAX_PENDING_ROWS) await this.startLoad();
  }

  /** What a read waits for once the writes in progress are done: their rows loaded (load errors do not fail reads). */
  async readable(): Promise<void> {
    if (this.ingestLog) await this.drain().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.ingestLog) {
      await this.drain().catch(() => undefined); // what is not loaded stays in the log, loaded on the next open
      await this.ingestLog.close();
      try {
        rmdirSync(this.ingestLog.dir); // when empty: nothing is waiting
      } catch {}
      this.ingestLog = undefined;
    }
    if (this.tempLogDir) rmSync(this.tempLogDir, { recursive: true, force: true });
    this.loadConn?.closeSync();
    this.loadConn = undefined;
  }
}

/**
 * Adds the per-minute counts of the events matching `where` to the rollups, in the caller's
 * transaction. A field with too many values per minute leaves the rollups for good.
 */
export async function addRollups(ctx: StoreContext, conn: DuckDBConnection, where: string): Promise<void> {
  const cols = [...ctx.columns.values()].filter((c) => ctx.rolled(c));
  await conn.run(`CREATE OR REPLACE TEMP TABLE _new_rollup AS ${rollupSelect(cols, where)}`);
  const wide = (await conn.runAndReadAll(tooWideSql('_new_rollup'))).getRowObjectsJS().map((r) => String(r.field));
  for (const field of wide) {
    await conn.run('INSERT OR IGNORE INTO _rollup_skip VALUES ($1)', [field]);
    await conn.run('DELETE FROM _rollup WHERE field = $1', [field]);
    await conn.run('DELETE FROM _new_rollup WHERE field = $1', [field]);
  }
  await conn.run('INSERT INTO _rollup SELECT minute, field, value, count FROM _new_rollup');
  await conn.run('DROP TABLE _new_rollup');
  // at once: reads fall back to the events for it (a rolled-back load reloads the list)
  for (const field of wide) ctx.rollupSkip.add(field);
}

/** Reads the rollup state: whether the tables exist (files of older versions), and the fields left out. */
export async function loadRollupState(ctx: StoreContext, conn: DuckDBConnection): Promise<void> {
  const tables = await ctx.rows(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_name IN ('_rollup', '_rollup_skip')",
    [],
    conn,
  );
  ctx.rollupsReady = tables.length === 2;
  ctx.rollupSkip = new Set(
    ctx.rollupsReady ? (await ctx.rows('SELECT field FROM _rollup_skip', [], conn)).map((r) => String(r.field)) : [],
  );
}
