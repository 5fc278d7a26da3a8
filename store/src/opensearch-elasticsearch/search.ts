/** Search requests and hits: sort with the id tiebreaker, `search_after`, internal fields stripped. */
import type { FieldType, JsonValue, LogDocument } from '@driftwood/core';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type SearchHit, type SearchRequest, type SortValues } from '../contract.ts';
import type { Dsl } from './dsl.ts';
import { ID_FIELD } from './indices.ts';

export interface RawHit {
  _id: string;
  _index?: string;
  _source?: LogDocument;
  sort?: Array<JsonValue>;
}

export interface RawSearchResponse {
  hits?: { total?: { value?: number } | number; hits?: RawHit[] };
  aggregations?: Record<string, unknown>;
}

const UNMAPPED_TYPE: Record<FieldType, string> = {
  keyword: 'keyword',
  text: 'keyword',
  long: 'long',
  double: 'double',
  date: 'date',
  boolean: 'boolean',
  ip: 'ip',
  object: 'keyword',
};

export function pageSize(size: number | undefined): number {
  if (size === undefined || Number.isNaN(size)) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(Math.floor(size), 0), MAX_PAGE_SIZE);
}

/** The sort clauses: the requested ones (default `@timestamp` desc), then the id ascending. */
export function sortClauses(
  sort: SearchRequest['sort'],
  typeOf: (field: string) => FieldType | undefined,
): Array<Record<string, unknown>> {
  const requested = sort && sort.length > 0 ? sort : [{ field: '@timestamp', order: 'desc' as const }];
  const clauses: Array<Record<string, unknown>> = [];
  for (const { field, order } of requested) {
    if (field === '_id' || field === ID_FIELD) {
      clauses.push({ [ID_FIELD]: { order } });
      continue;
    }
    // Like the embedded store: a field that cannot be sorted on (unknown, text) is left out.
    const type = field === '@timestamp' ? 'date' : typeOf(field);
    if (type === undefined || type === 'text' || type === 'object') continue;
    clauses.push({ [field]: { order, unmapped_type: UNMAPPED_TYPE[type] } });
  }
  if (!requested.some((s) => s.field === '_id' || s.field === ID_FIELD)) clauses.push({ [ID_FIELD]: { order: 'asc' } });
  return clauses;
}

export function searchBody(
  query: Dsl,
  request: SearchRequest,
  typeOf: (field: string) => FieldType | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    query,
    size: pageSize(request.size),
    track_total_hits: true,
    sort: sortClauses(request.sort, typeOf),
  };
  if (request.searchAfter !== undefined && request.searchAfter.length > 0) body.search_after = request.searchAfter;
  return body;
}

export function totalOf(response: RawSearchResponse): number {
  const total = response.hits?.total;
  if (typeof total === 'number') return total;
  return total?.value ?? 0;
}

/** The stored document without the backend's own fields. */
export function publicDoc(source: LogDocument | undefined): LogDocument {
  if (source === undefined) return {};
  if (!(ID_FIELD in source)) return source;
  const { [ID_FIELD]: _hidden, ...doc } = source;
  return doc;
}

export function toHit(raw: RawHit): SearchHit {
  const sort = (raw.sort ?? []).map((v) => (typeof v === 'number' || typeof v === 'string' ? v : String(v)));
  return { id: raw._id, doc: publicDoc(raw._source), sort: sort as SortValues };
}
