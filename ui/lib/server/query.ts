/** Reading a route's query parameters into a store query (KQL checked here, errors typed). */
import { DriftwoodError, type KqlNode, parseKql } from '@driftwood/core';
import type { QueryInput, SortValues } from '@driftwood/store';
import { type ApiQuery, readApiQuery } from '../discover/api-params.ts';
import { combineQuery } from '../discover/filters.ts';

export interface RouteQuery extends ApiQuery {
  /** The store query: query bar text and filters as one parsed AST, and the time range. */
  input: QueryInput & { query?: KqlNode };
}

/** The query bar text is parsed on its own first, so a syntax error's position is the user's. */
export function routeQuery(url: URL, now = new Date()): RouteQuery {
  const read = readApiQuery(url.searchParams, now);
  if (!read.ok) throw new DriftwoodError('INPUT_INVALID', read.message);
  const q = read.value;
  if (q.query.trim() !== '') parseKql(q.query);
  const combined = combineQuery(q.query, q.filters);
  const ast: KqlNode | undefined = combined === '' ? undefined : parseKql(combined);
  const input: RouteQuery['input'] = ast ? { query: ast } : {};
  if (q.from !== undefined) input.from = q.from;
  if (q.to !== undefined) input.to = q.to;
  return { ...q, input };
}

export function intParam(url: URL, name: string, fallback: number, min: number, max: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new DriftwoodError('INPUT_INVALID', `${name} must be an integer from ${min} to ${max}, got ${raw}`, {
      details: { field: name },
    });
  }
  return n;
}

export function requiredParam(url: URL, name: string): string {
  const v = url.searchParams.get(name);
  if (v === null || v === '') {
    throw new DriftwoodError('INPUT_INVALID', `the ${name} parameter is required`, { details: { field: name } });
  }
  return v;
}

/** `after` = the JSON sort values of the last hit. */
export function searchAfterParam(url: URL): SortValues | undefined {
  const raw = url.searchParams.get('after');
  if (raw === null || raw === '') return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through
  }
  throw new DriftwoodError('INPUT_INVALID', 'after must be a JSON array of the last hit’s sort values', {
    details: { field: 'after' },
  });
}

/** `limit` (0 to 1000), or `fallback` when absent. */
export function limitParam(url: URL, fallback: number): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new DriftwoodError('INPUT_INVALID', `limit must be a whole number from 0 to 1000, got ${raw}`, {
      details: { field: 'limit' },
    });
  return n;
}
