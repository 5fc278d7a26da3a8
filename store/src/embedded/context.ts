/**
 * What the modules of the embedded store share: its connections, the field catalogue and the
 * columns of the events table, the schema gate, the rollup state and the fast-path switches.
 * One per store; each module (migrations, loader, schema evolution, write path, search,
 * aggregations, retention, saved objects) is handed it and keeps only its own state.
 */
import { DriftwoodError } from '@driftwood/core';
import { DOUBLE, type DuckDBConnection, type DuckDBInstance, type DuckDBType } from '@duckdb/node-api';
import { FieldCatalog } from '../field-catalog.ts';
import { AnswerCache } from './answer-cache.ts';
import { type ColumnInfo, TIMESTAMP_COLUMN } from './columns.ts';
import { type FastPath, plainPaths } from './fast-paths.ts';
import type { FastRowEncoder } from './fast-row.ts';
import { CsvEncoder, type TableColumn } from './load.ts';
import type { ConnectionPool } from './pool.ts';
import { rollable } from './rollups.ts';
import { SchemaGate } from './schema-gate.ts';
import { ShapeRegistry } from './shapes.ts';
import type { SqlParam } from './sql.ts';

export interface EmbeddedStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Open read-only (another process may not hold it for writing at the same time). */
  readOnly?: boolean;
  /** Fast paths to turn off (true: all): the store then answers by the plain path. Default: DRIFTWOOD_EMBEDDED_PLAIN (`all`, or a comma list). */
  plain?: boolean | readonly FastPath[];
}

export type Row = Record<string, unknown>;

export const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

const TIMESTAMP_INFO: ColumnInfo = { field: TIMESTAMP_COLUMN, type: 'date', column: TIMESTAMP_COLUMN, list: false };

export class StoreContext {
  readonly options: EmbeddedStoreOptions;
  /** Fast paths turned off (see fast-paths.ts): those answer by the plain path. */
  private readonly off: ReadonlySet<FastPath>;
  instance?: DuckDBInstance;
  conn?: DuckDBConnection;
  /** Connections for reads, so that the queries of one page run side by side. */
  readers?: ConnectionPool;
  catalog = new FieldCatalog();
  /** Shapes of documents stored without `_source` (see shapes.ts). */
  shapes = new ShapeRegistry();
  /** Fields that have a column, by field name. */
  columns = new Map<string, ColumnInfo>();
  /** Keeps reads and column changes apart (reads run side by side on pooled connections). */
  readonly gate = new SchemaGate();
  /** Physical column order of the events table (for the loader). */
  tableColumns: TableColumn[] = [];
  /** Encodes rows for the current table layout (reset when the layout changes). */
  encoder?: CsvEncoder;
  /** Encodes plain events for the current table layout (reset with `encoder`). */
  fastEncoder?: FastRowEncoder;
  /** Rollups (rollups.ts): usable (files of older versions have none), and the fields they leave out. */
  rollupsReady = false;
  rollupSkip = new Set<string>();
  /** Aggregate answers kept until the events change (answer-cache.ts); every change runs in `answers.change`. */
  readonly answers = new AnswerCache();

  constructor(options: EmbeddedStoreOptions) {
    this.options = options;
    this.off = plainPaths(options.plain);
  }

  /** Whether a fast path is on (else the store answers by the plain path). */
  fast(path: FastPath): boolean {
    return !this.off.has(path);
  }

  get db(): DuckDBConnection {
    if (!this.conn) throw notOpen();
    return this.conn;
  }

  get pool(): ConnectionPool {
    if (!this.readers) throw notOpen();
    return this.readers;
  }

  /** The encoder of rows prepared by the field catalogue, for the current table layout. */
  csvEncoder(): CsvEncoder {
    this.encoder ??= new CsvEncoder(this.tableColumns, (f) => this.columns.get(f));
    return this.encoder;
  }

  /** A field's column (`@timestamp` included), if it has one. */
  column(field: string): ColumnInfo | undefined {
    if (field === TIMESTAMP_COLUMN) return TIMESTAMP_INFO;
    return this.columns.get(field);
  }

  /** Whether a column's values are counted in the rollups (see rollups.ts). */
  rolled(col: ColumnInfo): boolean {
    return rollable(col) && !this.rollupSkip.has(col.field);
  }

  /** Runs a read on the given connection, or on a pooled one. */
  async rows(sql: string, params: SqlParam[] = [], conn?: DuckDBConnection): Promise<Row[]> {
    try {
      const reader = conn
        ? await conn.runAndReadAll(sql, params, paramTypes(params))
        : await this.pool.use((c) => c.runAndReadAll(sql, params, paramTypes(params)));
      return reader.getRowObjectsJS() as Row[];
    } catch (error) {
      throw queryFailed(error, sql);
    }
  }

  /** Runs a statement of a read (a temp table of it) on `conn`, its errors wrapped as `rows` wraps them. */
  async exec(sql: string, params: SqlParam[], conn: DuckDBConnection): Promise<void> {
    try {
      await conn.run(sql, params, paramTypes(params));
    } catch (error) {
      throw queryFailed(error, sql);
    }
  }
}

/** Every embedded read fails the same way: INTERNAL "embedded store query failed: <DuckDB's reason>". */
export function queryFailed(error: unknown, sql: string): DriftwoodError {
  if (error instanceof DriftwoodError) return error;
  return new DriftwoodError('INTERNAL', `embedded store query failed: ${(error as Error).message}`, {
    cause: error,
    details: { sql },
  });
}

const notOpen = () => new DriftwoodError('STORE_UNAVAILABLE', 'the embedded store is not open (call init first)');

/**
 * The types of a read's parameters where the client would guess wrong: it binds every whole JS
 * number outside INT32 as BIGINT, so a double like 1.5e300 (a bucket bound of a histogram over
 * such values, a range in a query) failed the read with `bigint out of int64 range`; a whole
 * number past 2^53 is bound as the DOUBLE it is. Undefined (all inferred) when there is none.
 */
export function paramTypes(params: readonly SqlParam[]): DuckDBType[] | undefined {
  const needs = (p: SqlParam) => typeof p === 'number' && Number.isInteger(p) && !Number.isSafeInteger(p);
  if (!params.some(needs)) return undefined;
  // an undefined entry leaves that parameter's type to the client, as without types
  return params.map((p) => (needs(p) ? DOUBLE : undefined)) as DuckDBType[];
}
