/**
 * The embedded store: one DuckDB file, owned by one process (see store/README.md for how the
 * UI, alerting and the CLI reach it). Columns are created per field as fields appear; text
 * fields are kept as token strings (` tok1 tok2 `) so word and phrase matches are substring
 * tests; the original document is kept as JSON and returned as is.
 */

import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftwoodError, type FieldType, type LogDocument, type LogEvent } from '@driftwood/core';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
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
import { canonicalIp, ipv4Number, planQuery } from '../query-plan.ts';
import { FieldCatalog, type PreparedEvent } from '../schema.ts';
import { pollTail } from '../tail.ts';
import { tokenize } from '../text.ts';
import { type ColumnInfo, columnFor, sqlType, TIMESTAMP_COLUMN } from './columns.ts';
import { compilePlan, quoteIdent, type SqlParam } from './sql.ts';

export interface EmbeddedStoreOptions {
  /** Database file, or ':memory:'. */
  path: string;
  /** Open read-only (another process may not hold it for writing at the same time). */
  readOnly?: boolean;
}

type Row = Record<string, unknown>;

/** Where aggregations read from: the events table with a filter, or a temp table of matches. */
interface AggSource {
  table: string;
  where: string;
  params: SqlParam[];
}

const TIMESTAMP_INFO: ColumnInfo = { field: TIMESTAMP_COLUMN, type: 'date', column: TIMESTAMP_COLUMN, list: false };

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

export class EmbeddedStore implements LogStore {
  readonly kind = 'embedded' as const;
  private readonly options: EmbeddedStoreOptions;
  private instance?: DuckDBInstance;
  private conn?: DuckDBConnection;
  private catalog = new FieldCatalog();
  /** Fields that have a column, by field name. */
  private readonly columns = new Map<string, ColumnInfo>();
  /** Physical column order of the events table (for the appender). */
  private tableColumns: Array<{ name: string; sqlType: string }> = [];
  private readonly scratchFile = path.join(tmpdir(), `driftwood-load-${process.pid}-${randomUUID()}.ndjson`);
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
        this.options.readOnly ? { access_mode: 'READ_ONLY' } : {},
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
    if (!this.options.readOnly) {
      await this.db.run(
        `CREATE TABLE IF NOT EXISTS events (id VARCHAR PRIMARY KEY, ${quoteIdent(TIMESTAMP_COLUMN)} BIGINT NOT NULL, _source VARCHAR NOT NULL)`,
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
    this.columns.clear();
    for (const r of rows) {
      if (r.has_column)
        this.columns.set(String(r.name), columnFor(String(r.name), String(r.type) as FieldType, Boolean(r.list)));
    }
    await this.refreshTableColumns();
  }

  private async refreshTableColumns(): Promise<void> {
    const rows = (
      await this.db.runAndReadAll(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'events' ORDER BY ordinal_position",
      )
    ).getRowObjectsJS();
    this.tableColumns = rows.map((r) => ({ name: String(r.column_name), sqlType: String(r.data_type) }));
  }

  private column(field: string): ColumnInfo | undefined {
    if (field === TIMESTAMP_COLUMN) return TIMESTAMP_INFO;
    return this.columns.get(field);
  }

  /** Adds columns for new fields and turns scalar columns into lists when a field gets several values. */
  private async ensureColumns(prepared: PreparedEvent[], declared: Map<string, FieldType>): Promise<void> {
    const changes: string[] = [];
    const persist: Array<[string, FieldType, boolean]> = [];
    for (const [field, type] of declared) {
      if (type === 'object') persist.push([field, type, false]);
    }
    const needed = new Map<string, boolean>();
    for (const p of prepared) {
      for (const [field, values] of p.values) {
        if (field === TIMESTAMP_COLUMN) continue;
        const type = this.catalog.get(field);
        const multi = type !== 'text' && values.length > 1;
        needed.set(field, (needed.get(field) ?? false) || multi || field === 'tags');
      }
    }
    for (const [field, wantList] of needed) {
      const type = this.catalog.get(field) as FieldType;
      const existing = this.columns.get(field);
      if (!existing) {
        const info = columnFor(field, type, wantList);
        const t = sqlType(type) + (wantList ? '[]' : '');
        changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.column)} ${t}`);
        if (info.ip4Column)
          changes.push(`ALTER TABLE events ADD COLUMN ${quoteIdent(info.ip4Column)} BIGINT${wantList ? '[]' : ''}`);
        this.columns.set(field, info);
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
        existing.list = true;
        persist.push([field, type, true]);
      }
    }
    if (changes.length === 0 && persist.length === 0) return;
    for (const sql of changes) await this.db.run(sql);
    for (const [field, type, list] of persist) {
      await this.db.run('INSERT OR REPLACE INTO _fields VALUES ($1, $2, $3, $4)', [
        field,
        type,
        list,
        this.columns.has(field),
      ]);
    }
    if (changes.length > 0) {
      await this.refreshTableColumns();
      await this.db.run('DROP TABLE IF EXISTS staging');
    }
  }

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.exclusive(() => this.writeNow(events));
  }

  private async writeNow(events: LogEvent[]): Promise<WriteOutcome[]> {
    if (events.length === 0) return [];
    const declared = new Map<string, FieldType>();
    const now = Date.now();
    const outcomes: WriteOutcome[] = new Array(events.length);
    const seen = new Set<string>();
    const batch: Array<{ index: number; event: LogEvent; prepared: PreparedEvent }> = [];
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
      try {
        batch.push({ index: i, event, prepared: this.catalog.prepare(event.doc, declared, now) });
      } catch (error) {
        outcomes[i] = {
          id: event.id,
          status: 'rejected',
          reason: `cannot index: ${(error as Error).message}`,
          retryable: false,
        };
      }
    }
    if (batch.length === 0) return outcomes;
    await this.ensureColumns(
      batch.map((b) => b.prepared),
      declared,
    );
    await this.db.run('CREATE TEMP TABLE IF NOT EXISTS staging AS SELECT * FROM events LIMIT 0');
    await this.appendRows(batch);
    // The primary key on id makes writes idempotent whatever the timestamps: a repeated id is ignored.
    const inserted = await this.db.runAndReadAll('INSERT OR IGNORE INTO events SELECT * FROM staging RETURNING id');
    await this.db.run('DELETE FROM staging');
    const stored = new Set(inserted.getRowsJS().map((r) => String(r[0])));
    for (const { index, event, prepared } of batch) {
      if (!stored.has(event.id)) outcomes[index] = { id: event.id, status: 'duplicate' };
      else if (prepared.conflicts.length > 0)
        outcomes[index] = { id: event.id, status: 'stored_with_conflicts', conflicts: prepared.conflicts };
      else outcomes[index] = { id: event.id, status: 'stored' };
    }
    return outcomes;
  }

  /**
   * Loads rows into the staging table through DuckDB's JSON reader: one JSON line per row,
   * keyed by column position, written to a scratch file. Much faster from Node than appending
   * value by value.
   */
  private async appendRows(batch: Array<{ event: LogEvent; prepared: PreparedEvent }>): Promise<void> {
    const index = new Map(this.tableColumns.map((c, i) => [c.name, i]));
    const lines: string[] = new Array(batch.length);
    for (let r = 0; r < batch.length; r++) {
      const { event, prepared } = batch[r] as { event: LogEvent; prepared: PreparedEvent };
      const row: Record<string, unknown> = { c0: event.id, c1: prepared.timestamp, c2: JSON.stringify(prepared.doc) };
      for (const [field, values] of prepared.values) {
        if (field === TIMESTAMP_COLUMN) continue;
        const col = this.columns.get(field);
        if (!col) continue;
        const c = index.get(col.column);
        if (c === undefined) continue;
        if (col.type === 'text') {
          row[`c${c}`] = ` ${values.map((v) => tokenize(String(v)).join(' ')).join('  ')} `;
          continue;
        }
        const vals = col.type === 'ip' ? values.map((v) => canonicalIp(String(v))) : values;
        row[`c${c}`] = col.list ? vals : vals[0];
        const ip = col.ip4Column === undefined ? undefined : index.get(col.ip4Column);
        if (ip !== undefined) {
          const nums = vals.map((v) => ipv4Number(String(v)) ?? null);
          row[`c${ip}`] = col.list ? nums : nums[0];
        }
      }
      lines[r] = JSON.stringify(row);
    }
    await writeFile(this.scratchFile, lines.join('\n'));
    const columns = this.tableColumns.map((c, i) => `c${i}: '${c.sqlType}'`).join(', ');
    await this.db.run(
      `INSERT INTO staging SELECT * FROM read_json('${this.scratchFile.replaceAll("'", "''")}', format = 'newline_delimited', columns = {${columns}}, maximum_object_size = 1073741824)`,
    );
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

  private async rows(sql: string, params: SqlParam[] = []): Promise<Row[]> {
    try {
      return (await this.db.runAndReadAll(sql, params)).getRowObjectsJS() as Row[];
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
    const w = this.where(input);
    const [row] = await this.rows(`SELECT count(*) AS c FROM events WHERE ${w.sql}`, w.params);
    return num(row?.c ?? 0);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.lock;
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
    const [total, hitsRows] = await Promise.all([
      this.count(request),
      size === 0
        ? Promise.resolve([] as Row[])
        : this.rows(
            `SELECT id, _source, ${select} FROM events WHERE ${w.sql}${after} ORDER BY ${order} LIMIT ${size}`,
            params,
          ),
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

  async aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    await this.lock;
    const w = this.where(request);
    const out: Record<string, AggregationResult> = {};
    const plain = compilePlan(planQuery(request.query, this.catalog), (f) => this.column(f)).sql === 'TRUE';
    let source: AggSource = { table: 'events', where: w.sql, params: w.params };
    let temp: string | undefined;
    if (!plain) {
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
      await this.db.run(`CREATE TEMP TABLE ${temp} AS SELECT ${list} FROM events WHERE ${w.sql}`, w.params);
      source = { table: temp, where: 'TRUE', params: [] };
    }
    try {
      for (const [name, spec] of Object.entries(request.aggs)) {
        out[name] = await this.aggregateOne(spec, source, request);
      }
    } finally {
      if (temp) await this.db.run(`DROP TABLE IF EXISTS ${temp}`);
    }
    return out;
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

  private async aggregateOne(spec: AggregationSpec, source: AggSource, input: QueryInput): Promise<AggregationResult> {
    switch (spec.type) {
      case 'count': {
        const [row] = await this.rows(`SELECT count(*) AS c FROM ${source.table} WHERE ${source.where}`, source.params);
        return { type: 'count', value: num(row?.c ?? 0) };
      }
      case 'terms': {
        const col = this.valueColumn(spec.field, true);
        if (!col) return { type: 'terms', buckets: [], other: 0 };
        return {
          type: 'terms',
          ...(await this.terms(this.valuesFrom(col, source), source.params, spec.size, col.type)),
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
        const [row] = await this.rows(`SELECT ${fn} AS x FROM ${this.valuesFrom(col, source)}`, source.params);
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
  ): Promise<{ buckets: TermsBucket[]; other: number }> {
    const n = Math.max(1, Math.floor(size));
    const rows = await this.rows(
      `WITH g AS (SELECT v, count(*) AS c FROM ${source} GROUP BY v)
       SELECT v, c, (SELECT sum(c) FROM g) AS total FROM g ORDER BY c DESC, v ASC LIMIT ${n}`,
      params,
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
    rmSync(this.scratchFile, { force: true });
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

function termKey(v: unknown, type: FieldType): string | number {
  if (typeof v === 'bigint') return Number(v);
  if (type === 'boolean') return v ? 'true' : 'false';
  if (type === 'date') return Number(v);
  return v as string | number;
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const store = new EmbeddedStore(options);
  await store.init();
  return store;
}
