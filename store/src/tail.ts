/**
 * `tail` for every backend: poll for new matching events, oldest first (`@timestamp` asc, then
 * id — the contract's tiebreaker), until the signal aborts.
 *
 * Events do not always become visible in timestamp order: OpenSearch and Elasticsearch refresh on
 * their own every second, so half of one bulk request can be searchable before the other half,
 * and a shipper a second behind sends events older than ones already stored. So a poll does not
 * start at the newest event yielded but `lookbackMs` (default 2 s) before it, and skips the ids it
 * already yielded in that window: an event that shows up late, no older than that, is still
 * yielded, once (after the newer ones, so only each poll is in order). Each poll pages by sort
 * values (`searchAfter`), so it moves on however many events share one millisecond.
 *
 * The ids remembered are those in the window, at most MAX_SEEN; past that the window's start moves
 * up past the oldest remembered millisecond (late events older than it are then missed, never
 * yielded twice).
 */
import { sleep } from '@driftwood/core';
import type { SearchHit, SearchRequest, SearchResponse, TailOptions } from './contract.ts';

const PAGE = 1000;
const MAX_SEEN = 100_000;
const DEFAULT_LOOKBACK_MS = 2000;

export async function* pollTail(
  search: (request: SearchRequest) => Promise<SearchResponse>,
  options: TailOptions,
): AsyncIterable<SearchHit> {
  const lookback = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const interval = options.intervalMs ?? 1000;
  /** No event older than this is yielded (the start, raised when the window's ids overflow). */
  let floor = options.since ?? Date.now();
  /** The newest @timestamp yielded. */
  let newest = Number.NEGATIVE_INFINITY;
  /** Ids yielded with their @timestamp, oldest first: those at or after the window's start. */
  const seen = new Map<string, number>();
  const windowStart = () => Math.max(floor, newest - lookback);
  const forget = () => {
    const start = windowStart();
    for (const [id, ts] of seen) if (ts < start) seen.delete(id);
    if (seen.size <= MAX_SEEN) return;
    // too many to remember: start after the newest millisecond among the oldest ones dropped
    const times = [...seen.values()].sort((a, b) => a - b);
    floor = Math.max(floor, (times[seen.size - MAX_SEEN] as number) + 1);
    for (const [id, ts] of seen) if (ts < floor) seen.delete(id);
  };
  while (!options.signal?.aborted) {
    const from = windowStart();
    let after: SearchHit['sort'] | undefined;
    for (;;) {
      const page = await search({
        query: options.query,
        from,
        sort: [{ field: '@timestamp', order: 'asc' }],
        size: PAGE,
        ...(after ? { searchAfter: after } : {}),
      });
      for (const hit of page.hits) {
        if (options.signal?.aborted) return;
        const ts = Number(hit.sort[0]);
        if (ts < floor || seen.has(hit.id)) continue;
        seen.set(hit.id, ts);
        if (ts > newest) newest = ts;
        yield hit;
      }
      if (options.signal?.aborted) return;
      const last = page.hits.at(-1);
      if (page.hits.length < PAGE || last === undefined) break;
      after = last.sort;
    }
    forget();
    await sleep(interval, options.signal);
  }
}
