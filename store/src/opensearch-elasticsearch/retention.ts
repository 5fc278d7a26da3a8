/**
 * Retention: whole daily indices older than the cutoff are dropped; the day the cutoff falls in
 * is thinned with `_delete_by_query` (or, where the engine lacks it, search + bulk delete).
 */
import { type EngineClient, expectOk } from './client.ts';
import { DAY_MS, type IndexNames } from './indices.ts';

interface CatIndex {
  index?: string;
}

interface CountResponse {
  count?: number;
}

interface DeleteByQueryResponse {
  deleted?: number;
}

interface HitsResponse {
  hits?: { hits?: Array<{ _id: string; _index: string }> };
}

interface BulkResponse {
  items?: Array<Record<string, { status?: number }>>;
}

const BATCH = 5000;

/** Log indices and what to do with each for this cutoff. */
export function retentionPlan(
  indices: string[],
  names: IndexNames,
  cutoffMs: number,
): { drop: string[]; thin: string[] } {
  const drop: string[] = [];
  const thin: string[] = [];
  for (const index of indices) {
    const start = names.dayStart(index);
    if (start !== undefined && start + DAY_MS <= cutoffMs) drop.push(index);
    else if (start === undefined || start < cutoffMs) thin.push(index);
  }
  return { drop: drop.sort(), thin: thin.sort() };
}

export async function listLogIndices(client: EngineClient, names: IndexNames): Promise<string[]> {
  const res = await client.request<CatIndex[]>('GET', `/_cat/indices/${names.pattern}`, undefined, {
    format: 'json',
    h: 'index',
    expand_wildcards: 'open',
  });
  if (res.status === 404) return [];
  return expectOk(res, 'listing log indices')
    .map((i) => i.index)
    .filter((i): i is string => typeof i === 'string');
}

/** Deletes events older than the cutoff; answers how many. */
export async function deleteOlderThan(
  client: EngineClient,
  names: IndexNames,
  cutoffMs: number,
  onDropped: (index: string) => void,
): Promise<number> {
  const cutoff = Math.ceil(cutoffMs);
  const indices = await listLogIndices(client, names);
  if (indices.length === 0) return 0;
  await client.request('POST', `/${names.pattern}/_refresh`, undefined, { allow_no_indices: true });
  const { drop, thin } = retentionPlan(indices, names, cutoff);
  let deleted = 0;
  for (const index of drop) {
    const count = expectOk(await client.request<CountResponse>('POST', `/${index}/_count`), `counting ${index}`);
    expectOk(await client.request('DELETE', `/${index}`), `deleting ${index}`);
    onDropped(index);
    deleted += count.count ?? 0;
  }
  const older = { range: { '@timestamp': { lt: cutoff, format: 'epoch_millis' } } };
  for (const index of thin) deleted += await deleteByQuery(client, index, older);
  return deleted;
}

async function deleteByQuery(client: EngineClient, index: string, query: Record<string, unknown>): Promise<number> {
  const res = await client.request<DeleteByQueryResponse>(
    'POST',
    `/${index}/_delete_by_query`,
    { query },
    { refresh: true, conflicts: 'proceed' },
  );
  if (res.status >= 200 && res.status < 300) return res.body.deleted ?? 0;
  // No reindex module (some Elasticsearch builds): search the ids, bulk-delete them.
  if (res.status === 400 || res.status === 404 || res.status === 405) return searchAndDelete(client, index, query);
  expectOk(res, `deleting old events from ${index}`);
  return 0;
}

async function searchAndDelete(client: EngineClient, index: string, query: Record<string, unknown>): Promise<number> {
  let deleted = 0;
  for (;;) {
    const found = expectOk(
      await client.request<HitsResponse>('POST', `/${index}/_search`, {
        query,
        size: BATCH,
        _source: false,
        track_total_hits: false,
      }),
      `finding old events in ${index}`,
    );
    const hits = found.hits?.hits ?? [];
    if (hits.length === 0) return deleted;
    const body = hits.map((h) => `${JSON.stringify({ delete: { _index: h._index, _id: h._id } })}\n`).join('');
    const res = expectOk(
      await client.request<BulkResponse>('POST', '/_bulk', body, { refresh: 'true' }),
      `deleting old events from ${index}`,
    );
    const ok = (res.items ?? []).filter((item) => Object.values(item)[0]?.status === 200).length;
    deleted += ok;
    if (ok === 0) return deleted;
  }
}
