/**
 * `tail` for every backend: poll for events at or after the newest one seen, oldest first
 * (`@timestamp` asc, then id — the contract's tiebreaker), until the signal aborts.
 *
 * Each poll pages by sort values (`searchAfter` the last hit's `sort`), so it always moves on,
 * however many events share one millisecond (a plain `from: newest` re-read the same first page
 * forever once a page's worth shared it). A poll starts again at the newest millisecond yielded,
 * so an event stored later at that same millisecond is still seen; the ids yielded at that
 * millisecond are remembered to skip them (at most MAX_SEEN of them — past that, only later
 * arrivals that sort after the last one yielded at that millisecond are seen).
 */
import { sleep } from '@driftwood/core';
import type { SearchHit, SearchRequest, SearchResponse, SortValues, TailOptions } from './contract.ts';

const PAGE = 1000;
const MAX_SEEN = 100_000;

export async function* pollTail(
  search: (request: SearchRequest) => Promise<SearchResponse>,
  options: TailOptions,
): AsyncIterable<SearchHit> {
  /** The newest @timestamp yielded (or the start). */
  let since = options.since ?? Date.now();
  /** Ids yielded at `since`. */
  const seenAtSince = new Set<string>();
  /** The sort of the last hit yielded at `since` once `seenAtSince` is full: polls resume after it. */
  let resumeAfter: SortValues | undefined;
  const interval = options.intervalMs ?? 1000;
  while (!options.signal?.aborted) {
    // one poll: from `since`, page after page until a page is not full
    let after = resumeAfter;
    for (;;) {
      const page = await search({
        query: options.query,
        from: since,
        sort: [{ field: '@timestamp', order: 'asc' }],
        size: PAGE,
        ...(after ? { searchAfter: after } : {}),
      });
      for (const hit of page.hits) {
        if (options.signal?.aborted) return;
        const ts = Number(hit.sort[0]);
        if (ts < since || (ts === since && seenAtSince.has(hit.id))) continue;
        if (ts > since) {
          since = ts;
          seenAtSince.clear();
          resumeAfter = undefined;
        }
        if (seenAtSince.size < MAX_SEEN) seenAtSince.add(hit.id);
        else resumeAfter = hit.sort;
        yield hit;
      }
      if (options.signal?.aborted) return;
      const last = page.hits.at(-1);
      if (page.hits.length < PAGE || last === undefined) break;
      after = last.sort;
    }
    await sleep(interval, options.signal);
  }
}
