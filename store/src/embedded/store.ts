/**
 * The embedded store: one DuckDB file, owned by one process (see store/README.md for how the
 * UI, alerting and the CLI reach it). Columns are created per field as fields appear; text
 * fields are kept as token strings (` tok1 tok2 `) so word and phrase matches are substring
 * tests; the original document is kept as JSON, or rebuilt from its columns and shape.
 *
 * This class wires the modules (store/src/README.md, "Embedded store: modules"): migrations,
 * loader, schema evolution, write path, search, aggregations, retention, saved objects, all
 * sharing one StoreContext. Writes and schema changes run one at a time (`exclusive`); a read
 * first waits for them and for their rows to be loaded, so it sees every acknowledged write.
 */
import type { LogEvent } from '@driftwood/core';
import type {
  AggregateRequest,
  AggregationResult,
  FieldInfo,
  LogStore,
  QueryInput,
  SavedObject,
  SearchHit,
  SearchRequest,
  SearchResponse,
  TailOptions,
  WriteOutcome,
} from '../contract.ts';
import { pollTail } from '../tail.ts';
import { aggregate } from './aggregations.ts';
import { type EmbeddedStoreOptions, StoreContext } from './context.ts';
import { Loader, loadRollupState } from './loader.ts';
import { addRawColumns, migrate, openDatabase } from './migrations.ts';
import { deleteObject, getObject, listObjects, putObject } from './objects.ts';
import { ConnectionPool } from './pool.ts';
import { deleteOlderThan } from './retention.ts';
import { loadSchema } from './schema-evolution.ts';
import { count, search } from './search.ts';
import { CountShares } from './shared-count.ts';
import { WritePath } from './write.ts';

export type { EmbeddedStoreOptions } from './context.ts';
export { FAST_PATHS, type FastPath } from './fast-paths.ts';

/** Read connections: a Discover page issues hit count, hits and aggregations together. */
const READ_CONNECTIONS = 4;

export class EmbeddedStore implements LogStore {
  readonly kind = 'embedded' as const;
  private readonly ctx: StoreContext;
  private readonly loader: Loader;
  private readonly writer: WritePath;
  /** Match counts shared between searches and aggregations in flight (see shared-count.ts). */
  private readonly counts = new CountShares();
  private lock: Promise<unknown> = Promise.resolve();

  constructor(options: EmbeddedStoreOptions) {
    this.ctx = new StoreContext(options);
    this.loader = new Loader(this.ctx);
    this.writer = new WritePath(this.ctx, this.loader);
  }

  /** Runs writes and schema changes one at a time. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  /** Runs a read once the writes in progress are done and their rows loaded, beside other reads. */
  private async read<T>(fn: () => Promise<T>): Promise<T> {
    await this.lock;
    await this.loader.readable();
    return this.ctx.gate.read(fn);
  }

  async init(): Promise<void> {
    const { ctx } = this;
    if (ctx.conn) return;
    const writable = !ctx.options.readOnly;
    ctx.instance = await openDatabase(ctx.options);
    ctx.conn = await ctx.instance.connect();
    ctx.readers = new ConnectionPool(ctx.instance, READ_CONNECTIONS);
    if (writable) await migrate(ctx);
    await loadSchema(ctx);
    if (writable) await addRawColumns(ctx);
    await loadRollupState(ctx, ctx.db);
    if (writable) await this.loader.open();
  }

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.exclusive(() => this.ctx.answers.change(() => this.writer.write(events)));
  }

  /** Waits for the writes in progress, and loads their rows. */
  async flush(): Promise<void> {
    await this.lock;
    await this.loader.drain();
  }

  count(input: QueryInput): Promise<number> {
    return this.read(() => count(this.ctx, input));
  }

  search(request: SearchRequest): Promise<SearchResponse> {
    return this.read(() => search(this.ctx, this.counts, request));
  }

  aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    const { ctx } = this;
    const compute = () => aggregate(ctx, this.counts, request);
    return this.read(() => (ctx.fast('answer-cache') ? ctx.answers.answer(request, compute) : compute()));
  }

  /** Aggregate answers served from the answer cache (hits) and computed (misses) since the store opened. */
  get answerCacheStats(): Readonly<{ hits: number; misses: number }> {
    return { ...this.ctx.answers.stats };
  }

  async fields(): Promise<FieldInfo[]> {
    return this.ctx.catalog.list();
  }

  async *tail(options: TailOptions): AsyncIterable<SearchHit> {
    yield* pollTail((request) => this.search(request), options);
  }

  deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.exclusive(async () => {
      await this.loader.drain();
      const deleted = await this.ctx.answers.change(() => deleteOlderThan(this.ctx, cutoffMs));
      if (deleted > 0) this.writer.forgetIds(); // reloaded on the next write, without the deleted ids
      return deleted;
    });
  }

  async saveObject(object: SavedObject): Promise<SavedObject> {
    const saved = { ...object, updatedAt: new Date().toISOString() };
    await this.exclusive(() => putObject(this.ctx, saved));
    return saved;
  }

  getObject(type: string, id: string): Promise<SavedObject | undefined> {
    return getObject(this.ctx, type, id);
  }

  listObjects(type: string): Promise<SavedObject[]> {
    return listObjects(this.ctx, type);
  }

  deleteObject(type: string, id: string): Promise<boolean> {
    return this.exclusive(() => deleteObject(this.ctx, type, id));
  }

  async close(): Promise<void> {
    const { ctx } = this;
    await this.lock;
    await this.loader.close();
    await ctx.readers?.closeAll();
    ctx.readers = undefined;
    ctx.conn?.closeSync();
    ctx.instance?.closeSync();
    ctx.conn = undefined;
    ctx.instance = undefined;
  }
}

export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const store = new EmbeddedStore(options);
  await store.init();
  return store;
}
