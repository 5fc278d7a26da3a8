/**
 * The LogStore on OpenSearch or Elasticsearch: one implementation over an EngineClient. Daily
 * indices behind one template; the field catalogue (field-catalog.ts) mirrored in the mappings; KQL
 * planned by query-plan.ts and compiled to Query DSL by dsl.ts.
 */
import { DriftwoodError, type FieldType, type LogDocument, type LogEvent } from '@driftwood/core';
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
import { FieldCatalog } from '../field-catalog.ts';
import { aggregateNested } from '../nested-aggs.ts';
import { planQuery } from '../query-plan.ts';
import { pollTail } from '../tail.ts';
import {
  COMPOSITE_PAGE,
  type CompiledAgg,
  compileAgg,
  compositeRequest,
  EXACT_CARDINALITY_LIMIT,
  needsBounds,
} from './aggs.ts';
import { type BulkItem, bulkCreate, conflictField, moveToConflicts } from './bulk.ts';
import { loadCatalog, mappingBody, putDisabled, putFields } from './catalog.ts';
import { type EngineClient, type EngineResponse, errorReason, expectOk } from './client.ts';
import { compilePlan, type Dsl, withTimeRange } from './dsl.ts';
import { ID_FIELD, type IndexNames, indexNames, indexTemplate } from './indices.ts';
import { type ObjectStore, objectStore } from './objects.ts';
import { deleteOlderThan } from './retention.ts';
import { type RawSearchResponse, searchBody, toHit, totalOf } from './search.ts';

export interface SearchEngineStoreOptions {
  /** Index names start with this (default `driftwood`). */
  indexPrefix?: string;
  /** Bulk tuning (tests shorten the backoff). */
  bulk?: { maxRetries?: number; backoffMs?: number; maxBytes?: number };
}

/** Elasticsearch and OpenSearch refuse `_id`s longer than this many bytes. */
const MAX_ID_BYTES = 512;

export class SearchEngineStore implements LogStore {
  readonly kind: 'opensearch' | 'elasticsearch';
  private readonly client: EngineClient;
  private readonly names: IndexNames;
  private readonly objects: ObjectStore;
  private readonly options: SearchEngineStoreOptions;
  private catalog = new FieldCatalog();
  /** Daily indices known to exist with the catalogue's mappings. */
  private readonly indices = new Set<string>();
  /** Paths mapped as disabled objects (arrays of objects: kept, not indexed). */
  private readonly disabled = new Set<string>();
  private ready?: Promise<void>;
  /** Something was written since the last refresh: the next read refreshes first (read your writes). */
  private dirty = false;
  /** Writes change the catalogue and mappings: one at a time. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(client: EngineClient, options: SearchEngineStoreOptions = {}) {
    this.client = client;
    this.kind = client.kind;
    this.options = options;
    this.names = indexNames(options.indexPrefix);
    this.objects = objectStore(client, this.names.objects);
  }

  init(): Promise<void> {
    this.ready ??= this.initNow().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async initNow(): Promise<void> {
    expectOk(
      await this.client.request('PUT', `/_index_template/${this.names.template}`, indexTemplate(this.names)),
      'installing the index template',
    );
    await this.objects.ensureIndex();
    await this.reloadCatalog();
  }

  private async reloadCatalog(): Promise<void> {
    const loaded = await loadCatalog(this.client, this.names);
    this.catalog = loaded.catalog;
    this.indices.clear();
    for (const index of loaded.indices) this.indices.add(index);
    this.disabled.clear();
    for (const path of loaded.disabled) this.disabled.add(path);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  // ---- writing -------------------------------------------------------------------------------

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.exclusive(async () => {
      await this.init();
      return this.writeNow(events);
    });
  }

  private async writeNow(events: LogEvent[]): Promise<WriteOutcome[]> {
    const outcomes: Array<WriteOutcome | undefined> = new Array(events.length);
    const declared = new Map<string, FieldType>();
    const now = Date.now();
    const seen = new Set<string>();
    const items: Array<{ at: number; item: BulkItem }> = [];
    const disable = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const id = event?.id;
      if (typeof id !== 'string' || id === '') {
        outcomes[i] = { id: String(id ?? ''), status: 'rejected', reason: 'the event has no id', retryable: false };
        continue;
      }
      if (Buffer.byteLength(id) > MAX_ID_BYTES) {
        outcomes[i] = {
          id,
          status: 'rejected',
          reason: `the event id is longer than ${MAX_ID_BYTES} bytes`,
          retryable: false,
        };
        continue;
      }
      if (seen.has(id)) {
        outcomes[i] = { id, status: 'duplicate' };
        continue;
      }
      seen.add(id);
      try {
        const doc = event?.doc;
        if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
          throw new Error('the document is not an object');
        const prepared = this.catalog.prepare(doc, declared, now);
        for (const path of objectArrays(prepared.doc)) {
          if (this.catalog.get(path) === undefined && !this.disabled.has(path)) disable.add(path);
        }
        items.push({
          at: i,
          item: {
            id,
            index: this.names.day(prepared.timestamp),
            doc: { ...prepared.doc, [ID_FIELD]: id },
            conflicts: prepared.conflicts,
          },
        });
      } catch (error) {
        outcomes[i] = { id, status: 'rejected', reason: `cannot index: ${(error as Error).message}`, retryable: false };
      }
    }
    if (items.length > 0) {
      await this.declare(declared);
      await this.disable(disable);
      await this.ensureIndices(new Set(items.map((x) => x.item.index)));
      const written = await bulkCreate(
        this.client,
        items.map((x) => x.item),
        { ...this.options.bulk, moveField: (doc, field) => this.moveField(doc, field) },
      );
      written.forEach((outcome, k) => {
        outcomes[(items[k] as { at: number }).at] = outcome;
        if (outcome.status === 'stored' || outcome.status === 'stored_with_conflicts') this.dirty = true;
      });
    }
    return outcomes.map(
      (o, i) => o ?? { id: events[i]?.id ?? '', status: 'rejected', reason: 'not written', retryable: true },
    );
  }

  /** PUTs newly declared fields into every log index; a field the engine refuses leaves the catalogue. */
  private async declare(declared: Map<string, FieldType>): Promise<void> {
    if (declared.size === 0 || this.indices.size === 0) return;
    const refused = await putFields(this.client, this.names.pattern, declared);
    for (const { field } of refused) this.catalog.types.delete(field);
  }

  /** Maps arrays of objects the catalogue does not index as disabled objects, so the engine does not either. */
  private async disable(paths: Set<string>): Promise<void> {
    if (paths.size === 0) return;
    if (this.indices.size === 0 || (await putDisabled(this.client, this.names.pattern, paths))) {
      for (const path of paths) this.disabled.add(path);
      return;
    }
    for (const path of paths) if (await putDisabled(this.client, this.names.pattern, [path])) this.disabled.add(path);
  }

  /** Creates the daily indices a write needs, with every catalogue field mapped explicitly. */
  private async ensureIndices(wanted: Set<string>): Promise<void> {
    for (const index of wanted) {
      if (this.indices.has(index)) continue;
      const fields = [...this.catalog.types];
      const res = await this.client.request<{ error?: { type?: string } }>('PUT', `/${index}`, {
        mappings: mappingBody(fields, this.disabled),
      });
      if (res.status === 400 && res.body?.error?.type === 'resource_already_exists_exception') {
        // Another writer made it: make sure our fields are there too.
        await putFields(this.client, index, new Map(fields));
        await putDisabled(this.client, index, this.disabled);
      } else if (res.status >= 400) {
        expectOk(res, `creating ${index}`);
      }
      this.indices.add(index);
    }
  }

  /** A field the engine could not parse: moved to `driftwood.conflicts.<field>`, declared as a keyword. */
  private async moveField(doc: LogDocument, field: string): Promise<LogDocument | undefined> {
    const moved = moveToConflicts(doc, field);
    if (moved === undefined) return undefined;
    const target = conflictField(field);
    if (!this.catalog.types.has(target)) {
      const declared = new Map<string, FieldType>();
      const parts = target.split('.');
      for (let i = 1; i < parts.length; i++) {
        const parent = parts.slice(0, i).join('.');
        if (!this.catalog.types.has(parent)) declared.set(parent, 'object');
      }
      declared.set(target, 'keyword');
      for (const [name, type] of declared) this.catalog.types.set(name, type);
      await putFields(this.client, this.names.pattern, declared);
    }
    return moved;
  }

  async flush(): Promise<void> {
    await this.lock;
    await this.init();
    await this.refresh();
  }

  private async refresh(): Promise<void> {
    this.dirty = false;
    const res = await this.client.request('POST', `/${this.names.pattern}/_refresh`, undefined, {
      allow_no_indices: true,
      ignore_unavailable: true,
    });
    if (res.status !== 404) expectOk(res, 'refreshing the log indices');
  }

  // ---- reading -------------------------------------------------------------------------------

  private query(input: QueryInput): Dsl {
    return withTimeRange(compilePlan(planQuery(input.query, this.catalog)), input.from, input.to);
  }

  private typeOf = (field: string): FieldType | undefined => this.catalog.get(field);

  /** Before a read: waits for writes in flight and makes them visible. */
  private async beforeRead(): Promise<void> {
    await this.init();
    await this.lock;
    if (this.dirty) await this.refresh();
  }

  private async searchRaw(body: Record<string, unknown>): Promise<RawSearchResponse> {
    const res = await this.client.request<RawSearchResponse>('POST', `/${this.names.pattern}/_search`, body, {
      allow_no_indices: true,
      ignore_unavailable: true,
    });
    return readSearch(res);
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    await this.beforeRead();
    const body = searchBody(this.query(request), request, this.typeOf);
    const res = await this.searchRaw(body);
    return { total: totalOf(res), hits: (res.hits?.hits ?? []).map(toHit) };
  }

  async count(request: QueryInput): Promise<number> {
    await this.beforeRead();
    const res = await this.client.request<{ count?: number }>(
      'POST',
      `/${this.names.pattern}/_count`,
      { query: this.query(request) },
      { allow_no_indices: true, ignore_unavailable: true },
    );
    return readSearch(res).count ?? 0;
  }

  aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    // sub-aggregations, median, filters, missing and time shift: the layer every backend shares
    return aggregateNested(request, (flat) => this.aggregateFlat(flat));
  }

  private async aggregateFlat(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    await this.beforeRead();
    const query = this.query(request);
    let { from, to } = request;
    if (needsBounds(request.aggs, from, to)) {
      // Like the embedded store: a histogram without a range spans all the data.
      const bounds = await this.searchRaw({
        size: 0,
        track_total_hits: false,
        aggs: { min: { min: { field: '@timestamp' } }, max: { max: { field: '@timestamp' } } },
      });
      const min = (bounds.aggregations?.min as { value?: number | null } | undefined)?.value;
      const max = (bounds.aggregations?.max as { value?: number | null } | undefined)?.value;
      if (typeof min === 'number' && typeof max === 'number') {
        from ??= min;
        to ??= max + 1;
      }
    }
    const compiled: Array<[string, CompiledAgg]> = [];
    const aggs: Record<string, Dsl> = {};
    Object.entries(request.aggs).forEach(([name, spec], i) => {
      const agg = compileAgg(`a${i}`, spec, { typeOf: this.typeOf, from, to, engine: this.kind });
      Object.assign(aggs, agg.request);
      compiled.push([name, agg]);
    });
    const res = await this.searchRaw({ query, size: 0, track_total_hits: true, aggs });
    const total = totalOf(res);
    const out: Record<string, AggregationResult> = {};
    for (const [name, agg] of compiled) {
      const result = agg.read(res.aggregations ?? {}, total);
      if (
        agg.exactCardinality !== undefined &&
        result.type === 'cardinality' &&
        result.value !== null &&
        result.value > 0 &&
        result.value <= EXACT_CARDINALITY_LIMIT
      ) {
        result.value = (await this.distinctCount(query, agg.exactCardinality)) ?? result.value;
      }
      out[name] = result;
    }
    return out;
  }

  /**
   * Distinct values of a field counted exactly, by paging a composite aggregation (HyperLogLog's
   * linear counting is off by one or two even for small sets). Undefined past the limit.
   */
  private async distinctCount(query: Dsl, field: string): Promise<number | undefined> {
    let count = 0;
    let after: Record<string, unknown> | undefined;
    while (count <= EXACT_CARDINALITY_LIMIT) {
      const res = await this.searchRaw({
        query,
        size: 0,
        track_total_hits: false,
        aggs: compositeRequest(field, after),
      });
      const page = res.aggregations?.distinct as
        | { buckets?: unknown[]; after_key?: Record<string, unknown> }
        | undefined;
      const n = page?.buckets?.length ?? 0;
      count += n;
      if (n < COMPOSITE_PAGE || page?.after_key === undefined) return count;
      after = page.after_key;
    }
    return undefined;
  }

  async fields(): Promise<FieldInfo[]> {
    await this.init();
    return this.catalog.list();
  }

  async *tail(options: TailOptions): AsyncIterable<SearchHit> {
    await this.init();
    yield* pollTail((request) => this.search(request), options);
  }

  deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.exclusive(async () => {
      await this.init();
      return deleteOlderThan(this.client, this.names, cutoffMs, (index) => this.indices.delete(index));
    });
  }

  // ---- saved objects -------------------------------------------------------------------------

  async saveObject(object: SavedObject): Promise<SavedObject> {
    await this.init();
    return this.objects.save(object);
  }

  async getObject(type: string, id: string): Promise<SavedObject | undefined> {
    await this.init();
    return this.objects.get(type, id);
  }

  async listObjects(type: string): Promise<SavedObject[]> {
    await this.init();
    return this.objects.list(type);
  }

  async deleteObject(type: string, id: string): Promise<boolean> {
    await this.init();
    return this.objects.delete(type, id);
  }

  async close(): Promise<void> {
    await this.lock;
    await this.client.close();
  }
}

/** A search answer, or the engine's refusal as a coded error (a bad request is the caller's). */
function readSearch<T>(res: EngineResponse<T>): T {
  if (res.status === 400) {
    throw new DriftwoodError('INPUT_INVALID', `the search engine refused the query: ${errorReason(res.body)}`, {
      details: { status: res.status, body: res.body },
    });
  }
  return expectOk(res, 'searching');
}

/** Paths of arrays whose first non-null element is an object (the catalogue keeps them unindexed). */
export function objectArrays(doc: LogDocument, prefix = '', out: string[] = []): string[] {
  for (const [key, value] of Object.entries(doc)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      const first = value.find((v) => v !== null && !(Array.isArray(v) && v.length === 0));
      if (first !== undefined && typeof first === 'object' && !Array.isArray(first)) out.push(path);
    } else if (value !== null && typeof value === 'object') {
      objectArrays(value, path, out);
    }
  }
  return out;
}
