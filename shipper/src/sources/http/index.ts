/**
 * http source: `POST <path>` with events, answered only once they are queued.
 *
 * Bodies (by `content-type`; without one the body is sniffed):
 * - `application/json`: one JSON object, or an array of objects; NDJSON is also accepted here.
 * - `application/x-ndjson` / `application/jsonlines`: one JSON value per line, blank lines skipped.
 * - `text/plain`: every non-empty line is one event's `message`.
 * Each object becomes an event: `message` from `message` (or `msg`, which is moved), the object's raw
 * JSON when it has neither; other fields are kept. `@timestamp` comes from `@timestamp`,
 * `timestamp` or `time` (ISO string or epoch ms; `timestamp`/`time` are moved), else receive time.
 * JSON strings become messages; other JSON values, invalid JSON or UTF-8, too-deep nesting → 400
 * naming the line or item, and nothing from that request is queued.
 *
 * Browsers (browser.ts): without the `api_key`, a request with `Origin` or a cross-site
 * `Sec-Fetch-Site` is 403 unless `allowed_origins` lists it, and while listening on loopback a
 * non-loopback `Host` is 421 (DNS rebinding); listed origins get CORS answers and preflights.
 *
 * Answers: 200 `{"accepted":N}` once `emit` resolved; 401 without the `api_key` (as `Authorization:
 * ApiKey K`, `Authorization: Bearer K` or `x-api-key: K`); 413 over `max_body_bytes` — refused from
 * the Content-Length before reading, else as soon as the running count passes it, and the
 * connection is closed; 404/405 for other paths and methods; 429 + `Retry-After` when the queue is
 * full — no slot freed up, or the request's own emit did not resolve, within
 * `queue_full_timeout_ms`; 503 while stopping.
 *
 * Bounded memory: a request takes one of `max_in_flight` slots BEFORE its body is read and keeps it
 * until its events are queued, so at most `max_in_flight` bodies (each ≤ `max_body_bytes`) are held
 * however many clients post at once; the others wait with their bodies unread (TCP backpressure)
 * and, past `queue_full_timeout_ms`, get 429 and a closed connection; a body that sends nothing
 * for `body_idle_timeout_ms` gets 408 and its connection closed, freeing its slot.
 *
 * Ids: with an `x-request-id` header (the winston transport sends one per batch), an event's id is
 * sha256(source id, request id, index in the request), so retrying the same POST yields the same
 * ids and the store drops the repeats — including after a 429 whose emit went through later.
 * Without it, the id is sha256(source id, peer, the item's text, receive time ms, per-connection
 * sequence number): stable inside the shipper, but a client's retry is a new event.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DriftwoodError, type ErrorCode, isLoopbackHost, isPlainObject, parseHostPort, Slots } from '@driftwood/core';
import { eventId } from '@driftwood/core/node';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../../component.ts';
import { addShipperFields } from '../payload.ts';
import { givenKey, keyMatches } from './auth.ts';
import { parseBody } from './body.ts';
import { checkBrowser, PREFLIGHT_HEADERS } from './browser.ts';
import { configSchema, type HttpConfig, type } from './config.ts';
import { itemToDoc } from './document.ts';

export { configSchema, type HttpConfig, type };

export interface HttpSource extends Source {
  /** Where it listens (after `start`). */
  address(): { host: string; port: number };
}

export function build(config: HttpConfig, buildCtx: BuildContext): HttpSource {
  const sourceId = config.id ?? `http-${config.listen}`;
  const { host, port } = parseHostPort(config.listen);
  const expectedKey = config.api_key === undefined ? undefined : Buffer.from(config.api_key);
  const slots = new Slots(config.max_in_flight);
  const browserPolicy = {
    anonymous: config.api_key === undefined,
    loopbackListen: isLoopbackHost(host),
    allowedOrigins: config.allowed_origins,
  };
  const connectionSeq = new WeakMap<Socket, number>();
  let server: Server | undefined;
  let bound: { host: string; port: number } | undefined;
  let stopping = false;

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }

  function fail(
    res: ServerResponse,
    status: number,
    code: ErrorCode,
    message: string,
    headers?: Record<string, string>,
  ) {
    reply(res, status, { error: { code, message } }, headers);
  }

  /** Answers and closes the connection without reading the rest of the body. */
  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    code: ErrorCode,
    message: string,
    headers: Record<string, string> = {},
  ) {
    res.once('finish', () => req.destroy());
    fail(res, status, code, message, { ...headers, connection: 'close' });
  }

  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const limit = config.max_body_bytes;
    const tooLarge = () =>
      refuse(req, res, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than max_body_bytes (${limit})`);
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > limit) {
      tooLarge();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      let idle: NodeJS.Timeout | undefined;
      const settle = (body: Buffer | undefined) => {
        if (done) return;
        done = true;
        clearTimeout(idle);
        resolve(body);
      };
      // A body that stops arriving is given up, so a stalled client does not keep its slot.
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          const ms = config.body_idle_timeout_ms;
          refuse(req, res, 408, 'INPUT_INVALID', `no body bytes for ${ms} ms`);
          settle(undefined);
        }, config.body_idle_timeout_ms);
      };
      arm();
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        arm();
        size += chunk.length;
        if (size > limit) {
          tooLarge();
          settle(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => settle(Buffer.concat(chunks)));
      req.on('error', () => settle(undefined));
    });
  }

  async function handle(ctx: SourceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== config.path) return fail(res, 404, 'NOT_FOUND', `POST events to ${config.path}`);
    // Browsers: refused without the api_key unless allowed_origins lists them (browser.ts).
    const browser = checkBrowser(req.headers, browserPolicy);
    if (!browser.ok) return refuse(req, res, browser.status, 'FORBIDDEN', browser.message);
    for (const [name, value] of Object.entries(browser.cors)) res.setHeader(name, value);
    if (req.method === 'OPTIONS' && Object.keys(browser.cors).length > 0) {
      res.writeHead(204, PREFLIGHT_HEADERS).end();
      return;
    }
    if (req.method !== 'POST') return fail(res, 405, 'INPUT_INVALID', 'only POST is accepted', { allow: 'POST' });
    if (expectedKey && !keyMatches(expectedKey, givenKey(req))) {
      return fail(res, 401, 'UNAUTHORIZED', 'a valid API key is required', { 'www-authenticate': 'ApiKey' });
    }
    const retryAfter = { 'retry-after': String(config.retry_after_seconds) };
    if (stopping) return fail(res, 503, 'QUEUE_FULL', 'the shipper is stopping', retryAfter);
    // The slot is taken before the body is read: at most max_in_flight bodies are held at once.
    if (!(await slots.take(config.queue_full_timeout_ms))) {
      return refuse(req, res, 429, 'QUEUE_FULL', 'the queue is full, retry later', retryAfter);
    }
    let handedOff = false;
    try {
      handedOff = await readAndEmit(ctx, req, res, retryAfter);
    } finally {
      if (!handedOff) slots.give();
    }
  }

  /** Reads, parses and emits one request holding a slot; true once the emit owns the slot. */
  async function readAndEmit(
    ctx: SourceContext,
    req: IncomingMessage,
    res: ServerResponse,
    retryAfter: Record<string, string>,
  ): Promise<boolean> {
    const body = await readBody(req, res);
    if (body === undefined) return false;
    const parsed = parseBody(body, req.headers['content-type'], config.max_depth);
    if (!parsed.ok) {
      fail(res, parsed.status, 'INPUT_INVALID', parsed.message);
      return false;
    }

    const received = new Date();
    const requestIdHeader = req.headers['x-request-id'];
    const requestId =
      typeof requestIdHeader === 'string' && requestIdHeader !== '' ? requestIdHeader.slice(0, 256) : undefined;
    const socket = req.socket;
    const seqStart = connectionSeq.get(socket) ?? 0;
    connectionSeq.set(socket, seqStart + parsed.items.length);
    const ip = socket.remoteAddress ?? '';
    const peerPort = socket.remotePort ?? 0;
    const address = `${ip.includes(':') ? `[${ip}]` : ip}:${peerPort}`;
    const events: ShipperEvent[] = parsed.items.map((item, index) => {
      const doc = itemToDoc(item, received);
      addShipperFields(doc, ctx, address);
      const source = isPlainObject(doc.source) ? { ...doc.source } : {};
      doc.source = { ...source, ip, port: peerPort };
      return {
        id:
          requestId !== undefined
            ? eventId(sourceId, 'request', requestId, index)
            : eventId(sourceId, address, item.raw, received.getTime(), seqStart + index),
        doc,
        source: sourceId,
      };
    });

    const emitted = ctx.emit(events).finally(() => slots.give());
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      emitted.then(
        () => 'queued' as const,
        (error: unknown) => error,
      ),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), config.queue_full_timeout_ms);
      }),
    ]);
    clearTimeout(timer);
    if (outcome === 'queued') reply(res, 200, { accepted: events.length });
    else if (outcome === 'timeout') {
      // The emit continues; a retry with the same x-request-id produces the same ids.
      emitted.catch(() => {});
      fail(res, 429, 'QUEUE_FULL', 'the queue is full, retry later', retryAfter);
    } else {
      buildCtx.log.warn('http: emit failed', { source: sourceId, error: String(outcome) });
      fail(res, 503, 'QUEUE_FULL', 'events could not be queued', retryAfter);
    }
    return true;
  }

  const source: HttpSource = {
    async start(ctx: SourceContext): Promise<void> {
      stopping = false;
      ctx.signal.addEventListener('abort', () => void source.stop(), { once: true });
      const srv = createServer((req, res) => {
        handle(ctx, req, res).catch((error: unknown) => {
          buildCtx.log.error('http: request failed', { source: sourceId, error: String(error) });
          fail(res, 500, 'INTERNAL', 'internal error');
        });
      });
      server = srv;
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, host, () => {
          srv.off('error', reject);
          resolve();
        });
      }).catch((error: unknown) => {
        throw new DriftwoodError('INPUT_INVALID', `http: cannot listen on ${config.listen}`, { cause: error });
      });
      srv.on('error', (error) => buildCtx.log.error('http: server error', { error: String(error) }));
      const a = srv.address();
      bound = a && typeof a === 'object' ? { host: a.address, port: a.port } : { host, port };
    },

    async stop(): Promise<void> {
      if (stopping && !server) return;
      stopping = true;
      const srv = server;
      server = undefined;
      if (!srv) return;
      await new Promise<void>((resolve) => {
        srv.close(() => resolve());
        srv.closeIdleConnections();
        // Requests still waiting on the queue get their answer (503 while stopping) or are cut after a grace period.
        setTimeout(() => srv.closeAllConnections(), 5_000).unref();
      });
    },

    address() {
      if (!bound) throw new DriftwoodError('INTERNAL', 'http: address() before start()');
      return bound;
    },
  };
  return source;
}
