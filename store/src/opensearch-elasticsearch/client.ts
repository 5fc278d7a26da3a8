/**
 * The engine client: one tiny interface over the official OpenSearch and Elasticsearch clients,
 * so the rest of the backend is engine-neutral. Every call answers `{ status, body }` (HTTP errors
 * are answers, not exceptions); only transport failures throw, as coded DriftwoodErrors.
 */

import { DriftwoodError } from '@driftwood/core';
import { Client as ElasticsearchClient } from '@elastic/elasticsearch';
import { Client as OpenSearchClient } from '@opensearch-project/opensearch';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';

export interface EngineResponse<T = unknown> {
  status: number;
  body: T;
}

export interface EngineClient {
  readonly kind: 'opensearch' | 'elasticsearch';
  /** One request; `body` as JSON, or an NDJSON string for `_bulk`. */
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    body?: unknown,
    querystring?: Record<string, string | number | boolean>,
  ): Promise<EngineResponse<T>>;
  close(): Promise<void>;
}

export interface EngineClientOptions {
  url: string;
  /** Per request, ms (default 30 s). */
  requestTimeoutMs?: number;
}

/** What the official clients throw (both share these shapes and names). */
interface ClientError {
  name?: string;
  message?: string;
  meta?: { statusCode?: number | null; body?: unknown };
}

/** Maps a thrown client error to an answer (HTTP status) or a coded DriftwoodError. */
export function fromClientError<T>(error: unknown, what: string): EngineResponse<T> {
  const err = (error ?? {}) as ClientError;
  const status = err.meta?.statusCode;
  if (err.name === 'ResponseError' && typeof status === 'number') {
    return { status, body: parseMaybe(err.meta?.body) as T };
  }
  if (err.name === 'TimeoutError' || err.name === 'RequestAbortedError') {
    throw new DriftwoodError('STORE_TIMEOUT', `${what}: the search engine did not answer in time`, { cause: error });
  }
  throw new DriftwoodError(
    'STORE_UNAVAILABLE',
    `${what}: cannot reach the search engine (${err.message ?? err.name})`,
    {
      cause: error,
    },
  );
}

function parseMaybe(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function params(
  method: HttpMethod,
  path: string,
  body: unknown,
  querystring: Record<string, string | number | boolean> | undefined,
): { method: string; path: string; body?: never; bulkBody?: string; querystring?: Record<string, unknown> } {
  const p: { method: string; path: string; body?: never; bulkBody?: string; querystring?: Record<string, unknown> } = {
    method,
    path,
  };
  if (typeof body === 'string') p.bulkBody = body;
  else if (body !== undefined) (p as { body?: unknown }).body = body;
  if (querystring !== undefined) p.querystring = querystring;
  return p;
}

/** OpenSearch: `transport.request` resolves to `{ body, statusCode }`. */
export function openSearchClient(options: EngineClientOptions): EngineClient {
  const client = new OpenSearchClient({
    node: options.url,
    maxRetries: 1,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
  });
  return {
    kind: 'opensearch',
    async request<T>(
      method: HttpMethod,
      path: string,
      body?: unknown,
      querystring?: Record<string, string | number | boolean>,
    ): Promise<EngineResponse<T>> {
      try {
        const res = await client.transport.request(params(method, path, body, querystring));
        return { status: res.statusCode ?? 200, body: parseMaybe(res.body) as T };
      } catch (error) {
        return fromClientError<T>(error, `${method} ${path}`);
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}

/** Elasticsearch 9: `transport.request` resolves to the body itself unless `meta: true`. */
export function elasticsearchClient(options: EngineClientOptions): EngineClient {
  const client = new ElasticsearchClient({
    node: options.url,
    maxRetries: 1,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
  });
  return {
    kind: 'elasticsearch',
    async request<T>(
      method: HttpMethod,
      path: string,
      body?: unknown,
      querystring?: Record<string, string | number | boolean>,
    ): Promise<EngineResponse<T>> {
      try {
        const res = await client.transport.request(params(method, path, body, querystring), { meta: true });
        return { status: res.statusCode ?? 200, body: parseMaybe(res.body) as T };
      } catch (error) {
        return fromClientError<T>(error, `${method} ${path}`);
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}

/** Throws STORE_REJECTED (with the engine's reason) unless the status is 2xx. */
export function expectOk<T>(res: EngineResponse<T>, what: string): T {
  if (res.status >= 200 && res.status < 300) return res.body;
  const reason = errorReason(res.body);
  const code = res.status === 429 || res.status >= 500 ? 'STORE_UNAVAILABLE' : 'STORE_REJECTED';
  throw new DriftwoodError(code, `${what} failed (HTTP ${res.status}): ${reason}`, {
    details: { status: res.status, body: res.body },
  });
}

/** The engine's error as one line: `type: reason` of the root cause. */
export function errorReason(body: unknown): string {
  const error = (body as { error?: unknown } | undefined)?.error;
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object') {
    const e = error as { type?: string; reason?: string; root_cause?: Array<{ type?: string; reason?: string }> };
    const root = e.root_cause?.[0];
    const type = e.type ?? root?.type ?? 'error';
    const reason = e.reason ?? root?.reason ?? JSON.stringify(error);
    return `${type}: ${reason}`;
  }
  return typeof body === 'string' ? body : JSON.stringify(body);
}
