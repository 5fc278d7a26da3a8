/** Saved objects (searches, dashboards, alert rules, …) in their own index, `_id` = `type:id`. */
import { DriftwoodError } from '@driftwood/core';
import type { SavedObject } from '../contract.ts';
import { type EngineClient, expectOk } from './client.ts';
import { objectsIndexBody } from './indices.ts';

interface StoredObject {
  type: string;
  id: string;
  title: string;
  attributes: Record<string, unknown>;
  updatedAt: string;
}

interface GetResponse {
  found?: boolean;
  _source?: StoredObject;
}

interface SearchResponse {
  hits?: { hits?: Array<{ _source?: StoredObject }> };
}

const MAX_OBJECTS = 10_000;

function docPath(index: string, type: string, id: string): string {
  return `/${index}/_doc/${encodeURIComponent(`${type}:${id}`)}`;
}

function toObject(source: StoredObject): SavedObject {
  return {
    id: source.id,
    type: source.type,
    title: source.title,
    attributes: source.attributes ?? {},
    updatedAt: source.updatedAt,
  };
}

export interface ObjectStore {
  ensureIndex(): Promise<void>;
  save(object: SavedObject): Promise<SavedObject>;
  get(type: string, id: string): Promise<SavedObject | undefined>;
  list(type: string): Promise<SavedObject[]>;
  delete(type: string, id: string): Promise<boolean>;
}

export function objectStore(client: EngineClient, index: string): ObjectStore {
  return {
    async ensureIndex() {
      const res = await client.request<{ error?: { type?: string } }>('PUT', `/${index}`, objectsIndexBody());
      if (res.status === 400 && res.body?.error?.type === 'resource_already_exists_exception') return;
      expectOk(res, `creating ${index}`);
    },

    async save(object) {
      if (typeof object.type !== 'string' || object.type === '' || typeof object.id !== 'string' || object.id === '') {
        throw new DriftwoodError('INPUT_INVALID', 'A saved object needs a non-empty type and id', {
          details: { type: object.type, id: object.id },
        });
      }
      const stored: StoredObject = {
        type: object.type,
        id: object.id,
        title: object.title,
        attributes: object.attributes ?? {},
        updatedAt: new Date().toISOString(),
      };
      const res = await client.request('PUT', docPath(index, object.type, object.id), stored, { refresh: 'true' });
      expectOk(res, `saving ${object.type}:${object.id}`);
      return toObject(stored);
    },

    async get(type, id) {
      const res = await client.request<GetResponse>('GET', docPath(index, type, id));
      if (res.status === 404) return undefined;
      const body = expectOk(res, `reading ${type}:${id}`);
      return body.found && body._source ? toObject(body._source) : undefined;
    },

    async list(type) {
      const res = await client.request<SearchResponse>(
        'POST',
        `/${index}/_search`,
        { query: { term: { type } }, size: MAX_OBJECTS, sort: [{ title: 'asc' }, { id: 'asc' }] },
        { ignore_unavailable: true },
      );
      if (res.status === 404) return [];
      const body = expectOk(res, `listing ${type} objects`);
      return (body.hits?.hits ?? []).flatMap((h) => (h._source ? [toObject(h._source)] : []));
    },

    async delete(type, id) {
      const res = await client.request<{ result?: string }>('DELETE', docPath(index, type, id), undefined, {
        refresh: 'true',
      });
      if (res.status === 404) return false;
      return expectOk(res, `deleting ${type}:${id}`).result === 'deleted';
    },
  };
}
