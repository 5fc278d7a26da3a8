/** The page's calls to its own server routes, typed; every failure becomes an `ApiError`. */
import type { JsonValue, LogDocument } from '@driftwood/core';
import type { HistogramData } from './histogram.ts';
import type { SavedSearchSummary } from './saved.ts';

export interface Hit {
  id: string;
  doc: LogDocument;
  sort: Array<string | number>;
}

export interface SearchResult {
  total: number;
  hits: Hit[];
  tookMs: number;
}

export interface HistogramResult extends HistogramData {
  scaled: boolean;
  total: number;
  tookMs: number;
}

export interface FieldInfo {
  name: string;
  type: string;
  aggregatable: boolean;
}

export interface TopValues {
  field: string;
  type: string | null;
  aggregatable: boolean;
  total: number;
  present: number;
  buckets: Array<{ key: string | number; count: number; percent: number }>;
  other: number;
}

export interface SurroundingResult {
  anchor: Hit;
  source: Array<{ field: string; value: string }>;
  newer: Hit[];
  older: Hit[];
}

export interface SavedSearch extends SavedSearchSummary {
  params: string;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, JsonValue>;
}

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, JsonValue>;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
  }
}

export async function apiFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', message: 'Cannot reach the Driftwood server. Is it running?' });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: `The server answered ${res.status} without JSON` });
  }
  if (!res.ok) {
    const e = (body as { error?: ApiErrorBody }).error;
    throw new ApiError(res.status, e ?? { code: `HTTP_${res.status}`, message: `The server answered ${res.status}` });
  }
  return body as T;
}

const withParams = (path: string, params: URLSearchParams): string => {
  const s = params.toString();
  return s === '' ? path : `${path}?${s}`;
};

export const api = {
  search: (params: URLSearchParams, signal?: AbortSignal) =>
    apiFetch<SearchResult>(withParams('/api/search', params), { signal }),
  histogram: (params: URLSearchParams, signal?: AbortSignal) =>
    apiFetch<HistogramResult>(withParams('/api/histogram', params), { signal }),
  fields: (signal?: AbortSignal) => apiFetch<{ fields: FieldInfo[] }>('/api/fields', { signal }),
  top: (params: URLSearchParams, signal?: AbortSignal) =>
    apiFetch<TopValues>(withParams('/api/fields/top', params), { signal }),
  values: (params: URLSearchParams, signal?: AbortSignal) =>
    apiFetch<{ field: string; values: string[] }>(withParams('/api/fields/values', params), { signal }),
  surrounding: (id: string, ts: number, n: number, signal?: AbortSignal) =>
    apiFetch<SurroundingResult>(
      withParams('/api/surrounding', new URLSearchParams({ id, ts: String(ts), n: String(n) })),
      { signal },
    ),
  listSaved: () => apiFetch<{ searches: SavedSearch[] }>('/api/saved-searches'),
  createSaved: (title: string, params: string) =>
    apiFetch<{ search: SavedSearch }>('/api/saved-searches', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, params }),
    }),
  updateSaved: (id: string, title: string, params: string) =>
    apiFetch<{ search: SavedSearch }>(`/api/saved-searches/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title, params }),
    }),
  deleteSaved: (id: string) =>
    apiFetch<{ deleted: boolean }>(`/api/saved-searches/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export function exportHref(format: 'csv' | 'ndjson', params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.set('format', format);
  return `/api/export?${p.toString()}`;
}
