/**
 * Answers of aggregate requests kept until the events change: a dashboard opened again, a panel
 * asked twice (its own request and Discover's), or the same request from two users of the same
 * role read one answer instead of scanning the events again. OpenSearch and Elasticsearch do the
 * same with their shard request cache (cleared on refresh); here the whole cache is dropped when
 * any change of the events begins: a load of acknowledged rows, a write (new columns, field
 * types), a retention run.
 *
 * An answer is kept only when no change was in progress while it was computed, so a kept answer
 * is exactly the plain query's answer over the events as they are now. Identical requests in
 * flight at the same time share one computation. The key is the whole request as JSON (range,
 * query, filters a restricted role adds, every aggregation), so two requests share an answer only
 * when they ask the same thing. Bounded by entries and by the answers' JSON size; least recently
 * used first out.
 */
import type { AggregationResult } from '../contract.ts';

type Answer = Record<string, AggregationResult>;

/** Entries kept at most (a dashboard of 12 panels, with previous periods, for a few users and ranges). */
const MAX_ENTRIES = 512;
/** JSON characters kept at most over all entries; an answer larger than an eighth of it is not kept. */
const MAX_CHARS = 64 * 1024 * 1024;

export class AnswerCache {
  /** Bumped when a change begins and when it ends: an answer computed across a bump is not kept. */
  private version = 0;
  private changing = 0;
  private chars = 0;
  /** Map order is use order: the first entry is the least recently used. */
  private readonly entries = new Map<string, { answer: Answer; chars: number }>();
  private readonly inFlight = new Map<string, Promise<Answer>>();
  private readonly maxEntries: number;
  private readonly maxChars: number;
  /** Answers served from the cache and computed, since the store opened. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(limits: { entries?: number; chars?: number } = {}) {
    this.maxEntries = limits.entries ?? MAX_ENTRIES;
    this.maxChars = limits.chars ?? MAX_CHARS;
  }

  /** Runs a change of the events: no answer kept before or computed during it is served after it. */
  async change<T>(fn: () => Promise<T>): Promise<T> {
    this.version++;
    this.changing++;
    this.entries.clear();
    this.inFlight.clear();
    this.chars = 0;
    try {
      return await fn();
    } finally {
      this.changing--;
      this.version++;
    }
  }

  /** The answer to `request`: kept, in flight, or computed by `compute` (and kept when no change overlapped it). */
  async answer(request: unknown, compute: () => Promise<Answer>): Promise<Answer> {
    const key = JSON.stringify(request);
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      this.stats.hits++;
      return structuredClone(kept.answer);
    }
    const version = this.version;
    const quiet = this.changing === 0;
    const shared = quiet ? this.inFlight.get(key) : undefined;
    if (shared) {
      this.stats.hits++;
      return structuredClone(await shared);
    }
    this.stats.misses++;
    const computing = compute();
    if (!quiet) return computing;
    this.inFlight.set(key, computing);
    try {
      const answer = await computing;
      if (this.changing === 0 && this.version === version) this.keep(key, answer);
      return structuredClone(answer);
    } finally {
      if (this.inFlight.get(key) === computing) this.inFlight.delete(key);
    }
  }

  private keep(key: string, answer: Answer): void {
    const chars = key.length + JSON.stringify(answer).length;
    if (chars > this.maxChars / 8) return;
    this.entries.set(key, { answer, chars });
    this.chars += chars;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.chars -= entry.chars;
    }
  }
}
