/**
 * `tail` for every backend: poll for events at or after the newest one seen, oldest first,
 * skipping the ones already yielded at that same millisecond, until the signal aborts.
 */
import type { SearchHit, SearchRequest, SearchResponse, TailOptions } from './contract.ts';

const PAGE = 1000;

export async function* pollTail(
  search: (request: SearchRequest) => Promise<SearchResponse>,
  options: TailOptions,
): AsyncIterable<SearchHit> {
  let since = options.since ?? Date.now();
  const seenAtSince = new Set<string>();
  const interval = options.intervalMs ?? 1000;
  while (!options.signal?.aborted) {
    const page = await search({
      query: options.query,
      from: since,
      sort: [{ field: '@timestamp', order: 'asc' }],
      size: PAGE,
    });
    for (const hit of page.hits) {
      if (options.signal?.aborted) return;
      const ts = Number(hit.sort[0]);
      if (ts === since && seenAtSince.has(hit.id)) continue;
      if (ts > since) {
        since = ts;
        seenAtSince.clear();
      }
      seenAtSince.add(hit.id);
      yield hit;
    }
    if (page.hits.length < PAGE) await sleep(interval, options.signal);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
