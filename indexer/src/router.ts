/**
 * HTTP routing for the indexer: ingest (`_bulk`, `/ingest`) and every other write behind the
 * `ingest` privilege (auth.ts), the Elasticsearch setup reads (es-api.ts) and `/metrics` behind
 * any valid credentials — all open without credentials in `loopback_open` mode; `/health` always
 * open; anonymous requests from a browser or under a foreign Host name refused (browser-guard.ts);
 * the embedded store's API for other local processes (loopback only, its own token).
 * Bodies are read within limits (limits.ts): at most `max_concurrent_bodies` at once (the rest
 * wait, unread, then 429), each refused with 413 as soon as it passes `max_body_bytes`, all of
 * them within `max_in_flight_bytes`; a refused body's connection is closed. Every answer carries
 * `x-elastic-product: Elasticsearch` and errors are Elasticsearch-shaped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Slots } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { type Authenticator, createAccess, type Need } from './auth.ts';
import { refuseAnonymousBrowser } from './browser-guard.ts';
import { type BulkContext, type HttpAnswer, handleBulk } from './bulk.ts';
import { errorBody } from './bulk-response.ts';
import type { AuthMode, IndexerConfig } from './config.ts';
import { EsApi } from './es-api.ts';
import type { Ingestor } from './ingest.ts';
import { handleIngest } from './ingest-endpoint.ts';
import { type BodyResult, ByteBudget, readBody } from './limits.ts';
import type { IndexerMetrics } from './metrics.ts';
import { createPipelineRouter } from './pipeline-routes.ts';

export interface RouterOptions {
  config: IndexerConfig;
  store: LogStore;
  ingestor: Ingestor;
  metrics: IndexerMetrics;
  /** The auth mode in effect (config.ts `authModeFor`). */
  authMode: AuthMode;
  /** The security service that checks ApiKey and Basic credentials. */
  authenticator: () => Promise<Authenticator>;
  /** Serves the store API (embedded owner); only loopback clients reach it. */
  storeHandler?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
  /** Extra health facts (e.g. the Kafka input's state). */
  health?: () => Record<string, unknown>;
}

const MAX_SETUP_BODY = 16 * 1024 * 1024;
const BASE_HEADERS = { 'x-elastic-product': 'Elasticsearch' } as const;

function send(res: ServerResponse, req: IncomingMessage, answer: HttpAnswer, contentType = 'application/json'): void {
  if (res.headersSent) return;
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  if (answer.headers?.connection === 'close') {
    // A refused body is not read to its end: the connection goes once the answer is out.
    res.once('finish', () => req.destroy());
  }
  res.writeHead(answer.status, {
    ...BASE_HEADERS,
    'content-type': `${contentType}; charset=UTF-8`,
    'content-length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

const isLoopback = (addr: string | undefined) =>
  addr === '127.0.0.1' || addr === '::1' || addr === '::ffff:127.0.0.1' || addr?.startsWith('127.') === true;

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function createRouter(options: RouterOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, store, ingestor, metrics } = options;
  const access = createAccess({
    mode: options.authMode,
    staticKeys: config.api_keys,
    authenticator: options.authenticator,
  });
  const budget = new ByteBudget(config.max_in_flight_bytes);
  const bodies = new Slots(config.max_concurrent_bodies);
  const esApi = new EsApi();
  const bulkContext: BulkContext = {
    ingestor,
    store,
    routePipeline: createPipelineRouter(config.pipelines, config.default_pipeline),
    timezone: config.timezone,
    keepOriginal: config.keep_original,
  };

  /** Runs `run` holding one of the body slots; answers 429 (body unread, connection closed) without one. */
  async function withBodySlot(run: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    if (!(await bodies.take(config.body_wait_ms))) {
      metrics.rejectedRequests.inc({ reason: 'busy' });
      return {
        status: 429,
        body: errorBody(
          429,
          'es_rejected_execution_exception',
          `rejected execution: ${bodies.size} request bodies in flight, the limit is [${bodies.size}]`,
        ),
        headers: { 'retry-after': '1', connection: 'close' },
      };
    }
    metrics.bodiesInFlight.set(bodies.taken);
    try {
      return await run();
    } finally {
      bodies.give();
      metrics.bodiesInFlight.set(bodies.taken);
    }
  }

  async function ingestRoute(
    req: IncomingMessage,
    url: URL,
    run: (body: Buffer, deadline: number) => Promise<HttpAnswer>,
  ): Promise<HttpAnswer> {
    return withBodySlot(() => readAndRun(req, url, run));
  }

  async function readAndRun(
    req: IncomingMessage,
    url: URL,
    run: (body: Buffer, deadline: number) => Promise<HttpAnswer>,
  ): Promise<HttpAnswer> {
    const started = performance.now();
    const read = await readBody(req, config.max_body_bytes, budget, config.body_idle_timeout_ms);
    metrics.inFlightBytes.set(budget.used);
    if (!read.ok) return refusedBody(read);
    try {
      const timeout = parseEsTime(url.searchParams.get('timeout'));
      const deadline = Date.now() + Math.min(config.request_timeout_ms, timeout ?? Number.POSITIVE_INFINITY);
      return await run(read.body, deadline);
    } finally {
      budget.release(read.reserved);
      metrics.inFlightBytes.set(budget.used);
      metrics.bulkLatency.observe((performance.now() - started) / 1000);
    }
  }

  function refusedBody(read: Extract<BodyResult, { ok: false }>): HttpAnswer {
    metrics.rejectedRequests.inc({ reason: read.reason });
    if (read.reason === 'too_large')
      return {
        status: 413,
        body: errorBody(413, 'content_too_long_exception', read.message),
        headers: { connection: 'close' },
      };
    if (read.reason === 'timeout')
      return {
        status: 408,
        body: errorBody(408, 'timeout_exception', read.message),
        headers: { connection: 'close' },
      };
    if (read.reason === 'busy')
      return {
        status: 429,
        body: errorBody(429, 'es_rejected_execution_exception', read.message),
        headers: { 'retry-after': '1', connection: 'close' },
      };
    return { status: 400, body: errorBody(400, 'parse_exception', read.message), headers: { connection: 'close' } };
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<HttpAnswer | undefined> {
    const url = new URL(req.url ?? '/', 'http://indexer');
    const path = url.pathname.replace(/\/{2,}/g, '/');
    const method = req.method ?? 'GET';
    if (path === '/health' && (method === 'GET' || method === 'HEAD')) {
      return {
        status: 200,
        body: { status: 'ok', store: store.kind, in_flight_bytes: budget.used, ...options.health?.() },
      };
    }
    if (options.storeHandler && path.startsWith('/_driftwood/store/') && isLoopback(req.socket.remoteAddress)) {
      if (await options.storeHandler(req, res)) return undefined;
    }
    const need: Need = method === 'GET' || method === 'HEAD' ? 'authenticated' : 'ingest';
    const checked = await access(req.headers, path, need, req.socket.remoteAddress);
    if (!checked.ok) {
      metrics.rejectedRequests.inc({ reason: checked.refusal.reason });
      req.resume();
      return checked.refusal;
    }
    if (checked.principal === undefined) {
      // Anonymous (loopback_open): no browser, no foreign Host name (browser-guard.ts).
      const refused = refuseAnonymousBrowser(req.headers);
      if (refused) {
        metrics.rejectedRequests.inc({ reason: 'browser' });
        req.resume();
        return { status: refused.status, body: errorBody(refused.status, refused.type, refused.reason) };
      }
    }
    if (path === '/metrics' && method === 'GET') {
      send(res, req, { status: 200, body: await metrics.render() }, 'text/plain; version=0.0.4');
      return undefined;
    }
    const bulk = /^\/(?:([^/_][^/]*)\/)?_bulk\/?$/.exec(path);
    if (bulk && (method === 'POST' || method === 'PUT')) {
      const index = bulk[1] === undefined ? undefined : decodeURIComponent(bulk[1]);
      const refresh = url.searchParams.get('refresh');
      const pipeline = url.searchParams.get('pipeline') ?? undefined;
      return ingestRoute(req, url, (body, deadline) =>
        handleBulk(bulkContext, body, {
          deadline,
          refresh: refresh === '' || refresh === 'true' || refresh === 'wait_for',
          ...(index !== undefined ? { index } : {}),
          ...(pipeline !== undefined ? { pipeline } : {}),
        }),
      );
    }
    if (path === '/ingest' && method === 'POST') {
      const pipeline = url.searchParams.get('pipeline') ?? undefined;
      return ingestRoute(req, url, (body, deadline) =>
        handleIngest(ingestor, body, {
          deadline,
          timezone: config.timezone,
          keepOriginal: config.keep_original,
          ...(pipeline !== undefined ? { pipeline } : {}),
        }),
      );
    }
    if (/(?:^|\/)_(?:refresh|flush)$/.test(path) && (method === 'POST' || method === 'GET')) {
      req.resume();
      await store.flush();
      return { status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } };
    }
    if (method === 'PUT' || method === 'POST') {
      return withBodySlot(async () => {
        const read = await readBody(
          req,
          Math.min(MAX_SETUP_BODY, config.max_body_bytes),
          budget,
          config.body_idle_timeout_ms,
        );
        if (!read.ok) return refusedBody(read);
        budget.release(read.reserved);
        return setupAnswer(method, path, parseJson(read.body));
      });
    }
    req.resume();
    return setupAnswer(method, path, undefined);
  }

  function setupAnswer(method: string, path: string, body: unknown): HttpAnswer {
    const answer = esApi.handle(method, path, body);
    if (answer !== undefined) return { status: answer.status, body: answer.body ?? {} };
    return {
      status: 400,
      body: errorBody(400, 'illegal_argument_exception', `no handler found for uri [${path}] and method [${method}]`),
    };
  }

  return (req, res) => {
    route(req, res)
      .then((answer) => {
        if (answer) send(res, req, answer);
        metrics.requests.inc({ method: req.method ?? '', status: String(res.statusCode) });
      })
      .catch((error: unknown) => {
        send(res, req, {
          status: 500,
          body: errorBody(500, 'exception', `internal error: ${(error as Error)?.message ?? String(error)}`),
        });
      });
  };
}

/** Elasticsearch time values (`30s`, `1m`, `500ms`) → ms. */
export function parseEsTime(value: string | null): number | undefined {
  if (!value) return undefined;
  const m = /^(\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)?$/.exec(value.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 'ms'] ?? 1;
  return n * unit;
}
