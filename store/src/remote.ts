/**
 * The store over HTTP: `createStoreHandler(store)` serves a LogStore on loopback for other
 * processes, and `RemoteStore` is the client — itself a LogStore, so callers cannot tell.
 * Endpoints: `POST /_driftwood/store/<method>` with a JSON array of arguments; the answer is
 * `{ result }` or `{ error: { code, message, details } }`. `tail` streams NDJSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DriftwoodError, type ErrorCode, httpStatusFor, isDriftwoodError, type LogEvent } from '@driftwood/core';
import type {
  AggregateRequest,
  AggregationResult,
  FieldInfo,
  LogStore,
  QueryInput,
  SavedObject,
  SearchHit,
  SearchRequest,
  SearchResponse,
  TailOptions,
  WriteOutcome,
} from './contract.ts';

export const STORE_API_PREFIX = '/_driftwood/store/';

const METHODS = [
  'write',
  'flush',
  'search',
  'count',
  'aggregate',
  'fields',
  'deleteOlderThan',
  'saveObject',
  'getObject',
  'listObjects',
  'deleteObject',
] as const;
type Method = (typeof METHODS)[number];

const MAX_BODY = 256 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new DriftwoodError('PAYLOAD_TOO_LARGE', 'store API request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Handles `/_driftwood/store/*`; resolves false for other paths. Serve it on loopback only. */
export function createStoreHandler(store: LogStore): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(STORE_API_PREFIX)) return false;
    const method = url.pathname.slice(STORE_API_PREFIX.length);
    try {
      if (req.method === 'GET' && method === 'ping') {
        sendJson(res, 200, { result: { kind: store.kind } });
        return true;
      }
      if (req.method !== 'POST') throw new DriftwoodError('INPUT_INVALID', 'use POST');
      const text = await readBody(req);
      const args = (text === '' ? [] : JSON.parse(text)) as unknown[];
      if (!Array.isArray(args)) throw new DriftwoodError('INPUT_INVALID', 'the body must be a JSON array of arguments');
      if (method === 'tail') {
        await streamTail(store, (args[0] ?? {}) as TailOptions, req, res);
        return true;
      }
      if (!(METHODS as readonly string[]).includes(method)) {
        throw new DriftwoodError('NOT_FOUND', `unknown store method "${method}"`);
      }
      const fn = store[method as Method] as (...a: unknown[]) => Promise<unknown>;
      const result = await fn.apply(store, args);
      sendJson(res, 200, { result: result ?? null });
    } catch (error) {
      const e = isDriftwoodError(error)
        ? error
        : error instanceof SyntaxError
          ? new DriftwoodError('INPUT_INVALID', `invalid JSON: ${error.message}`)
          : new DriftwoodError('INTERNAL', (error as Error).message ?? String(error), { cause: error });
      if (!res.headersSent) sendJson(res, httpStatusFor(e.code), { error: e.toJSON() });
      else res.end();
    }
    return true;
  };
}

async function streamTail(
  store: LogStore,
  options: TailOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const abort = new AbortController();
  req.on('close', () => abort.abort());
  res.on('close', () => abort.abort());
  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
  res.flushHeaders();
  for await (const hit of store.tail({ ...options, signal: abort.signal })) {
    if (!res.write(`${JSON.stringify(hit)}\n`)) await new Promise((r) => res.once('drain', r));
  }
  res.end();
}

/** A LogStore in another process, reached over its loopback store API. */
export class RemoteStore implements LogStore {
  kind: LogStore['kind'] = 'embedded';
  private readonly base: string;

  constructor(baseUrl: string) {
    this.base = baseUrl.replace(/\/$/, '');
  }

  private async call<T>(method: string, args: unknown[]): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${STORE_API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
    } catch (error) {
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    }
    const body = (await response.json()) as {
      result?: T;
      error?: { code: ErrorCode; message: string; details?: Record<string, unknown> };
    };
    if (body.error) throw new DriftwoodError(body.error.code, body.error.message, { details: body.error.details });
    return body.result as T;
  }

  async init(): Promise<void> {
    try {
      const response = await fetch(`${this.base}${STORE_API_PREFIX}ping`);
      const body = (await response.json()) as { result: { kind: LogStore['kind'] } };
      this.kind = body.result.kind;
    } catch (error) {
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    }
  }

  write(events: LogEvent[]): Promise<WriteOutcome[]> {
    return this.call('write', [events]);
  }
  flush(): Promise<void> {
    return this.call('flush', []);
  }
  search(request: SearchRequest): Promise<SearchResponse> {
    return this.call('search', [request]);
  }
  count(request: QueryInput): Promise<number> {
    return this.call('count', [request]);
  }
  aggregate(request: AggregateRequest): Promise<Record<string, AggregationResult>> {
    return this.call('aggregate', [request]);
  }
  fields(): Promise<FieldInfo[]> {
    return this.call('fields', []);
  }
  deleteOlderThan(cutoffMs: number): Promise<number> {
    return this.call('deleteOlderThan', [cutoffMs]);
  }
  saveObject(object: SavedObject): Promise<SavedObject> {
    return this.call('saveObject', [object]);
  }
  async getObject(type: string, id: string): Promise<SavedObject | undefined> {
    return (await this.call<SavedObject | null>('getObject', [type, id])) ?? undefined;
  }
  listObjects(type: string): Promise<SavedObject[]> {
    return this.call('listObjects', [type]);
  }
  deleteObject(type: string, id: string): Promise<boolean> {
    return this.call('deleteObject', [type, id]);
  }

  async *tail(options: TailOptions): AsyncIterable<SearchHit> {
    const { signal, ...rest } = options;
    const response = await fetch(`${this.base}${STORE_API_PREFIX}tail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([rest]),
      signal,
    }).catch((error: unknown) => {
      if (signal?.aborted) return undefined;
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    });
    if (!response?.body) return;
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of response.body) {
        buffered += decoder.decode(chunk as Uint8Array, { stream: true });
        let newline = buffered.indexOf('\n');
        while (newline >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          if (line.trim() !== '') yield JSON.parse(line) as SearchHit;
          newline = buffered.indexOf('\n');
        }
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  }

  async close(): Promise<void> {}
}
