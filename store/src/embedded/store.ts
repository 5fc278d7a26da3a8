/**
 * The embedded store: one DuckDB file, owned by one process (see store/README.md for how the
 * UI, alerting and the CLI reach it). Columns are created per field as fields appear; text
 * fields are kept as token strings (` tok1 tok2 `) so word and phrase matches are substring
 * tests; the original document is kept as JSON and returned as is.
 */

import { existsSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftwoodError, type FieldType, type LogDocument, type LogEvent } from '@driftwood/core';
import { type DuckDBConnection, DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type {
  AggregateRequest,
  AggregationResult,
  AggregationSpec,
  FieldInfo,
  HistogramBucket,
  LogStore,
  QueryInput,
  SavedObject,
  SearchHit,
  SearchRequest,
  SearchResponse,
  TailOptions,
  TermsBucket,
  WriteOutcome,
} from '../contract.ts';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../contract.ts';
import { fillHistogram, histogramInterval } from '../histogram.ts';
import { planQuery } from '../query-plan.ts';
import { FieldCatalog } from '../schema.ts';
import { pollTail } from '../tail.ts';
import { type ColumnInfo, columnFor, sqlType, TIMESTAMP_COLUMN } from './columns.ts';
import { type FacetSpec, facetable, facetResults, facetSql, MAX_FACETS_PER_QUERY, termKey } from './facets.ts';
import { type FastPath, plainPaths } from './fast-paths.ts';
import { FastRowEncoder } from './fast-row.ts';
import { IdHashSet, idHash } from './id-set.ts';
import { IngestLog, type LogFile } from './ingest-log.ts';
import { CsvEncoder, type PreparedRow, RowBuffer, type TableColumn } from './load.ts';
import { ConnectionPool } from './pool.ts';
import {
  MINUTE,
  ROLLUP_TABLES,
  rollable,
  rollupCovers,
  rollupFacetSql,
  rollupResults,
  rollupSelect,
  tooWideSql,
} from './rollups.ts';
import { SchemaGate } from './schema-gate.ts';
import { rebuildDocument, ShapeRegistry } from './shapes.ts';
import { type Compiled, compilePlan, quoteIdent, type SqlParam } from './sql.ts';

export { FAST_PATHS, type FastPath } from './fast-paths.ts';

export interface EmbeddedStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Open read-only (another process may not hold it for writing at the same time). */
  readOnly?: boolean;
  /** Fast paths to turn off (true: all): the store then answers by the plain path. Default: DRIFTWOOD_EMBEDDED_PLAIN (`all`, or a comma list). */
  plain?: boolean | readonly FastPath[];
}

type Row = Record<string, unknown>;

/** Where aggregations read from: the events table with a filter, or a temp table of matches. */
/** Schema changes for a write: statements, and catalogue rows (field, type, list). */
interface ColumnPlan {
  changes: string[];
  persist: Array<[string, FieldType, boolean]>;
  /** The column map once the changes are made. */
  columns: Map<string, ColumnInfo>;
}

/** An event of a write prepared by the field catalogue (not taken by the fast path): its place in the write. */
type SlowRow = PreparedRow & { index: number };

interface AggSource {
  table: string;
  where: string;
  params: SqlParam[];
}

const TIMESTAMP_INFO: ColumnInfo = { field: TIMESTAMP_COLUMN, type: 'date', column: TIMESTAMP_COLUMN, list: false };

/** WAL size that triggers a checkpoint. */
const CHECKPOINT_THRESHOLD = '256MB';
/** A write is encoded and appended to the ingest log in parts of up to this many events. */
const PART_ROWS = 2_500;
/**
 * A log file is closed and loaded once it holds this many rows (or REFRESH_MS after a write, or on
 * a read): DuckDB's row group size. A load of whole row groups by one thread is written straight
 * into the database file; smaller or multi-threaded loads leave partial row groups that go through
 * the WAL and are compressed again at the checkpoint (measured: 5.1 vs 7.7 µs of CPU per row).
 */
const LOAD_ROWS = 122_880;
/** A write waits for the loads when the log holds more than this many rows. */
const MAX_PENDING_ROWS = 4 * LOAD_ROWS;
/** Rows of a quiet writer are loaded after this long at most. */
const REFRESH_MS = 1000;
/** Slices of the time range searched first for a page of hits (see newestFirst). */
const HIT_PROBE_FRACTIONS = [1 / 1024, 1 / 64, 1 / 8];
/** Read connections: a Discover page issues hit count, hits and aggregations together. */
const READ_CONNECTIONS = 4;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));
/** Name of the match count a facet query adds for a search in flight (not a user's aggregation). */
const MATCHES = '\u0000matches';
/** Searches and aggregations in flight for one filter (see EmbeddedStore.sharedCount). */
interface CountShare {
  key: string;
  /** Aggregations computing the filter's match count. */
  computing: number;
  /** Searches waiting for a count: each is told every count computed while it waits. */
  waiting: Set<(count: number | undefined) => void>;
}

/** A filter's identity: its SQL and parameters. */
const countKey = (w: Compiled): string => JSON.stringify([w.sql, w.params]);

export class EmbeddedStore implements LogStore {
  readonly kind = 'embedded' as const;
  private readonly options: EmbeddedStoreOptions;
  /** Fast paths turned off (see fast-paths.ts): those answer by the plain path. */
  private readonly off: ReadonlySet<FastPath>;
  private instance?: DuckDBInstance;
  private conn?: DuckDBConnection;
  /** Connections for reads, so that the queries of one page run side by side. */
  private readers?: ConnectionPool;
  private catalog = new FieldCatalog();
  /** Shapes of documents stored without `_source` (see shapes.ts). */
  private shapes = new ShapeRegistry();
  /** Fields that have a column, by field name. */
  private columns = new Map<string, ColumnInfo>();
  /** Keeps reads and column changes apart (reads run side by side on pooled connections). */
  private readonly gate = new SchemaGate();
  /** Physical column order of the events table (for the appender). */
  private tableColumns: TableColumn[] = [];
  /** Encodes rows for the current table layout (reset when the layout changes). */
  private encoder?: CsvEncoder;
  /** Encodes plain events for the current table layout (reset with `encoder`). */
  private fastEncoder?: FastRowEncoder;
  /** Acknowledged rows not yet in the events table (see ingest-log.ts); writable stores only. */
  private log?: IngestLog;
  /** Files to load before the log's current one: left by a crash, or whose load failed. */
  private queued: LogFile[] = [];
  /** The load in flight, on its own connection so that writes and reads go on meanwhile. */
  private loadConn?: DuckDBConnection;
  private loading?: Promise<void>;
  private loadError?: Error;
  /** Rollups (rollups.ts): usable, and the fields they leave out. */
  private rollupsReady = false;
  private rollupSkip = new Set<string>();
  private refreshTimer?: NodeJS.Timeout;
  /** The CSV bytes of the part being encoded (reused: parts are appended one at a time). */
  /** Row buffers of the part being encoded and of the part being appended (see appendEvents). */
  private readonly rowBuffers = [new RowBuffer(), new RowBuffer()];
  /** A directory made for the log of an in-memory database, removed on close. */
  private tempLogDir?: string;
  /** Hashes of the ids stored, loaded on the first write (see id-set.ts). */
  private ids?: IdHashSet;
  private lock: Promise<unknown> = Promise.resolve();
  private aggCounter = 0;
  /** Match counts shared between searches and aggregations in flight, by filter (see sharedCount). */
  private readonly countShares = new Map<string, CountShare>();

  constructor(options: EmbeddedStoreOptions) {
    this.options = options;
    this.off = plainPaths(options.plain);
  }

  /** Whether a fast path is on (else the store answers by the plain path). */
  private fast(path: FastPath): boolean {
    return !this.off.has(path);
  }

  private get db(): DuckDBConnection {
    if (!this.conn) throw new DriftwoodError('STORE_UNAVAILABLE', 'the embedded store is not open (call init first)');
    return this.conn;
  }

  /** Runs writes and schema changes one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  async init(): Promise<void> {
    if (this.conn) return;
    try {
      this.instance = await DuckDBInstance.create(
        this.options.path,
        // A larger WAL between checkpoints: with the 16 MB default, ingest re-compresses the same
        // partly filled row groups several times over (measured: ~40% of insert time).
        this.options.readOnly ? { access_mode: 'READ_ONLY' } : { checkpoint_threshold: CHECKPOINT_THRESHOLD },
      );
    } catch (error) {
      const message = String((error as Error).message ?? error);
      const held = /lock|Conflicting/i.test(message);
      throw new DriftwoodError(
        'STORE_UNAVAILABLE',
        held
          ? `the data file ${this.options.path} is held by another Driftwood process; talk to it over HTTP instead`
          : `cannot open ${this.options.path}: ${message}`,
        { cause: error },
      );
    }
    this.conn = await this.instance.connect();
    this.readers = new ConnectionPool(this.instance, READ_CONNECTIONS);
    if (!this.options.readOnly) {
      await this.db.run(
        // No primary key: ids are kept unique by the write path (IdHashSet + a check of real ids),
        // which costs far less per row than maintaining an index. Files made with a primary key on
        // id keep it; the write path never sends it a repeated id.
        `CREATE TABLE IF NOT EXISTS events (id VARCHAR NOT NULL, ${quoteIdent(TIMESTAMP_COLUMN)} BIGINT NOT NULL, _source VARCHAR, _shape INTEGER)`,
      );
      // files made before synthetic source (shapes.ts): _source was required and _shape absent
      const [source] = await this.rows(
        "SELECT is_nullable FROM information_schema.columns WHERE table_name = 'events' AND column_name = '_source'",
        [],
        this.db,
      );
      if (source?.is_nullable === 'NO') await this.db.run('ALTER TABLE events ALTER COLUMN _source DROP NOT NULL');
      await this.db.run('ALTER TABLE events ADD COLUMN IF NOT EXISTS _shape INTEGER');
      await this.db.run('CREATE TABLE IF NOT EXISTS _shapes (id INTEGER PRIMARY KEY, template VARCHAR NOT NULL)');
      await this.db.run(
        'CREATE TABLE IF NOT EXISTS _fields (name VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, list BOOLEAN NOT NULL, has_column BOOLEAN NOT NULL)',
      );
      await this.db.run(
        'CREATE TABLE IF NOT EXISTS _objects (type VARCHAR NOT NULL, id VARCHAR NOT NULL, title VARCHAR, attributes VARCHAR, updated_at VARCHAR, PRIMARY KEY (type, id))',
      );
      await this.loadRollupState(this.db);
      if (!this.rollupsReady) {
        // a file from before rollups: count what it holds once
        await this.db.run('BEGIN TRANSACTION');
        for (const sql of ROLLUP_TABLES) await this.db.run(sql);
        await this.loadSchema();
        await this.addRollups(this.db, 'TRUE');
        await this.db.run('COMMIT');
      }
    }
    await this.loadSchema();
    await this.loadRollupState(this.db);
    if (!this.options.readOnly) await this.openIngestLog();
  }

  /**
   * Opens the ingest log and loads what an earlier process left in it: files whose sequence is
   * past the last one loaded (recorded with the rows, in one transaction) are loaded now, the
   * others were loaded already and are deleted.
   */
  private async openIngestLog(): Promise<void> {
    const fresh =
      (await this.rows("SELECT 1 FROM information_schema.tables WHERE table_name = '_ingest'", [], this.db)).length ===
      0;
    await this.db.run('CREATE TABLE IF NOT EXISTS _ingest (loaded_seq BIGINT NOT NULL)');
    const [row] = await this.rows('SELECT max(loaded_seq) AS s FROM _ingest', [], this.db);
    const loaded = row?.s === null || row?.s === undefined ? 0 : num(row.s);
    let dir: string;
    if (this.options.path === ':memory:' || this.options.path === '') {
      this.tempLogDir = await mkdtemp(path.join(tmpdir(), 'driftwood-ingest-'));
      dir = this.tempLogDir;
    } else dir = `${this.options.path}.ingest`;
    // a database that never had a log cannot have rows in one: a log there belongs to a database
    // file since deleted or replaced; it is set aside, not loaded into this one
    if (fresh && existsSync(dir)) renameSync(dir, `${dir}.orphaned-${Date.now()}`);
    const leftovers = IngestLog.leftovers(dir);
    for (const file of leftovers) if (file.seq <= loaded || file.rows === 0) rmSync(file.file, { force: true });
    this.queued = leftovers.filter((f) => f.seq > loaded && f.rows > 0);
    this.log = new IngestLog(dir, Math.max(loaded, ...leftovers.map((f) => f.seq)) + 1);
    this.loadConn = await (this.instance as DuckDBInstance).connect();
    await this.drain();
  }

  /** Starts loading the oldest pending file, unless a load is in flight (then returns that one). */
  private startLoad(): Promise<void> {
    if (this.loading) return this.loading;
    const run = async () => {
      let file = this.queued[0];
      if (!file) {
        file = await this.log?.take();
        if (!file) return;
        this.queued.push(file);
      }
      await this.loadFile(file);
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
    const conn = this.loadConn as DuckDBConnection;
    this.encoder ??= new CsvEncoder(this.tableColumns, (f) => this.columns.get(f));
    await conn.run('BEGIN TRANSACTION');
    try {
      const [last] = await this.rows('SELECT max(rowid) AS m FROM events', [], conn);
      // One thread: see LOAD_ROWS; it also leaves the other core to the writes being encoded
      // (reads on other connections get one thread meanwhile).
      await conn.run('SET threads = 1');
      try {
        await conn.run(this.encoder.insertSql(file.file, file.longestLine));
        // the rows just added are those past the last rowid before them
        await this.addRollups(conn, `rowid > ${last?.m === null || last?.m === undefined ? -1 : num(last.m)}`);
      } finally {
        await conn.run('RESET threads');
      }
      await conn.run('DELETE FROM _ingest');
      await conn.run('INSERT INTO _ingest VALUES ($1)', [file.seq]);
      await conn.run('COMMIT');
    } catch (error) {
      await conn.run('ROLLBACK').catch(() => undefined);
      await this.loadRollupState(conn).catch(() => undefined);
      throw new DriftwoodError(
        'STORE_UNAVAILABLE',
        `cannot load ${file.rows} acknowledged events from ${file.file} into the embedded store (kept there, retried on the next write): ${(error as Error).message}`,
        { cause: error },
      );
    }
    rmSync(file.file, { force: true });
  }

  /** Whether a column's values are counted in the rollups (see rollups.ts). */
  private rolled(col: ColumnInfo): boolean {
    return rollable(col) && !this.rollupSkip.has(col.field);
  }

  /**
   * Adds the per-minute counts of the events matching `where` to the rollups, in the caller's
   * transaction. A field with too many values per minute leaves the rollups for good.
   */
  private async addRollups(conn: DuckDBConnection, where: string): Promise<void> {
    const cols = [...this.columns.values()].filter((c) => this.rolled(c));
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
    for (const field of wide) this.rollupSkip.add(field);
  }

  /** Reads the rollup state: whether the table exists (files of older versions), and the fields left out. */
  private async loadRollupState(conn: DuckDBConnection): Promise<void> {
    const tables = await this.rows(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_name IN ('_rollup', '_rollup_skip')",
      [],
      conn,
    );
    this.rollupsReady = tables.length === 2;
    this.rollupSkip = new Set(
      this.rollupsReady
        ? (await this.rows('SELECT field FROM _rollup_skip', [], conn)).map((r) => String(r.field))
        : [],
    );
  }

  /** Loads every pending row: the load in flight, queued files, then the log's current file. */
  private async drain(): Promise<void> {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
    while (this.loading || this.queued.length > 0 || (this.log?.pendingRows ?? 0) > 0) await this.startLoad();
  }

  /** After a write: load now when the log is large, else in REFRESH_MS at most. */
  private scheduleLoad(): void {
    if (this.queued.length > 0) {
      this.startLoad().catch(() => undefined); // seen by the next write (loadError) or drain
      return;
    }
    if ((this.log?.pendingRows ?? 0) === 0) return;
    this.refreshTimer ??= setTimeout(() => {
      this.refreshTimer = undefined;
      this.startLoad().catch(() => undefined);
    }, REFRESH_MS).unref();
  }

  /** What a read waits for: writes in progress, then their rows loaded (load errors do not fail reads). */
  private async readable(): Promise<void> {
    await this.lock;
    if (this.log) await this.drain().catch(() => undefined);
  }

  private async loadSchema(): Promise<void> {
    const rows = (await this.db.runAndReadAll('SELECT name, type, list, has_column FROM _fields')).getRowObjectsJS();
    const known: Array<[string, FieldType]> = rows.map((r) => [String(r.name), String(r.type) as FieldType]);
    this.catalog = new FieldCatalog(known);
    const columns = new Map<string, ColumnInfo>();
    for (const r of rows) {
      if (r.has_column)
        columns.set(String(r.name), columnFor(String(r.name), String(r.type) as FieldType, Boolean(r.list)));
    }
    this.columns = columns;
    const shapes = await this.db
      .runAndReadAll('SELECT id, template FROM _shapes')
      .then((r) => r.getRowObjectsJS().map((row): [number, string] => [num(row.id), String(row.template)]))
      .catch(() => [] as Array<[number, string]>); // a read-only file from before synthetic source
    this.shapes = new ShapeRegistry(shapes);
    await this.refreshTableColumns();
    if (!this.options.readOnly) {
      // text columns made before synthetic source have no raw-value column yet
      const have = new Set(this.tableColumns.map((c) => c.name));
      const missing = [...columns.values()].filter((c) => c.rawColumn !== undefined && !have.has(c.rawColumn));
      for (const c of missing)
        await this.db.run(`ALTER TABLE events ADD COLUMN ${quoteIdent(c.rawColumn as string)} VARCHAR`);
      if (missing.length > 0) await this.refreshTableColumns();
    }
  }

  private async refreshTableColumns(): Promise<void> {
    const rows = (
      await this.db.runAndReadAll(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
      )
    ).getRowObjectsJS();
    this.tableColumns = rows.map((r) => ({ name: String(r.column_name), sqlType: String(r.data_type) }));
    this.encoder = undefined;
    this.fastEncoder = undefined;
  }

  private column(field: string): ColumnInfo | undefined {
    if (field === TIMESTAMP_COLUMN) return TIMESTAMP_INFO;
    return this.columns.get(field);
  }

  /**
   * The schema changes a part of a write needs: columns for new fields, scalar columns turned
   * into lists when a field gets several values, catalogue rows. Updates the column map at once;
   * `applyColumns` makes the table match.
   */
  private planColumns(prepared: PreparedRow[], declared: Map<string, FieldType>): ColumnPlan {
    const changes: string[] = [];
    const persist: Array<[string, FieldType, boolean]> = [];
    for (const [field, type] of declared) {
      if (type === 'object') persist.push([field, type, false]);
    }
    const needed = new Map<string, boolean>();
    for (const { prepared: p } of prepared) {
      for (const [field, values] of p.values) {
        if (field === TIMESTAMP_COLUMN) continue;
        const existing = this.columns.get(field);
        // the common case: a column that already holds what this event brings
        if (existing !== undefined && (existing.list || (values.length <= 1 && field !== 'tags'))) continue;
        const type = this.catalog.get(field);
        const multi = type !== 'text' && values.length > 1;
        needed.set(field, (needed.get(field) ?? false) || multi || field === 'tags');
      }
    }
    // the columns after the changes; this.columns stays as it is until they are applied
    let changed: Map<string, ColumnInfo> | undefined;
    const columns = () => {
      changed ??= new Map(this.columns);
      return changed;
    };
    for (const [field, wantList] of needed) {
      const type = this.catalog.get(field) as FieldType;
      const existing = this.columns.get(field);
      if (!existing) {
        const info = columnFor(field, type, wantList);
        const t = sqlType(type) + (wantList ? '[]' : '');
        // Token strings are stored uncompressed: free-text search scans them whole, and FSST
        // decompression was half its time (measured: Discover `refused` at 1M 45 -> 35 ms, +35 MB
        // per million events). Files made before keep their compressed column.
        const compression = type === 'text' ? ' USING COMPRESSION uncompressed' : '';
        changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.column)} ${t}${compression}`);
        if (info.ip4Column)
          changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.ip4Column)} BIGINT${wantList ? '[]' : ''}`);
        if (info.rawColumn) changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.rawColumn)} VARCHAR`);
        columns().set(field, info);
        persist.push([field, type, wantList]);
      } else if (wantList && !existing.list) {
        const t = `${sqlType(type)}[]`;
        const id = quoteIdent(existing.column);
        changes.push(
          `ALTER TABLE events ALTER COLUMN ${id} TYPE ${t} USING CASE WHEN ${id} IS NULL THEN NULL ELSE [${id}] END`,
        );
        if (existing.ip4Column) {
          const ip = quoteIdent(existing.ip4Column);
          changes.push(
            `ALTER TABLE events ALTER COLUMN ${ip} TYPE BIGINT[] USING CASE WHEN ${ip} IS NULL THEN NULL ELSE [${ip}] END`,
          );
        }
        columns().set(field, { ...existing, list: true });
        persist.push([field, type, true]);
      }
    }
    return { changes, persist, columns: changed ?? this.columns };
  }

  private async applyColumns({ changes, persist, columns }: ColumnPlan): Promise<void> {
    this.columns = columns;
    for (const sql of changes) await this.db.run(sql);
    for (const [field, type, list] of persist) {
      await this.db.run('INSERT OR REPLACE INTO _fields VALUES ($1, $2, $3, $4)', [
        field,
        type,
        list,
        columns.has(field),
      ]);
    }
    if (changes.length > 0) await this.refreshTableColumns();
    // paths the fast encoder found unknown may be declared now
    else if (persist.length > 0) this.fastEncoder = undefined;
  }

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.exclusive(() => this.writeNow(events));
  }

  private async writeNow(events: LogEvent[]): Promise<WriteOutcome[]> {
    if (events.length === 0) return [];
    if (this.loadError) await this.drain(); // a failed load is retried; if it fails again, so does this write
    if (!this.fast('id-set')) return this.writePlain(events);
    const ids = this.ids ?? (await this.loadIds());
    const outcomes: WriteOutcome[] = new Array(events.length);
    // ids of this batch, as hashes; the ids themselves only once a hash comes twice
    const batch = new IdHashSet(events.length);
    let batchIds: Set<string> | undefined;
    /** Places in the write of the events not stored yet. */
    const fresh: number[] = [];
    const maybeStored: string[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as LogEvent;
      if (typeof event.id !== 'string' || event.id === '') {
        outcomes[i] = {
          id: String(event.id ?? ''),
          status: 'rejected',
          reason: 'the event has no id',
          retryable: false,
        };
        continue;
      }
      const hash = idHash(event.id);
      if (!batch.add(hash)) {
        batchIds ??= new Set(fresh.map((f) => (events[f] as LogEvent).id));
        if (batchIds.has(event.id)) {
          outcomes[i] = { id: event.id, status: 'duplicate' };
          continue;
        }
      }
      batchIds?.add(event.id);
      // known from now on: should this write fail, a retry checks the table for these ids
      if (!ids.add(hash)) maybeStored.push(event.id);
      fresh.push(i);
    }
    // ids still in the ingest log are not in the table yet
    if (maybeStored.length > 0) await this.drain();
    const stored = maybeStored.length > 0 ? await this.storedIds(maybeStored) : undefined;
    const todo = stored
      ? fresh.filter((index) => {
          const { id } = events[index] as LogEvent;
          if (!stored.has(id)) return true;
          outcomes[index] = { id, status: 'duplicate' };
          return false;
        })
      : fresh;
    return this.store(events, todo, outcomes);
  }

  /** Appends the events not stored yet (`todo`), then schedules their load. */
  private async store(events: LogEvent[], todo: number[], outcomes: WriteOutcome[]): Promise<WriteOutcome[]> {
    if (todo.length === 0) return outcomes;
    await this.appendEvents(events, todo, outcomes);
    this.scheduleLoad();
    // DuckDB is behind: wait for it
    while (this.queued.reduce((n, f) => n + f.rows, 0) > MAX_PENDING_ROWS) await this.startLoad();
    return outcomes;
  }

  /**
   * A write by the plain path (id-set off): the ingest log drained, so that the table holds every
   * acknowledged id, then every id looked up in the table, and the batch deduplicated by its ids.
   */
  private async writePlain(events: LogEvent[]): Promise<WriteOutcome[]> {
    await this.drain();
    const outcomes: WriteOutcome[] = new Array(events.length);
    const seen = new Set<string>();
    const fresh: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as LogEvent;
      if (typeof event.id !== 'string' || event.id === '') {
        outcomes[i] = {
          id: String(event.id ?? ''),
          status: 'rejected',
          reason: 'the event has no id',
          retryable: false,
        };
      } else if (seen.has(event.id)) outcomes[i] = { id: event.id, status: 'duplicate' };
      else {
        seen.add(event.id);
        fresh.push(i);
      }
    }
    const stored = fresh.length > 0 ? await this.storedIds([...seen]) : new Set<string>();
    const todo = fresh.filter((index) => {
      const { id } = events[index] as LogEvent;
      if (!stored.has(id)) return true;
      outcomes[index] = { id, status: 'duplicate' };
      return false;
    });
    return this.store(events, todo, outcomes);
  }

  /**
   * Encodes the events in parts and appends each part to the ingest log; a part is stored (and
   * its outcomes set) once its append is on disk. While one part is written and synced, the next
   * one is encoded (two row buffers take turns). Events that cannot be prepared are rejected.
   */
  private async appendEvents(events: LogEvent[], todo: number[], outcomes: WriteOutcome[]): Promise<void> {
    const log = this.log;
    if (!log) throw new DriftwoodError('STORE_UNAVAILABLE', `the embedded store ${this.options.path} is read-only`);
    const now = Date.now();
    let inFlight: { done: Promise<void>; rows: number; fastRows: number[]; slow: SlowRow[] } | undefined;
    /** Waits for the append in flight and sets its outcomes; hands a full log file over for loading. */
    const settle = async (): Promise<void> => {
      if (!inFlight) return;
      const { done, fastRows, slow } = inFlight;
      inFlight = undefined;
      try {
        await done;
      } catch (error) {
        throw new DriftwoodError('STORE_UNAVAILABLE', `cannot write the ingest log: ${(error as Error).message}`, {
          cause: error,
        });
      }
      for (const index of fastRows) outcomes[index] = { id: (events[index] as LogEvent).id, status: 'stored' };
      for (const { index, id, prepared } of slow) {
        const { conflicts } = prepared;
        outcomes[index] =
          conflicts.length > 0 ? { id, status: 'stored_with_conflicts', conflicts } : { id, status: 'stored' };
      }
      if (log.pendingRows >= LOAD_ROWS) {
        const full = await log.take();
        if (full) this.queued.push(full);
      }
    };
    try {
      for (let start = 0, turn = 0; start < todo.length; turn ^= 1) {
        // parts end where a log file is full, so that files hold whole row groups
        if (LOAD_ROWS - log.pendingRows - (inFlight?.rows ?? 0) <= 0) await settle();
        const room = LOAD_ROWS - log.pendingRows - (inFlight?.rows ?? 0);
        const part = todo.slice(start, start + Math.max(1, Math.min(PART_ROWS, room)));
        start += part.length;
        const encoded = await this.encodePart(
          events,
          part,
          outcomes,
          now,
          this.rowBuffers[turn] as RowBuffer,
          async (plan) => {
            await settle();
            let release: (() => void) | undefined;
            if (plan.changes.length > 0) {
              // rows in the log follow the current layout: load them before it changes
              await this.drain();
              release = await this.gate.exclusive();
            }
            try {
              await this.applyColumns(plan);
            } catch (error) {
              await this.loadSchema().catch(() => undefined); // the catalogue and columns as the table has them
              throw new DriftwoodError('INTERNAL', `embedded store schema change failed: ${(error as Error).message}`, {
                cause: error,
              });
            } finally {
              release?.();
            }
          },
        );
        const rows = encoded.fastRows.length + encoded.slow.length;
        if (rows === 0) continue;
        await settle(); // appends follow one another
        inFlight = {
          done: log.append(encoded.text, rows, encoded.longestLine),
          rows,
          fastRows: encoded.fastRows,
          slow: encoded.slow,
        };
      }
      await settle();
    } catch (error) {
      // a part already on disk is stored: its ids must be known, or a retry would store it twice
      await settle().catch(() => undefined);
      throw error;
    }
  }

  /**
   * CSV text for one part of a write. Plain events are encoded straight from their documents
   * (FastRowEncoder); the others are prepared by the field catalogue, which may need schema
   * changes (made through `apply` before encoding). When the table's layout changes, every event
   * of the part takes the full path, so that all rows follow the new layout.
   */
  private async encodePart(
    events: LogEvent[],
    part: number[],
    outcomes: WriteOutcome[],
    now: number,
    text: RowBuffer,
    apply: (plan: ColumnPlan) => Promise<void>,
  ): Promise<{ fastRows: number[]; slow: SlowRow[]; text: Buffer; longestLine: number }> {
    // fast-rows off: every event through the field catalogue, its JSON kept in _source
    if (this.fast('fast-rows'))
      this.fastEncoder ??= new FastRowEncoder(
        this.tableColumns,
        (f) => this.columns.get(f),
        (f) => this.catalog.get(f),
        this.shapes,
      );
    const fast = this.fastEncoder;
    text.clear();
    let fastRows: number[] = [];
    const slow: SlowRow[] = [];
    const declared = new Map<string, FieldType>();
    const prepare = (index: number) => {
      const event = events[index] as LogEvent;
      try {
        slow.push({ index, id: event.id, prepared: this.catalog.prepare(event.doc, declared, now) });
      } catch (error) {
        outcomes[index] = {
          id: event.id,
          status: 'rejected',
          reason: `cannot index: ${(error as Error).message}`,
          retryable: false,
        };
      }
    };
    for (const index of part) {
      const { id, doc } = events[index] as LogEvent;
      if (fast?.encode(id, doc, text)) fastRows.push(index);
      else prepare(index);
    }
    if (slow.length > 0) {
      const plan = this.planColumns(slow, declared);
      if (plan.changes.length > 0 || plan.persist.length > 0) await apply(plan);
      if (plan.changes.length > 0) {
        // the fast rows were encoded for the old layout
        text.clear();
        for (const item of fastRows) prepare(item);
        fastRows = [];
      }
    }
    // shapes first: a row must never name a shape that is not stored
    try {
      for (const [id, template] of this.shapes.takeNew())
        await this.db.run('INSERT INTO _shapes VALUES ($1, $2)', [id, template]);
    } catch (error) {
      this.shapes.dropPending();
      this.fastEncoder = undefined; // it may hold the id of a dropped shape
      throw error;
    }
    this.encoder ??= new CsvEncoder(this.tableColumns, (f) => this.columns.get(f));
    if (slow.length > 0) {
      const encoded = this.encoder.encode(slow, 0, slow.length);
      text.text(encoded.text, encoded.longestLine);
    }
    return { fastRows, slow, text: text.bytes(), longestLine: text.longestLine };
  }

  /** Reads the hashes of every stored id (once, on the first write). */
  private async loadIds(): Promise<IdHashSet> {
    await this.drain(); // every id in the table
    const [row] = await this.rows('SELECT count(*) AS c FROM events');
    const ids = new IdHashSet(num(row?.c ?? 0));
    const result = await this.db.stream('SELECT id FROM events');
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const vector = chunk.getColumnVector(0);
      for (let i = 0; i < vector.itemCount; i++) ids.add(idHash(vector.getItem(i) as string));
    }
    this.ids = ids;
    return ids;
  }

  /** Which of these ids (whose hashes are known) are really stored. */
  private async storedIds(candidates: string[]): Promise<Set<string>> {
    const reader = await this.db.runAndReadAll(
      'SELECT id FROM events WHERE id IN (SELECT unnest($1))',
      [listValue(candidates)],
      [LIST(VARCHAR)],
    );
    return new Set(reader.getColumnsJS()[0]?.map(String) ?? []);
  }

  /** Waits for the writes in progress, and loads their rows. */
  async flush(): Promise<void> {
    await this.lock;
    await this.drain();
  }

  private where(input: QueryInput): { sql: string; params: SqlParam[] } {
    const plan = planQuery(input.query, this.catalog);
    const compiled = compilePlan(plan, (f) => this.column(f));
    const parts = [compiled.sql];
    const params = compiled.params;
    if (input.from !== undefined) {
      params.push(input.from);
      parts.push(`${quoteIdent(TIMESTAMP_COLUMN)} >= $${params.length}`);
    }
    if (input.to !== undefined) {
      params.push(input.to);
      parts.push(`${quoteIdent(TIMESTAMP_COLUMN)} < $${params.length}`);
    }
    return { sql: parts.join(' AND '), params };
  }

  private get pool(): ConnectionPool {
    if (!this.readers)
      throw new DriftwoodError('STORE_UNAVAILABLE', 'the embedded store is not open (call init first)');
    return this.readers;
  }

  /** Runs a read on the given connection, or on a pooled one. */
  private async rows(sql: string, params: SqlParam[] = [], conn?: DuckDBConnection): Promise<Row[]> {
    try {
      const reader = conn
        ? await conn.runAndReadAll(sql, params)
        : await this.pool.use((c) => c.runAndReadAll(sql, params));
      return reader.getRowObjectsJS() as Row[];
    } catch (error) {
      if (error instanceof DriftwoodError) throw error;
      throw new DriftwoodError('INTERNAL', `embedded store query failed: ${(error as Error).message}`, {
        cause: error,
        details: { sql },
      });
    }
  }

  async count(input: QueryInput): Promise<number> {
    await this.readable();
    return this.gate.read(() => this.countNow(input));
  }

  private async countNow(input: QueryInput): Promise<number> {
    const w = this.where(input);
    const [row] = await this.rows(`SELECT count(*) AS c FROM events WHERE ${w.sql}`, w.params);
    return num(row?.c ?? 0);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.readable();
    return this.gate.read(() => this.searchNow(request));
  }

  private async searchNow(request: SearchRequest): Promise<SearchResponse> {
    const size = Math.min(Math.max(request.size ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
    const w = this.where(request);
    const sort = (
      request.sort && request.sort.length > 0 ? request.sort : [{ field: '@timestamp', order: 'desc' as const }]
    ).map((s) => {
      const col = s.field === '@timestamp' ? TIMESTAMP_COLUMN : this.column(s.field)?.column;
      const usable =
        col !== undefined &&
        (s.field === '@timestamp' || (!this.column(s.field)?.list && this.column(s.field)?.type !== 'text'));
      return usable ? { column: col as string, order: s.order } : undefined;
    });
    const keys = [
      ...sort.filter((s): s is { column: string; order: 'asc' | 'desc' } => s !== undefined),
      { column: 'id', order: 'asc' as const },
    ];
    const params = [...w.params];
    let after = '';
    if (request.searchAfter && request.searchAfter.length === keys.length) {
      const ors: string[] = [];
      for (let i = 0; i < keys.length; i++) {
        const ands: string[] = [];
        for (let j = 0; j < i; j++) {
          params.push(request.searchAfter[j] as SqlParam);
          ands.push(`${quoteIdent((keys[j] as { column: string }).column)} = $${params.length}`);
        }
        const key = keys[i] as { column: string; order: 'asc' | 'desc' };
        params.push(request.searchAfter[i] as SqlParam);
        ands.push(`${quoteIdent(key.column)} ${key.order === 'asc' ? '>' : '<'} $${params.length}`);
        ors.push(`(${ands.join(' AND ')})`);
      }
      after = ` AND (${ors.join(' OR ')})`;
    }
    const order = keys.map((k) => `${quoteIdent(k.column)} ${k.order.toUpperCase()} NULLS LAST`).join(', ');
    const select = keys.map((k, i) => `${quoteIdent(k.column)} AS s${i}`).join(', ');
    const hitsSql = (extra: string, limit = size) =>
      `SELECT events.*, ${select} FROM events WHERE ${w.sql}${after}${extra} ORDER BY ${order} LIMIT ${limit}`;
    const firstKey = keys[0] as { column: string; order: 'asc' | 'desc' };
    const hitsFound =
      size === 0
        ? Promise.resolve([] as Row[])
        : this.fast('newest-first') &&
            firstKey.column === TIMESTAMP_COLUMN &&
            request.from !== undefined &&
            request.to !== undefined
          ? this.newestFirst(hitsSql, params, size, request.from, request.to, firstKey.order)
          : this.rows(hitsSql(''), params);
    const [total, hitsRows] = await Promise.all([this.sharedCount(request, w, hitsFound), hitsFound]);
    const hits: SearchHit[] = hitsRows.map((r) => ({
      id: String(r.id),
      doc: this.document(r),
      sort: keys.map((_, i) => {
        const v = r[`s${i}`];
        return typeof v === 'bigint' ? Number(v) : (v as string | number);
      }),
    }));
    return { total, hits };
  }

  /**
   * The match count of a search. A Discover page asks for the hits and for aggregations of the
   * same filter at once, and the aggregations' facet query counts the matches anyway (see
   * aggregateNow): so the count waits for the hits — by then an aggregation sent along has
   * started — and takes the count of an aggregation that finished while this search was running,
   * or that is still running, instead of evaluating the filter again. A filter on time alone is
   * counted at once (it costs next to nothing).
   */
  private async sharedCount(input: QueryInput, w: Compiled, hits: Promise<unknown>): Promise<number> {
    if (!this.fast('shared-count') || this.plain(input)) return this.countNow(input);
    const share = this.countShare(countKey(w));
    let count: number | undefined;
    let wake = (): void => undefined;
    const listener = (n: number | undefined) => {
      count ??= n;
      wake();
    };
    share.waiting.add(listener);
    try {
      await hits.then(
        () => undefined,
        () => undefined,
      );
      await new Promise((resolve) => setImmediate(resolve));
      while (count === undefined && share.computing > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      share.waiting.delete(listener);
      this.releaseShare(share);
    }
    return count ?? this.countNow(input);
  }

  /** The query has no condition but the time range. */
  private plain(input: QueryInput): boolean {
    return compilePlan(planQuery(input.query, this.catalog), (f) => this.column(f)).sql === 'TRUE';
  }

  private countShare(key: string): CountShare {
    let share = this.countShares.get(key);
    if (!share) {
      share = { key, computing: 0, waiting: new Set() };
      this.countShares.set(key, share);
    }
    return share;
  }

  private releaseShare(share: CountShare): void {
    if (share.computing === 0 && share.waiting.size === 0 && this.countShares.get(share.key) === share)
      this.countShares.delete(share.key);
  }

  /**
   * Registers an aggregation that computes this filter's match count; the returned function
   * hands it to the searches waiting (undefined: not computed after all). Called once or more;
   * only the first call counts.
   */
  private offerCount(w: Compiled): (count: number | undefined) => void {
    const share = this.countShare(countKey(w));
    share.computing++;
    let done = false;
    return (count) => {
      if (done) return;
      done = true;
      share.computing--;
      for (const listener of share.waiting) listener(count);
      this.releaseShare(share);
    };
  }

  /** A hit's document: its `_source`, or rebuilt from its shape and columns. */
  private document(row: Row): LogDocument {
    if (row._source !== null && row._source !== undefined) return JSON.parse(String(row._source)) as LogDocument;
    const shape = this.shapes.get(num(row._shape));
    if (!shape) throw new DriftwoodError('INTERNAL', `event ${String(row.id)} names an unknown document shape`);
    return rebuildDocument(shape, row, (f) => this.columns.get(f));
  }

  /**
   * The first page of hits sorted by @timestamp, looking first at the newest (or oldest) slices
   * of the time range: events are stored roughly in time order, so a slice reads a few row groups
   * (zone maps skip the rest) instead of sorting every match. Each slice leaves out the one before
   * it, and the rest of the range leaves out the last one: the rows found so far sort before every
   * row further out, so the page is exact — the rows found, then the first ones of the next slice —
   * and no row is filtered twice (a rare term, whose slices all fall short, costs one scan of the
   * range instead of 1.14).
   */
  private async newestFirst(
    sql: (extra: string, limit: number) => string,
    params: SqlParam[],
    size: number,
    from: number,
    to: number,
    order: 'asc' | 'desc',
  ): Promise<Row[]> {
    const ts = quoteIdent(TIMESTAMP_COLUMN);
    const span = to - from;
    const desc = order === 'desc';
    /** The bound between the `width` of the range searched first and the rest. */
    const edge = (width: number) => (desc ? to - width : from + width);
    const found: Row[] = [];
    /** Width of the range searched so far. */
    let searched = 0;
    /** Adds the first rows between `searched` and `width` (the end of the range when undefined). */
    const next = async (width?: number): Promise<void> => {
      const probe = [...params];
      let extra = '';
      if (width !== undefined) {
        probe.push(edge(width));
        extra += ` AND ${ts} ${desc ? '>=' : '<'} $${probe.length}`;
      }
      if (searched > 0) {
        probe.push(edge(searched));
        extra += ` AND ${ts} ${desc ? '<' : '>='} $${probe.length}`;
      }
      found.push(...(await this.rows(sql(extra, size - found.length), probe)));
    };
    for (const fraction of HIT_PROBE_FRACTIONS) {
      const width = Math.floor(span * fraction);
      if (width >= span) break;
      if (width <= searched) continue;
      await next(width);
      if (found.length >= size) return found;
      searched = width;
    }
    await next();
    return found;
  }

  async aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    await this.readable();
    return this.gate.read(() => this.aggregateNow(request));
  }

  private async aggregateNow(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    const w = this.where(request);
    const plain = this.plain(request);
    // a search of the same filter may take its count from the facet query (see sharedCount)
    const offer = plain || !this.fast('shared-count') ? undefined : this.offerCount(w);
    try {
      return await this.aggregateWith(request, w, plain, offer);
    } finally {
      offer?.(undefined);
    }
  }

  private async aggregateWith(
    request: AggregateRequest,
    w: Compiled,
    plain: boolean,
    offer: ((count: number | undefined) => void) | undefined,
  ): Promise<Record<string, AggregationResult>> {
    const done = new Map<string, AggregationResult>();
    const facets: FacetSpec[] = [];
    const others: Array<[string, AggregationSpec]> = [];
    for (const [name, spec] of Object.entries(request.aggs)) {
      // facets off: each aggregation by a query of its own
      const facet = this.fast('facets') ? await this.facet(name, spec, request) : undefined;
      if (facet === undefined) others.push([name, spec]);
      else if ('kind' in facet) facets.push(facet);
      else done.set(name, facet);
    }
    // the match count for a search in flight: a grouping set the facet query sums from another
    let counted = facets.find((f) => f.kind === 'count')?.name;
    if (offer && counted === undefined && facets.length > 0 && !Object.hasOwn(request.aggs, MATCHES)) {
      facets.push({ name: MATCHES, kind: 'count' });
      counted = MATCHES;
    }
    if (facets.length === 0) offer?.(undefined);
    await this.pool.use(async (conn) => {
      let source: AggSource = { table: 'events', where: w.sql, params: w.params };
      let temp: string | undefined;
      if (this.fast('filter-copy') && !plain && others.length > 0) {
        // Evaluate an expensive filter once: copy the matching rows' needed columns, then aggregate those.
        temp = `_agg_${++this.aggCounter}`;
        const needed = new Set<string>([TIMESTAMP_COLUMN]);
        for (const spec of Object.values(request.aggs)) {
          const fields = [
            'field' in spec ? spec.field : undefined,
            spec.type === 'date_histogram' ? spec.split?.field : undefined,
          ];
          for (const f of fields) {
            const col = f === undefined ? undefined : this.column(f);
            if (col) needed.add(col.column);
          }
        }
        const list = [...needed].map(quoteIdent).join(', ');
        await conn.run(`CREATE TEMP TABLE ${temp} AS SELECT ${list} FROM events WHERE ${w.sql}`, w.params);
        source = { table: temp, where: 'TRUE', params: [] };
      }
      try {
        const { from, to } = request;
        if (
          this.fast('rollups') &&
          plain &&
          this.rollupsReady &&
          facets.length > 0 &&
          from !== undefined &&
          to !== undefined &&
          rollupCovers(facets, (c) => this.rolled(c))
        ) {
          const q = rollupFacetSql(facets, from, to);
          const rows = await this.rows(q.sql, q.params, conn);
          for (const [name, result] of Object.entries(rollupResults(facets, rows))) done.set(name, result);
        } else if (facets.length > 0) {
          for (let i = 0; i < facets.length; i += MAX_FACETS_PER_QUERY) {
            const some = facets.slice(i, i + MAX_FACETS_PER_QUERY);
            const rows = await this.rows(facetSql(some, source.table, source.where), source.params, conn);
            for (const [name, result] of Object.entries(facetResults(some, rows))) done.set(name, result);
          }
          const count = counted === undefined ? undefined : done.get(counted);
          offer?.(count?.type === 'count' ? (count.value as number) : undefined);
        }
        for (const [name, spec] of others) done.set(name, await this.aggregateOne(spec, source, request, conn));
      } finally {
        if (temp) await conn.run(`DROP TABLE IF EXISTS ${temp}`);
      }
    });
    const out: Record<string, AggregationResult> = {};
    for (const name of Object.keys(request.aggs)) out[name] = done.get(name) as AggregationResult;
    return out;
  }

  /**
   * How an aggregation joins the one-scan facet query: its facet spec, its result when no query is
   * needed, or undefined when it needs a query of its own.
   */
  private async facet(
    name: string,
    spec: AggregationSpec,
    input: QueryInput,
  ): Promise<FacetSpec | AggregationResult | undefined> {
    switch (spec.type) {
      case 'count':
        return { name, kind: 'count' };
      case 'terms': {
        const col = this.valueColumn(spec.field, true);
        if (!col) return { type: 'terms', buckets: [], other: 0 };
        return facetable(col) ? { name, kind: 'terms', col, size: Math.max(1, Math.floor(spec.size)) } : undefined;
      }
      case 'date_histogram': {
        const range = await this.histogramRange(input, spec.intervalMs);
        if ('empty' in range) return range.empty;
        const { from, to, interval } = range;
        if (!spec.split) return { name, kind: 'histogram', from, to, interval };
        const col = this.valueColumn(spec.split.field, true);
        if (!col || !facetable(col)) return undefined;
        const size = Math.max(1, Math.floor(spec.split.size));
        return { name, kind: 'histogram', from, to, interval, split: { col, size } };
      }
      default:
        return undefined;
    }
  }

  private valueColumn(field: string, forAgg: boolean): ColumnInfo | undefined {
    const type = this.catalog.get(field);
    if (forAgg && type === 'text') {
      throw new DriftwoodError(
        'INPUT_INVALID',
        `${field} is a text field and cannot be aggregated; use a keyword field`,
        {
          details: { field },
        },
      );
    }
    return this.column(field);
  }

  /** Rows of (value) for a field, one per value (lists unnested), matching the query. */
  private valuesFrom(col: ColumnInfo, source: AggSource): string {
    const id = quoteIdent(col.column);
    const from = `FROM ${source.table} WHERE ${source.where} AND ${id} IS NOT NULL`;
    return col.list
      ? `(SELECT unnest(${id}) AS v, ${quoteIdent(TIMESTAMP_COLUMN)} AS ts ${from})`
      : `(SELECT ${id} AS v, ${quoteIdent(TIMESTAMP_COLUMN)} AS ts ${from})`;
  }

  private async aggregateOne(
    spec: AggregationSpec,
    source: AggSource,
    input: QueryInput,
    conn: DuckDBConnection,
  ): Promise<AggregationResult> {
    switch (spec.type) {
      case 'count': {
        const [row] = await this.rows(
          `SELECT count(*) AS c FROM ${source.table} WHERE ${source.where}`,
          source.params,
          conn,
        );
        return { type: 'count', value: num(row?.c ?? 0) };
      }
      case 'terms': {
        const col = this.valueColumn(spec.field, true);
        if (!col) return { type: 'terms', buckets: [], other: 0 };
        return {
          type: 'terms',
          ...(await this.terms(this.valuesFrom(col, source), source.params, spec.size, col.type, conn)),
        };
      }
      case 'min':
      case 'max':
      case 'avg':
      case 'sum':
      case 'cardinality': {
        const col = this.valueColumn(spec.field, true);
        if (!col) return { type: spec.type, value: spec.type === 'cardinality' || spec.type === 'sum' ? 0 : null };
        const fn = spec.type === 'cardinality' ? 'count(DISTINCT v)' : `${spec.type}(v)`;
        const [row] = await this.rows(`SELECT ${fn} AS x FROM ${this.valuesFrom(col, source)}`, source.params, conn);
        const x = row?.x;
        const value = x === null || x === undefined ? (spec.type === 'sum' ? 0 : null) : num(x);
        return { type: spec.type, value };
      }
      case 'percentiles': {
        const col = this.valueColumn(spec.field, true);
        const values: Record<string, number | null> = {};
        if (!col) {
          for (const p of spec.percents) values[String(p)] = null;
          return { type: 'percentiles', values };
        }
        const list = spec.percents.map((p) => Math.min(Math.max(p / 100, 0), 1));
        const [row] = await this.rows(
          `SELECT quantile_cont(v, [${list.join(', ')}]) AS q FROM ${this.valuesFrom(col, source)}`,
          source.params,
          conn,
        );
        const q = (row?.q as Array<number | null> | null) ?? [];
        spec.percents.forEach((p, i) => {
          const v = q[i];
          values[String(p)] = v === null || v === undefined ? null : num(v);
        });
        return { type: 'percentiles', values };
      }
      case 'date_histogram': {
        const range = await this.histogramRange(input, spec.intervalMs);
        if ('empty' in range) return range.empty;
        const { from, to, interval } = range;
        const ts = quoteIdent(TIMESTAMP_COLUMN);
        const counts = await this.rows(
          `SELECT (${ts} // ${interval}) * ${interval} AS k, count(*) AS c FROM ${source.table} WHERE ${source.where} GROUP BY k`,
          source.params,
          conn,
        );
        const buckets = new Map<number, HistogramBucket>();
        for (const r of counts) buckets.set(num(r.k), { key: num(r.k), count: num(r.c) });
        if (spec.split) {
          const col = this.valueColumn(spec.split.field, true);
          for (const b of buckets.values()) b.split = { buckets: [], other: 0 };
          if (col) {
            const size = Math.max(1, Math.floor(spec.split.size));
            const rows = await this.rows(
              `WITH g AS (SELECT (ts // ${interval}) * ${interval} AS k, v, count(*) AS c FROM ${this.valuesFrom(col, source)} GROUP BY k, v),
                    r AS (SELECT k, v, c, row_number() OVER (PARTITION BY k ORDER BY c DESC, v ASC) AS rn FROM g)
               SELECT k, v, c, rn FROM r WHERE rn <= ${size}
               UNION ALL SELECT k, NULL, sum(c), ${size + 1} FROM r WHERE rn > ${size} GROUP BY k
               ORDER BY k, rn`,
              source.params,
              conn,
            );
            for (const r of rows) {
              const b = buckets.get(num(r.k));
              if (!b?.split) continue;
              if (num(r.rn) > size) b.split.other = num(r.c);
              else b.split.buckets.push({ key: termKey(r.v, col.type), count: num(r.c) });
            }
          }
        }
        return {
          type: 'date_histogram',
          intervalMs: interval,
          buckets: fillHistogram([...buckets.values()], from, to, interval),
        };
      }
    }
  }

  private async terms(
    source: string,
    params: SqlParam[],
    size: number,
    type: FieldType,
    conn: DuckDBConnection,
  ): Promise<{ buckets: TermsBucket[]; other: number }> {
    const n = Math.max(1, Math.floor(size));
    const rows = await this.rows(
      `WITH g AS (SELECT v, count(*) AS c FROM ${source} GROUP BY v)
       SELECT v, c, (SELECT sum(c) FROM g) AS total FROM g ORDER BY c DESC, v ASC LIMIT ${n}`,
      params,
      conn,
    );
    const buckets = rows.map((r) => ({ key: termKey(r.v, type), count: num(r.c) }));
    const total = rows.length > 0 ? num(rows[0]?.total) : 0;
    return { buckets, other: total - buckets.reduce((s, b) => s + b.count, 0) };
  }

  /**
   * A date histogram's range (the query's, else the data's) and interval, or its answer when the
   * range is empty.
   */
  private async histogramRange(
    input: QueryInput,
    intervalMs: number | undefined,
  ): Promise<{ from: number; to: number; interval: number } | { empty: AggregationResult }> {
    const from = input.from ?? (await this.timeBound('min'));
    const to = input.to ?? (await this.timeBound('max')) + 1;
    const interval = histogramInterval(from, to, intervalMs);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
      return { empty: { type: 'date_histogram', intervalMs: interval, buckets: [] } };
    return { from, to, interval };
  }

  private async timeBound(which: 'min' | 'max'): Promise<number> {
    const [row] = await this.rows(`SELECT ${which}(${quoteIdent(TIMESTAMP_COLUMN)}) AS t FROM events`);
    return row?.t === null || row?.t === undefined ? Number.NaN : num(row.t);
  }

  async fields(): Promise<FieldInfo[]> {
    return this.catalog.list();
  }

  async *tail(options: TailOptions): AsyncIterable<SearchHit> {
    yield* pollTail((request) => this.search(request), options);
  }

  deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.exclusive(async () => {
      await this.drain();
      await this.db.run('BEGIN TRANSACTION');
      try {
        const res = await this.db.run(`DELETE FROM events WHERE ${quoteIdent(TIMESTAMP_COLUMN)} < $1`, [cutoffMs]);
        if (res.rowsChanged > 0 && this.rollupsReady) {
          // minutes before the cut are gone; the minute it cuts is counted again
          const minute = Math.floor(cutoffMs / MINUTE);
          await this.db.run('DELETE FROM _rollup WHERE minute <= $1', [minute]);
          const ts = quoteIdent(TIMESTAMP_COLUMN);
          await this.addRollups(this.db, `${ts} >= ${minute * MINUTE} AND ${ts} < ${(minute + 1) * MINUTE}`);
        }
        await this.db.run('COMMIT');
        if (res.rowsChanged > 0) this.ids = undefined; // reloaded on the next write, without the deleted ids
        return res.rowsChanged;
      } catch (error) {
        await this.db.run('ROLLBACK').catch(() => undefined);
        await this.loadRollupState(this.db).catch(() => undefined);
        throw error;
      }
    });
  }

  async saveObject(object: SavedObject): Promise<SavedObject> {
    const saved = { ...object, updatedAt: new Date().toISOString() };
    await this.exclusive(() =>
      this.db.run('INSERT OR REPLACE INTO _objects VALUES ($1, $2, $3, $4, $5)', [
        saved.type,
        saved.id,
        saved.title,
        JSON.stringify(saved.attributes),
        saved.updatedAt,
      ]),
    );
    return saved;
  }

  async getObject(type: string, id: string): Promise<SavedObject | undefined> {
    const [row] = await this.rows('SELECT * FROM _objects WHERE type = $1 AND id = $2', [type, id]);
    return row ? toObject(row) : undefined;
  }

  async listObjects(type: string): Promise<SavedObject[]> {
    return (await this.rows('SELECT * FROM _objects WHERE type = $1 ORDER BY title, id', [type])).map(toObject);
  }

  async deleteObject(type: string, id: string): Promise<boolean> {
    const res = await this.exclusive(() => this.db.run('DELETE FROM _objects WHERE type = $1 AND id = $2', [type, id]));
    return res.rowsChanged > 0;
  }

  async close(): Promise<void> {
    await this.lock;
    if (this.log) {
      await this.drain().catch(() => undefined); // what is not loaded stays in the log, loaded on the next open
      await this.log.close();
      try {
        rmdirSync(this.log.dir); // when empty: nothing is waiting
      } catch {}
      this.log = undefined;
    }
    if (this.tempLogDir) rmSync(this.tempLogDir, { recursive: true, force: true });
    this.loadConn?.closeSync();
    this.loadConn = undefined;
    this.readers?.closeAll();
    this.readers = undefined;
    this.conn?.closeSync();
    this.instance?.closeSync();
    this.conn = undefined;
    this.instance = undefined;
  }
}

function toObject(row: Row): SavedObject {
  return {
    type: String(row.type),
    id: String(row.id),
    title: String(row.title ?? ''),
    attributes: JSON.parse(String(row.attributes ?? '{}')) as Record<string, unknown>,
    updatedAt: row.updated_at === null ? undefined : String(row.updated_at),
  };
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const store = new EmbeddedStore(options);
  await store.init();
  return store;
}
