/**
 * The embedded store: one DuckDB file, owned by one process (see store/README.md for how the
 * UI, alerting and the CLI reach it). Columns are created per field as fields appear; text
 * fields are kept as token strings (` tok1 tok2 `) so word and phrase matches are substring
 * tests; the original document is kept as JSON and returned as is.
 */

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
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
import { type FacetSpec, facetable, facetResults, facetSql, termKey } from './facets.ts';
import { IdHashSet, idHash } from './id-set.ts';
import { CsvEncoder, type PreparedRow, type TableColumn } from './load.ts';
import { ConnectionPool } from './pool.ts';
import { SchemaGate } from './schema-gate.ts';
import { compilePlan, quoteIdent, type SqlParam } from './sql.ts';

export interface EmbeddedStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Open read-only (another process may not hold it for writing at the same time). */
  readOnly?: boolean;
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

interface AggSource {
  table: string;
  where: string;
  params: SqlParam[];
}

const TIMESTAMP_INFO: ColumnInfo = { field: TIMESTAMP_COLUMN, type: 'date', column: TIMESTAMP_COLUMN, list: false };

/** WAL size that triggers a checkpoint. */
const CHECKPOINT_THRESHOLD = '256MB';
/** A write is loaded in up to this many parts, of at least MIN_PART_ROWS rows. */
const LOAD_PARTS = 4;
/** Slices of the time range searched first for a page of hits (see newestFirst). */
const HIT_PROBE_FRACTIONS = [1 / 1024, 1 / 64, 1 / 8];
/** Read connections: a Discover page issues hit count, hits and aggregations together. */
const READ_CONNECTIONS = 4;
const MIN_PART_ROWS = 1000;

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

export class EmbeddedStore implements LogStore {
  readonly kind = 'embedded' as const;
  private readonly options: EmbeddedStoreOptions;
  private instance?: DuckDBInstance;
  private conn?: DuckDBConnection;
  /** Connections for reads, so that the queries of one page run side by side. */
  private readers?: ConnectionPool;
  private catalog = new FieldCatalog();
  /** Fields that have a column, by field name. */
  private columns = new Map<string, ColumnInfo>();
  /** Keeps reads and column changes apart (reads run side by side on pooled connections). */
  private readonly gate = new SchemaGate();
  /** Physical column order of the events table (for the appender). */
  private tableColumns: TableColumn[] = [];
  /** Encodes rows for the current table layout (reset when the layout changes). */
  private encoder?: CsvEncoder;
  /** Two scratch files, so that one part of a write is encoded while the other loads. */
  private readonly scratchFiles = [0, 1].map((k) =>
    path.join(tmpdir(), `driftwood-load-${process.pid}-${randomUUID()}-${k}.csv`),
  );
  /** Hashes of the ids stored, loaded on the first write (see id-set.ts). */
  private ids?: IdHashSet;
  private lock: Promise<unknown> = Promise.resolve();
  private aggCounter = 0;

  constructor(options: EmbeddedStoreOptions) {
    this.options = options;
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
        `CREATE TABLE IF NOT EXISTS events (id VARCHAR NOT NULL, ${quoteIdent(TIMESTAMP_COLUMN)} BIGINT NOT NULL, _source VARCHAR NOT NULL)`,
      );
      await this.db.run(
        'CREATE TABLE IF NOT EXISTS _fields (name VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, list BOOLEAN NOT NULL, has_column BOOLEAN NOT NULL)',
      );
      await this.db.run(
        'CREATE TABLE IF NOT EXISTS _objects (type VARCHAR NOT NULL, id VARCHAR NOT NULL, title VARCHAR, attributes VARCHAR, updated_at VARCHAR, PRIMARY KEY (type, id))',
      );
    }
    await this.loadSchema();
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
    await this.refreshTableColumns();
  }

  private async refreshTableColumns(): Promise<void> {
    const rows = (
      await this.db.runAndReadAll(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
      )
    ).getRowObjectsJS();
    this.tableColumns = rows.map((r) => ({ name: String(r.column_name), sqlType: String(r.data_type) }));
    this.encoder = undefined;
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
        changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.column)} ${t}`);
        if (info.ip4Column)
          changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.ip4Column)} BIGINT${wantList ? '[]' : ''}`);
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
  }

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.exclusive(() => this.writeNow(events));
  }

  private async writeNow(events: LogEvent[]): Promise<WriteOutcome[]> {
    if (events.length === 0) return [];
    const ids = this.ids ?? (await this.loadIds());
    const outcomes: WriteOutcome[] = new Array(events.length);
    const seen = new Set<string>();
    const fresh: Array<{ index: number; event: LogEvent; hash: number }> = [];
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
      if (seen.has(event.id)) {
        outcomes[i] = { id: event.id, status: 'duplicate' };
        continue;
      }
      seen.add(event.id);
      const hash = idHash(event.id);
      if (ids.has(hash)) maybeStored.push(event.id);
      fresh.push({ index: i, event, hash });
    }
    const stored = maybeStored.length > 0 ? await this.storedIds(maybeStored) : undefined;
    const todo = stored
      ? fresh.filter(({ index, event }) => {
          if (!stored.has(event.id)) return true;
          outcomes[index] = { id: event.id, status: 'duplicate' };
          return false;
        })
      : fresh;
    if (todo.length === 0) return outcomes;
    const rows = await this.insertEvents(todo, outcomes);
    for (const { index, id, hash, prepared } of rows) {
      ids.add(hash);
      outcomes[index] =
        prepared.conflicts.length > 0
          ? { id, status: 'stored_with_conflicts', conflicts: prepared.conflicts }
          : { id, status: 'stored' };
    }
    return outcomes;
  }

  /**
   * Prepares and inserts the events in one transaction (all or none), in parts: while DuckDB
   * loads one part on its threads, Node prepares and encodes the next. Returns the rows stored;
   * events that cannot be prepared get a `rejected` outcome.
   */
  private async insertEvents(
    events: Array<{ index: number; event: LogEvent; hash: number }>,
    outcomes: WriteOutcome[],
  ): Promise<Array<PreparedRow & { index: number; hash: number }>> {
    const parts = Math.max(1, Math.min(LOAD_PARTS, Math.floor(events.length / MIN_PART_ROWS)));
    const partSize = Math.ceil(events.length / parts);
    const now = Date.now();
    const stored: Array<PreparedRow & { index: number; hash: number }> = [];
    await this.db.run('BEGIN TRANSACTION');
    let loading: Promise<unknown> = Promise.resolve();
    /** Held from the first column change to the end of the transaction. */
    let release: (() => void) | undefined;
    try {
      for (let part = 0; part * partSize < events.length; part++) {
        const rows: Array<PreparedRow & { index: number; hash: number }> = [];
        const declared = new Map<string, FieldType>();
        for (const { index, event, hash } of events.slice(part * partSize, (part + 1) * partSize)) {
          try {
            rows.push({ index, hash, id: event.id, prepared: this.catalog.prepare(event.doc, declared, now) });
          } catch (error) {
            outcomes[index] = {
              id: event.id,
              status: 'rejected',
              reason: `cannot index: ${(error as Error).message}`,
              retryable: false,
            };
          }
        }
        if (rows.length === 0) continue;
        const plan = this.planColumns(rows, declared);
        if (plan.changes.length > 0 || plan.persist.length > 0) {
          await loading; // one statement at a time on the connection
          if (plan.changes.length > 0) release ??= await this.gate.exclusive();
          await this.applyColumns(plan);
        }
        this.encoder ??= new CsvEncoder(this.tableColumns, (f) => this.columns.get(f));
        const encoder = this.encoder;
        const { text, longestLine } = encoder.encode(rows, 0, rows.length);
        // the file written two parts ago has been loaded: `loading` was awaited since
        const file = this.scratchFiles[part % 2] as string;
        await Promise.all([loading, writeFile(file, text)]);
        loading = this.db.run(encoder.insertSql(file, longestLine));
        loading.catch(() => undefined); // observed below
        stored.push(...rows);
      }
      await loading;
      await this.db.run('COMMIT');
    } catch (error) {
      await loading.catch(() => undefined);
      await this.db.run('ROLLBACK').catch(() => undefined);
      // the schema changes of this write were rolled back too
      await this.loadSchema().catch(() => undefined);
      throw new DriftwoodError('INTERNAL', `embedded store write failed: ${(error as Error).message}`, {
        cause: error,
      });
    } finally {
      release?.();
      // scratch files hold a copy of the data: do not leave them behind between writes
      await Promise.all(this.scratchFiles.map((file) => rm(file, { force: true })));
    }
    return stored;
  }

  /** Reads the hashes of every stored id (once, on the first write). */
  private async loadIds(): Promise<IdHashSet> {
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

  async flush(): Promise<void> {
    await this.lock;
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
    await this.lock;
    return this.gate.read(() => this.countNow(input));
  }

  private async countNow(input: QueryInput): Promise<number> {
    const w = this.where(input);
    const [row] = await this.rows(`SELECT count(*) AS c FROM events WHERE ${w.sql}`, w.params);
    return num(row?.c ?? 0);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.lock;
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
    const hitsSql = (extra: string) =>
      `SELECT id, _source, ${select} FROM events WHERE ${w.sql}${after}${extra} ORDER BY ${order} LIMIT ${size}`;
    const firstKey = keys[0] as { column: string; order: 'asc' | 'desc' };
    const [total, hitsRows] = await Promise.all([
      this.countNow(request),
      size === 0
        ? Promise.resolve([] as Row[])
        : firstKey.column === TIMESTAMP_COLUMN && request.from !== undefined && request.to !== undefined
          ? this.newestFirst(hitsSql, params, size, request.from, request.to, firstKey.order)
          : this.rows(hitsSql(''), params),
    ]);
    const hits: SearchHit[] = hitsRows.map((r) => ({
      id: String(r.id),
      doc: JSON.parse(String(r._source)) as LogDocument,
      sort: keys.map((_, i) => {
        const v = r[`s${i}`];
        return typeof v === 'bigint' ? Number(v) : (v as string | number);
      }),
    }));
    return { total, hits };
  }

  /**
   * The first page of hits sorted by @timestamp, looking first at the newest (or oldest) slices
   * of the time range: events are stored roughly in time order, so a slice reads a few row groups
   * (zone maps skip the rest) instead of sorting every match. When a slice holds a full page, the
   * page is exact — every event outside the slice sorts after every event in it.
   */
  private async newestFirst(
    sql: (extra: string) => string,
    params: SqlParam[],
    size: number,
    from: number,
    to: number,
    order: 'asc' | 'desc',
  ): Promise<Row[]> {
    const ts = quoteIdent(TIMESTAMP_COLUMN);
    const span = to - from;
    for (const fraction of HIT_PROBE_FRACTIONS) {
      const width = Math.floor(span * fraction);
      if (width <= 0 || width >= span) break;
      const probe = [...params, order === 'desc' ? to - width : from + width];
      const rows = await this.rows(sql(` AND ${ts} ${order === 'desc' ? '>=' : '<'} $${probe.length}`), probe);
      if (rows.length >= size) return rows;
    }
    return this.rows(sql(''), params);
  }

  async aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    await this.lock;
    return this.gate.read(() => this.aggregateNow(request));
  }

  private async aggregateNow(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    const w = this.where(request);
    const done = new Map<string, AggregationResult>();
    const facets: FacetSpec[] = [];
    const others: Array<[string, AggregationSpec]> = [];
    for (const [name, spec] of Object.entries(request.aggs)) {
      const facet = await this.facet(name, spec, request);
      if (facet === undefined) others.push([name, spec]);
      else if ('kind' in facet) facets.push(facet);
      else done.set(name, facet);
    }
    const plain = compilePlan(planQuery(request.query, this.catalog), (f) => this.column(f)).sql === 'TRUE';
    await this.pool.use(async (conn) => {
      let source: AggSource = { table: 'events', where: w.sql, params: w.params };
      let temp: string | undefined;
      if (!plain && others.length > 0) {
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
        if (facets.length > 0) {
          const rows = await this.rows(facetSql(facets, source.table, source.where), source.params, conn);
          for (const [name, result] of Object.entries(facetResults(facets, rows))) done.set(name, result);
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
        const from = input.from ?? (await this.timeBound('min'));
        const to = input.to ?? (await this.timeBound('max')) + 1;
        const interval = histogramInterval(from, to, spec.intervalMs);
        if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
          return { type: 'date_histogram', intervalMs: interval, buckets: [] };
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
        const from = input.from ?? (await this.timeBound('min'));
        const to = input.to ?? (await this.timeBound('max')) + 1;
        const interval = histogramInterval(from, to, spec.intervalMs);
        if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
          return { type: 'date_histogram', intervalMs: interval, buckets: [] };
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
      const res = await this.db.run(`DELETE FROM events WHERE ${quoteIdent(TIMESTAMP_COLUMN)} < $1`, [cutoffMs]);
      if (res.rowsChanged > 0) this.ids = undefined; // reloaded on the next write, without the deleted ids
      return res.rowsChanged;
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
    for (const file of this.scratchFiles) rmSync(file, { force: true });
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
