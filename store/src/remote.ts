/**
 * The store over HTTP: `createStoreHandler(store)` serves a LogStore on loopback for other
 * processes, and `RemoteStore` is the client — itself a LogStore, so callers cannot tell.
 * Endpoints: `POST /_driftwood/store/<method>` with a JSON array of arguments; the answer is
 * `{ result }` or `{ error: { code, message, details } }`. `tail` streams NDJSON.
 *
 * Every call carries `Authorization: Bearer <token>`: the owner makes a random token once per
 * process (`storeApiToken`) and publishes it in the 0600 server file beside the database (open.ts),
 * so only processes of the user who may read that file reach the store. A POST must be
 * `Content-Type: application/json`, which a cross-site form or `fetch` without CORS cannot send.
 * Bodies are read as a stream under a cap (refused up front by Content-Length when larger), and
 * only a few at once.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DriftwoodError, type ErrorCode, httpStatusFor, isDriftwoodError, type LogEvent, Slots } from '@driftwood/core';
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

/** Random bytes in a store API token. */
export const STORE_TOKEN_BYTES = 32;

/** A new random store API token (32 bytes, base64url). */
export function generateStoreToken(): string {
  return randomBytes(STORE_TOKEN_BYTES).toString('base64url');
}

let processToken: string | undefined;

/**
 * This process's store API token, made on first use: the handler an owner serves and the server
 * file it publishes (`publishStoreServer`) share it without being wired together.
 */
export function storeApiToken(): string {
  processToken ??= generateStoreToken();
  return processToken;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Constant-time check of an `Authorization` header against `Bearer <token>`. */
function bearerMatches(header: string | undefined, token: string): boolean {
  if (header === undefined || header.length > 1024) return false;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(digest(match[1] as string), digest(token));
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

export interface StoreHandlerOptions {
  /** The token every call must carry (default: this process's `storeApiToken()`). */
  token?: string;
  /** The largest request body (default 256 MiB). */
  maxBodyBytes?: number;
  /** Request bodies read at once (default 8); the rest wait `bodyWaitMs`, then get 429. */
  maxConcurrentBodies?: number;
  /** How long a request waits for a body-reading slot (default 10 s). */
  bodyWaitMs?: number;
  /** A body that sends nothing this long is given up with 408, freeing its slot (default 30 s). */
  bodyIdleMs?: number;
}

const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

/** The error answer, with the status it maps to (or the one given). */
class HttpRefusal extends DriftwoodError {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(code, message);
    this.status = status;
    this.headers = headers;
  }
}

/**
 * Reads the body as it streams in, refusing it once it passes `max` bytes or when nothing arrives
 * for `idleMs`.
 */
function readBody(req: IncomingMessage, max: number, idleMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let idle: NodeJS.Timeout | undefined;
    const onIdle = (): void => {
      cleanup();
      req.resume();
      reject(
        new HttpRefusal(408, 'INPUT_INVALID', `the request body sent nothing for ${idleMs} ms`, {
          connection: 'close',
        }),
      );
    };
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(onIdle, idleMs);
    };
    const onData = (chunk: Buffer): void => {
      armIdle();
      size += chunk.length;
      if (size > max) {
        cleanup();
        req.resume(); // discard the rest; the answer closes the connection
        reject(
          new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', `store API request body is over ${max} bytes`, {
            connection: 'close',
          }),
        );
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onAborted = (): void => {
      cleanup();
      reject(new DriftwoodError('INPUT_INVALID', 'the request was aborted'));
    };
    const cleanup = (): void => {
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
    armIdle();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Refuses the request without reading its body. */
function refuse(req: IncomingMessage, refusal: HttpRefusal): never {
  req.resume();
  throw refusal;
}

/**
 * Handles `/_driftwood/store/*`; resolves false for other paths. Serve it on loopback only.
 * A call without the token is 401, a POST that is not `application/json` 415, a body over the cap
 * 413 (by Content-Length before reading, else as it streams), no free body-reading slot 429, and
 * a body that stalls 408.
 */
export function createStoreHandler(
  store: LogStore,
  options: StoreHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const token = options.token ?? storeApiToken();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const slots = new Slots(options.maxConcurrentBodies ?? 8);
  const bodyWaitMs = options.bodyWaitMs ?? 10_000;
  const bodyIdleMs = options.bodyIdleMs ?? 30_000;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(STORE_API_PREFIX)) return false;
    const method = url.pathname.slice(STORE_API_PREFIX.length);
    try {
      if (!bearerMatches(req.headers.authorization, token)) {
        refuse(
          req,
          new HttpRefusal(401, 'UNAUTHORIZED', 'the store API needs the token from the server file in the data dir', {
            'www-authenticate': 'Bearer',
            connection: 'close',
          }),
        );
      }
      if (req.method === 'GET' && method === 'ping') {
        req.resume();
        sendJson(res, 200, { result: { kind: store.kind } });
        return true;
      }
      if (req.method !== 'POST') refuse(req, new HttpRefusal(405, 'INPUT_INVALID', 'use POST', { allow: 'POST' }));
      if (!isJson(req.headers['content-type'])) {
        refuse(
          req,
          new HttpRefusal(415, 'INPUT_INVALID', 'the store API takes Content-Type: application/json', {
            connection: 'close',
          }),
        );
      }
      const length = Number(req.headers['content-length']);
      if (req.headers['content-length'] !== undefined && !(length <= maxBody)) {
        refuse(
          req,
          new HttpRefusal(413, 'PAYLOAD_TOO_LARGE', `store API request body is over ${maxBody} bytes`, {
            connection: 'close',
          }),
        );
      }
      if (!(await slots.take(bodyWaitMs))) {
        refuse(
          req,
          new HttpRefusal(429, 'RATE_LIMITED', 'too many store API requests are being read; try again', {
            'retry-after': '1',
            connection: 'close',
          }),
        );
      }
      let text: string;
      try {
        text = await readBody(req, maxBody, bodyIdleMs);
      } finally {
        slots.give();
      }
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
      const status = e instanceof HttpRefusal ? e.status : httpStatusFor(e.code);
      const headers = e instanceof HttpRefusal ? e.headers : {};
      if (!res.headersSent) sendJson(res, status, { error: e.toJSON() }, headers);
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

export interface RemoteStoreOptions {
  /** The owner's store API token (the `token` of its server file). */
  token?: string;
}

/** A LogStore in another process, reached over its loopback store API. */
export class RemoteStore implements LogStore {
  kind: LogStore['kind'] = 'embedded';
  private readonly base: string;
  private readonly auth: Record<string, string>;

  constructor(baseUrl: string, options: RemoteStoreOptions = {}) {
    this.base = baseUrl.replace(/\/$/, '');
    this.auth = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
  }

  private async call<T>(method: string, args: unknown[]): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${STORE_API_PREFIX}${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.auth },
        body: JSON.stringify(args),
      });
    } catch (error) {
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => ({
      error: { code: 'STORE_UNAVAILABLE', message: `the store API answered ${response.status} without JSON` },
    }))) as {
      result?: T;
      error?: { code: ErrorCode; message: string; details?: Record<string, unknown> };
    };
    if (body.error) throw new DriftwoodError(body.error.code, body.error.message, { details: body.error.details });
    return body.result as T;
  }

  async init(): Promise<void> {
    let response: Response;
    let body: { result?: { kind: LogStore['kind'] }; error?: { code: ErrorCode; message: string } };
    try {
      response = await fetch(`${this.base}${STORE_API_PREFIX}ping`, { headers: this.auth });
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    }
    if (body.error || !body.result) {
      const code = body.error?.code ?? 'STORE_UNAVAILABLE';
      throw new DriftwoodError(code, body.error?.message ?? `the store API answered ${response.status}`);
    }
    this.kind = body.result.kind;
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
      headers: { 'content-type': 'application/json', ...this.auth },
      body: JSON.stringify([rest]),
      signal,
    }).catch((error: unknown) => {
      if (signal?.aborted) return undefined;
      throw new DriftwoodError('STORE_UNAVAILABLE', `the Driftwood process at ${this.base} does not answer`, {
        cause: error,
      });
    });
    if (!response?.body) return;
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { code: ErrorCode; message: string } };
      throw new DriftwoodError(
        body.error?.code ?? 'STORE_UNAVAILABLE',
        body.error?.message ?? `tail: ${response.status}`,
      );
    }
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
