/**
 * A document by id (and its @timestamp, which the contract needs to find it on every backend)
 * and the documents around it from the same source.
 */
import { DriftwoodError, type KqlNode } from '@driftwood/core';
import type { LogStore, SearchHit } from '@driftwood/store';
import { sourceOf } from '../discover/doc.ts';

export async function findDoc(store: LogStore, id: string, ts: number): Promise<SearchHit> {
  const res = await store.search({ from: ts, to: ts + 1, size: 1000 });
  const hit = res.hits.find((h) => h.id === id);
  if (!hit) throw new DriftwoodError('NOT_FOUND', `no document ${id} at ${new Date(ts).toISOString()}`);
  return hit;
}

export interface Surrounding {
  anchor: SearchHit;
  source: Array<{ field: string; value: string }>;
  /** Newer events, newest first (shown above the anchor). */
  newer: SearchHit[];
  /** Older events, newest first (shown below the anchor). */
  older: SearchHit[];
}

/** `n` events before and after the anchor in the table's order (@timestamp desc, id asc). */
export async function surrounding(store: LogStore, id: string, ts: number, n: number): Promise<Surrounding> {
  const anchor = await findDoc(store, id, ts);
  const source = sourceOf(anchor.doc);
  const matches: KqlNode[] = source.map((s) => ({
    type: 'match',
    field: s.field,
    value: { kind: 'phrase', text: s.value },
  }));
  const query: KqlNode | undefined =
    matches.length === 0 ? undefined : matches.length === 1 ? matches[0] : { type: 'and', children: matches };
  const [newerPage, olderPage] = await Promise.all([
    store.search({ query, from: ts, sort: [{ field: '@timestamp', order: 'asc' }], size: n + 200 }),
    store.search({ query, sort: [{ field: '@timestamp', order: 'desc' }], searchAfter: [ts, id], size: n }),
  ]);
  const newer = newerPage.hits
    .filter((h) => Number(h.sort[0]) > ts || (Number(h.sort[0]) === ts && h.id < id))
    .slice(0, n)
    .reverse();
  return { anchor, source, newer, older: olderPage.hits };
}
