/**
 * The match count of a search, shared with aggregations of the same filter. A Discover page asks
 * for the hits and for aggregations of the same filter at once, and the aggregations' facet query
 * counts the matches anyway (see aggregations.ts): so the count waits for the hits — by then an
 * aggregation sent along has started — and takes the count of an aggregation that finished while
 * this search was running, or that is still running, instead of evaluating the filter again. A
 * filter on time alone is counted at once (it costs next to nothing). The plain path
 * (shared-count off) is the search's own `count(*)`.
 */
import type { Compiled } from './sql.ts';

/** Name of the match count a facet query adds for a search in flight (not a user's aggregation). */
export const MATCHES = '\u0000matches';

/** Searches and aggregations in flight for one filter. */
interface CountShare {
  key: string;
  /** Aggregations computing the filter's match count. */
  computing: number;
  /** Searches waiting for a count: each is told every count computed while it waits. */
  waiting: Set<(count: number | undefined) => void>;
}

/** A filter's identity: its SQL and parameters. */
const countKey = (w: Compiled): string => JSON.stringify([w.sql, w.params]);

/** Match counts shared between searches and aggregations in flight, by filter. */
export class CountShares {
  private readonly shares = new Map<string, CountShare>();

  /**
   * The count of filter `w` for a search whose hits are `hits`: an aggregation's, or `count()`'s
   * when none computed it.
   */
  async count(w: Compiled, hits: Promise<unknown>, count: () => Promise<number>): Promise<number> {
    const share = this.share(countKey(w));
    let found: number | undefined;
    let wake = (): void => undefined;
    const listener = (n: number | undefined) => {
      found ??= n;
      wake();
    };
    share.waiting.add(listener);
    try {
      await hits.then(
        () => undefined,
        () => undefined,
      );
      await new Promise((resolve) => setImmediate(resolve));
      while (found === undefined && share.computing > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      share.waiting.delete(listener);
      this.release(share);
    }
    return found ?? count();
  }

  /**
   * Registers an aggregation that computes this filter's match count; the returned function
   * hands it to the searches waiting (undefined: not computed after all). Called once or more;
   * only the first call counts.
   */
  offer(w: Compiled): (count: number | undefined) => void {
    const share = this.share(countKey(w));
    share.computing++;
    let done = false;
    return (count) => {
      if (done) return;
      done = true;
      share.computing--;
      for (const listener of share.waiting) listener(count);
      this.release(share);
    };
  }

  private share(key: string): CountShare {
    let share = this.shares.get(key);
    if (!share) {
      share = { key, computing: 0, waiting: new Set() };
      this.shares.set(key, share);
    }
    return share;
  }

  private release(share: CountShare): void {
    if (share.computing === 0 && share.waiting.size === 0 && this.shares.get(share.key) === share)
      this.shares.delete(share.key);
  }
}
