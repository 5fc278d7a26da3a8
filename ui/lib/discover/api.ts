/** Discover's calls to its own server routes, typed; every failure is an `ApiError` (lib/http.ts). */
import type { LogDocument } from '@driftwood/core';
import { fetchJson, jsonRequest, withParams } from '../http.ts';
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

export const api = {
  search: (params: URLSearchParams, signal?: AbortSignal) =>
    fetchJson<SearchResult>(withParams('/api/search', params), { signal }),
  histogram: (params: URLSearchParams, signal?: AbortSignal) =>
    fetchJson<HistogramResult>(withParams('/api/histogram', params), { signal }),
  fields: (signal?: AbortSignal) => fetchJson<{ fields: FieldInfo[] }>('/api/fields', { signal }),
  top: (params: URLSearchParams, signal?: AbortSignal) =>
    fetchJson<TopValues>(withParams('/api/fields/top', params), { signal }),
  values: (params: URLSearchParams, signal?: AbortSignal) =>
    fetchJson<{ field: string; values: string[] }>(withParams('/api/fields/values', params), { signal }),
  surrounding: (id: string, ts: number, n: number, signal?: AbortSignal) =>
    fetchJson<SurroundingResult>(
      withParams('/api/surrounding', new URLSearchParams({ id, ts: String(ts), n: String(n) })),
      { signal },
    ),
  listSaved: () => fetchJson<{ searches: SavedSearch[] }>('/api/saved-searches'),
  createSaved: (title: string, params: string) =>
    fetchJson<{ search: SavedSearch }>('/api/saved-searches', jsonRequest('POST', { title, params })),
  updateSaved: (id: string, title: string, params: string) =>
    fetchJson<{ search: SavedSearch }>(
      `/api/saved-searches/${encodeURIComponent(id)}`,
      jsonRequest('PUT', { title, params }),
    ),
  deleteSaved: (id: string) =>
    fetchJson<{ deleted: boolean }>(`/api/saved-searches/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export function exportHref(format: 'csv' | 'ndjson', params: URLSearchParams): string {
  const p = new URLSearchParams(params);
  p.set('format', format);
  return `/api/export?${p.toString()}`;
}
