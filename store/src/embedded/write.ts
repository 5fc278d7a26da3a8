/**
 * The write path: ids checked (id-set.ts, or the table by the plain path), events encoded in parts
 * (fast-row.ts, or the field catalogue with schema changes, schema-evolution.ts) and appended to
 * the ingest log; an event is acknowledged once its part is on disk (loader.ts loads it later).
 */
import { DriftwoodError, type FieldType, type LogEvent } from '@driftwood/core';
import { LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { WriteOutcome } from '../contract.ts';
import { num, type StoreContext } from './context.ts';
import { FastRowEncoder } from './fast-row.ts';
import { IdHashSet, idHash } from './id-set.ts';
import { type PreparedRow, RowBuffer } from './load.ts';
import { LOAD_ROWS, type Loader } from './loader.ts';
import { type ColumnPlan, evolve, planColumns } from './schema-evolution.ts';

/** A write is encoded and appended to the ingest log in parts of up to this many events. */
const PART_ROWS = 2_500;

/** An event of a write prepared by the field catalogue (not taken by the fast path): its place in the write. */
type SlowRow = PreparedRow & { index: number };

const noId = (event: LogEvent): WriteOutcome => ({
  id: String(event.id ?? ''),
  status: 'rejected',
  reason: 'the event has no id',
  retryable: false,
});

export class WritePath {
  private readonly ctx: StoreContext;
  private readonly loader: Loader;
  /** Hashes of the ids stored, loaded on the first write (see id-set.ts). */
  private ids?: IdHashSet;
  /** Row buffers of the part being encoded and of the part being appended (see appendEvents). */
  private readonly rowBuffers = [new RowBuffer(), new RowBuffer()];

  constructor(ctx: StoreContext, loader: Loader) {
    this.ctx = ctx;
    this.loader = loader;
  }

  /** Ids were deleted (retention): the id hashes are read again on the next write. */
  forgetIds(): void {
    this.ids = undefined;
  }

  /** Stores the events whose ids are new; one write at a time (the store's lock). */
  async write(events: LogEvent[]): Promise<WriteOutcome[]> {
    if (events.length === 0) return [];
    if (this.loader.failed) await this.loader.drain(); // a failed load is retried; if it fails again, so does this write
    if (!this.ctx.fast('id-set')) return this.writePlain(events);
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
        outcomes[i] = noId(event);
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
    if (maybeStored.length > 0) await this.loader.drain();
    const stored = maybeStored.length > 0 ? await this.storedIds(maybeStored) : undefined;
    const todo = stored ? this.unstored(events, fresh, stored, outcomes) : fresh;
    return this.store(events, todo, outcomes);
  }

  /**
   * A write by the plain path (id-set off): the ingest log drained, so that the table holds every
   * acknowledged id, then every id looked up in the table, and the batch deduplicated by its ids.
   */
  private async writePlain(events: LogEvent[]): Promise<WriteOutcome[]> {
    await this.loader.drain();
    const outcomes: WriteOutcome[] = new Array(events.length);
    const seen = new Set<string>();
    const fresh: number[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as LogEvent;
      if (typeof event.id !== 'string' || event.id === '') outcomes[i] = noId(event);
      else if (seen.has(event.id)) outcomes[i] = { id: event.id, status: 'duplicate' };
      else {
        seen.add(event.id);
        fresh.push(i);
      }
    }
    const stored = fresh.length > 0 ? await this.storedIds([...seen]) : new Set<string>();
    return this.store(events, this.unstored(events, fresh, stored, outcomes), outcomes);
  }

  /** The events of `fresh` whose ids are not stored; the others are duplicates. */
  private unstored(events: LogEvent[], fresh: number[], stored: Set<string>, outcomes: WriteOutcome[]): number[] {
    return fresh.filter((index) => {
      const { id } = events[index] as LogEvent;
      if (!stored.has(id)) return true;
      outcomes[index] = { id, status: 'duplicate' };
      return false;
    });
  }

  /** Appends the events not stored yet (`todo`), then has them loaded. */
  private async store(events: LogEvent[], todo: number[], outcomes: WriteOutcome[]): Promise<WriteOutcome[]> {
    if (todo.length === 0) return outcomes;
    await this.appendEvents(events, todo, outcomes);
    await this.loader.afterWrite();
    return outcomes;
  }

  /**
   * Encodes the events in parts and appends each part to the ingest log; a part is stored (and
   * its outcomes set) once its append is on disk. While one part is written and synced, the next
   * one is encoded (two row buffers take turns). Events that cannot be prepared are rejected.
   */
  private async appendEvents(events: LogEvent[], todo: number[], outcomes: WriteOutcome[]): Promise<void> {
    const log = this.loader.log;
    if (!log) throw new DriftwoodError('STORE_UNAVAILABLE', `the embedded store ${this.ctx.options.path} is read-only`);
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
      if (log.pendingRows >= LOAD_ROWS) await this.loader.takeFull();
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
            await evolve(this.ctx, plan, () => this.loader.drain());
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
   * of the part takes the full path, so that all rows follow the new layout. With fast-rows off,
   * every event takes the full path (its JSON kept in `_source`).
   */
  private async encodePart(
    events: LogEvent[],
    part: number[],
    outcomes: WriteOutcome[],
    now: number,
    text: RowBuffer,
    apply: (plan: ColumnPlan) => Promise<void>,
  ): Promise<{ fastRows: number[]; slow: SlowRow[]; text: Buffer; longestLine: number }> {
    const { ctx } = this;
    if (ctx.fast('fast-rows'))
      ctx.fastEncoder ??= new FastRowEncoder(
        ctx.tableColumns,
        (f) => ctx.columns.get(f),
        (f) => ctx.catalog.get(f),
        ctx.shapes,
      );
    const fast = ctx.fastEncoder;
    text.clear();
    let fastRows: number[] = [];
    const slow: SlowRow[] = [];
    const declared = new Map<string, FieldType>();
    const prepare = (index: number) => {
      const event = events[index] as LogEvent;
      try {
        slow.push({ index, id: event.id, prepared: ctx.catalog.prepare(event.doc, declared, now) });
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
      const plan = planColumns(ctx, slow, declared);
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
      for (const [id, template] of ctx.shapes.takeNew())
        await ctx.db.run('INSERT INTO _shapes VALUES ($1, $2)', [id, template]);
    } catch (error) {
      ctx.shapes.dropPending();
      ctx.fastEncoder = undefined; // it may hold the id of a dropped shape
      throw error;
    }
    if (slow.length > 0) {
      const encoded = ctx.csvEncoder().encode(slow, 0, slow.length);
      text.text(encoded.text, encoded.longestLine);
    }
    return { fastRows, slow, text: text.bytes(), longestLine: text.longestLine };
  }

  /** Reads the hashes of every stored id (once, on the first write). */
  private async loadIds(): Promise<IdHashSet> {
    await this.loader.drain(); // every id in the table
    const [row] = await this.ctx.rows('SELECT count(*) AS c FROM events');
    const ids = new IdHashSet(num(row?.c ?? 0));
    const result = await this.ctx.db.stream('SELECT id FROM events');
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const vector = chunk.getColumnVector(0);
      for (let i = 0; i < vector.itemCount; i++) ids.add(idHash(vector.getItem(i) as string));
    }
    this.ids = ids;
    return ids;
  }

  /** Which of these ids are really stored. */
  private async storedIds(candidates: string[]): Promise<Set<string>> {
    const reader = await this.ctx.db.runAndReadAll(
      'SELECT id FROM events WHERE id IN (SELECT unnest($1))',
      [listValue(candidates)],
      [LIST(VARCHAR)],
    );
    return new Set(reader.getColumnsJS()[0]?.map(String) ?? []);
  }
}
