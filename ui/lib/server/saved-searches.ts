/** Saved searches on the store's saved objects (type `search`): request bodies validated here. */
import { randomBytes } from 'node:crypto';
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import type { LogStore, SavedObject } from '@driftwood/store';
import { fromSavedAttributes, SAVED_SEARCH_TYPE, savedSearchId, toSavedAttributes } from '../discover/saved.ts';
import { decodeState, encodeState } from '../discover/state.ts';
import { readJson } from './request.ts';

export interface SavedSearchBody {
  title: string;
  /** The view as the page's query string (`q=…&from=…`). */
  params: string;
}

/** The body: application/json within the byte cap, read as it streams (request.ts). */
export async function readBody(request: Request): Promise<SavedSearchBody> {
  let body: unknown;
  try {
    body = await readJson(request);
  } catch (error) {
    if (!isDriftwoodError(error) || !error.message.startsWith('the body is not JSON')) throw error;
    throw new DriftwoodError('INPUT_INVALID', 'the body must be JSON: { "title": "…", "params": "q=…" }', {
      cause: error,
    });
  }
  const b = body as Partial<SavedSearchBody> | null;
  const title = typeof b?.title === 'string' ? b.title.trim() : '';
  if (title === '' || title.length > 200) {
    throw new DriftwoodError('INPUT_INVALID', 'a saved search needs a title of 1 to 200 characters', {
      details: { field: 'title' },
    });
  }
  return { title, params: typeof b?.params === 'string' ? b.params : '' };
}

export function toObject(id: string, body: SavedSearchBody): SavedObject {
  return {
    id,
    type: SAVED_SEARCH_TYPE,
    title: body.title,
    attributes: { ...toSavedAttributes(decodeState(new URLSearchParams(body.params))) },
  };
}

/** A saved search as the page uses it: title and the view's query string. */
export function present(object: SavedObject): { id: string; title: string; updatedAt?: string; params: string } {
  const state = fromSavedAttributes(object.attributes, object.id);
  return { id: object.id, title: object.title, updatedAt: object.updatedAt, params: encodeState(state).toString() };
}

export function newId(title: string): string {
  return savedSearchId(title, randomBytes(4).toString('hex'));
}

export async function mustGet(store: LogStore, id: string): Promise<SavedObject> {
  const object = await store.getObject(SAVED_SEARCH_TYPE, id);
  if (!object) throw new DriftwoodError('NOT_FOUND', `no saved search ${id}`);
  return object;
}
