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
 * Answers: 200 `{"accepted":N}` once `emit` resolved; 401 without the `api_key` (as `Authorization:
 * ApiKey K`, `Authorization: Bearer K` or `x-api-key: K`); 413 over `max_body_bytes`; 404/405 for
 * other paths and methods; 429 + `Retry-After` when the queue is full — no emit slot freed up, or the
 * request's own emit did not resolve, within `queue_full_timeout_ms`; 503 while stopping.
 *
 * Ids: with an `x-request-id` header (the winston transport sends one per batch), an event's id is
 * sha256(source id, request id, index in the request), so retrying the same POST yields the same
 * ids and the store drops the repeats — including after a 429 whose emit went through later.
 * Without it, the id is sha256(source id, peer, the item's text, receive time ms, per-connection
 * sequence number): stable inside the shipper, but a client's retry is a new event.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DriftwoodError, type ErrorCode, isPlainObject, type JsonValue, type LogDocument } from '@driftwood/core';
import { z } from 'zod';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../component.ts';
import { sourceEventId } from './event-id.ts';
import { parseTime } from './payload-time.ts';

export const type = 'http';

export const configSchema = z
  .object({
    type: z.literal('http').optional().describe('Component type: `http`.'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Source id used in acknowledgements and event ids; defaults to `http-<listen>`.'),
    listen: z
      .string()
      .default('127.0.0.1:8080')
      .describe('Address to listen on, `host:port` (IPv6 as `[::1]:8080`); port 0 picks a free port.'),
    path: z.string().startsWith('/').default('/').describe('Path that accepts `POST`ed events.'),
    api_key: z
      .string()
      .min(1)
      .optional()
      .describe('When set, requests must carry it (`Authorization: ApiKey K`, `Bearer K` or `x-api-key`); else 401.'),
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .default(10 * 1024 * 1024)
      .describe('Largest request body; larger ones get 413.'),
    max_depth: z.number().int().min(1).max(1000).default(64).describe('Deepest JSON nesting accepted (else 400).'),
    queue_full_timeout_ms: z
      .number()
      .int()
      .min(0)
      .default(2_000)
      .describe('How long a request may wait for the queue before it is answered 429 with `Retry-After`.'),
    retry_after_seconds: z.number().int().min(1).default(1).describe('`Retry-After` sent with 429 and 503.'),
    max_in_flight: z
      .number()
      .int()
      .min(1)
      .default(8)
      .describe('Requests whose events may be handed to the queue at the same time; others wait (see above).'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!/^(?:\[[^\]]+\]|[^:[\]]+):\d{1,5}$/.test(c.listen))
      ctx.addIssue({ code: 'custom', path: ['listen'], message: `listen must be host:port, got "${c.listen}"` });
  });

export type HttpConfig = z.infer<typeof configSchema>;

// ---------------------------------------------------------------------------------------------
// Body parsing (pure)

/** One item of a request: a JSON object or a text message, with the text it came from. */
export interface BodyItem {
  value: { [key: string]: JsonValue } | string;
  raw: string;
}

export type ParsedBody = { ok: true; items: BodyItem[] } | { ok: false; status: 400 | 415; message: string };

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
const lenientDecoder = new TextDecoder('utf-8', { fatal: false });

/** True when `value` nests deeper than `max` (iterative: deep input cannot blow the stack). */
function tooDeep(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(v))
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function toItem(value: unknown, raw: string, where: string, maxDepth: number): BodyItem | string {
  if (typeof value === 'string') return { value, raw };
  if (!isPlainObject(value))
    return `${where}: expected a JSON object or string, got ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : typeof value}`;
  if (tooDeep(value, maxDepth)) return `${where}: JSON nests deeper than ${maxDepth} levels`;
  return { value, raw };
}

function ndjson(text: string, maxDepth: number): ParsedBody {
  const items: BodyItem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const parsed = parseJson(line);
    if (!parsed.ok) return { ok: false, status: 400, message: `line ${i + 1}: invalid JSON (${parsed.error})` };
    const item = toItem(parsed.value, line, `line ${i + 1}`, maxDepth);
    if (typeof item === 'string') return { ok: false, status: 400, message: item };
    items.push(item);
  }
  return items.length === 0 ? { ok: false, status: 400, message: 'the body holds no events' } : { ok: true, items };
}

/** Parses a request body into items, or says why not (400/415). Never throws. */
export function parseBody(body: Buffer, contentType: string | undefined, maxDepth = 64): ParsedBody {
  const mime = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('text/')) {
    const items = lenientDecoder
      .decode(body)
      .split('\n')
      .map((line) => line.replace(/\r$/, ''))
      .filter((line) => line !== '')
      .map((line) => ({ value: line, raw: line }));
    return items.length === 0 ? { ok: false, status: 400, message: 'the body holds no lines' } : { ok: true, items };
  }
  const json = [
    '',
    'application/json',
    'application/x-ndjson',
    'application/ndjson',
    'application/jsonlines',
    'application/x-jsonlines',
  ];
  if (!json.includes(mime)) {
    return { ok: false, status: 415, message: `content-type ${mime} is not accepted: use JSON, NDJSON or text/plain` };
  }
  let text: string;
  try {
    text = fatalDecoder.decode(body);
  } catch {
    return { ok: false, status: 400, message: 'the body is not valid UTF-8' };
  }
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, status: 400, message: 'the body is empty' };
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    const parsed = parseJson(trimmed);
    if (parsed.ok && Array.isArray(parsed.value)) {
      if (tooDeep(parsed.value, maxDepth + 1))
        return { ok: false, status: 400, message: `JSON nests deeper than ${maxDepth} levels` };
      const items: BodyItem[] = [];
      for (let i = 0; i < parsed.value.length; i++) {
        const v: unknown = parsed.value[i];
        const item = toItem(v, typeof v === 'string' ? v : JSON.stringify(v), `item ${i}`, maxDepth);
        if (typeof item === 'string') return { ok: false, status: 400, message: item };
        items.push(item);
      }
      return items.length === 0
        ? { ok: false, status: 400, message: 'the array holds no events' }
        : { ok: true, items };
    }
    if (parsed.ok) {
      const item = toItem(parsed.value, trimmed, 'body', maxDepth);
      return typeof item === 'string' ? { ok: false, status: 400, message: item } : { ok: true, items: [item] };
    }
    if (trimmed.startsWith('[')) return { ok: false, status: 400, message: `invalid JSON (${parsed.error})` };
  }
  return ndjson(text, maxDepth);
}

/** An item → its document (before host/agent/source metadata). */
export function itemToDoc(item: BodyItem, received: Date): LogDocument {
  if (typeof item.value === 'string') return { '@timestamp': received.toISOString(), message: item.value };
  const doc: LogDocument = { ...item.value };
  if (typeof doc.message !== 'string') {
    if (typeof doc.msg === 'string') {
      doc.message = doc.msg;
      delete doc.msg;
    } else if (doc.message !== undefined) {
      doc.message = JSON.stringify(doc.message);
    } else {
      doc.message = item.raw;
    }
  }
  let timestamp = parseTime(doc['@timestamp']);
  for (const key of ['timestamp', 'time']) {
    if (timestamp !== undefined) break;
    timestamp = parseTime(doc[key]);
    if (timestamp !== undefined) delete doc[key];
  }
  doc['@timestamp'] = timestamp ?? received.toISOString();
  return doc;
}

// ---------------------------------------------------------------------------------------------
// The source

export interface HttpSource extends Source {
  /** Where it listens (after `start`). */
  address(): { host: string; port: number };
}

function keyMatches(expected: Buffer, given: string | undefined): boolean {
  if (given === undefined) return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

function givenKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  const m = auth ? /^(?:ApiKey|Bearer)\s+(.+)$/i.exec(auth) : null;
  return m?.[1];
}

class Slots {
  private free: number;
  private waiters: Array<() => void> = [];
  constructor(count: number) {
    this.free = count;
  }
  /** Takes a slot within `ms`, or returns false. */
  async take(ms: number): Promise<boolean> {
    if (this.free > 0) {
      this.free--;
      return true;
    }
    return await new Promise<boolean>((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, ms);
      this.waiters.push(waiter);
    });
  }
  give(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free++;
  }
}

export function build(config: HttpConfig, buildCtx: BuildContext): HttpSource {
  const sourceId = config.id ?? `http-${config.listen}`;
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(config.listen);
  const host = (m?.[1] ?? m?.[2]) as string;
  const port = Number(m?.[3]);
  const expectedKey = config.api_key === undefined ? undefined : Buffer.from(config.api_key);
  const slots = new Slots(config.max_in_flight);
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

  function readBody(req: IncomingMessage, res: ServerResponse): Promise<Buffer | undefined> {
    const limit = config.max_body_bytes;
    const tooLarge = () => {
      fail(res, 413, 'PAYLOAD_TOO_LARGE', `the body is larger than max_body_bytes (${limit})`, { connection: 'close' });
      res.once('finish', () => req.destroy());
    };
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > limit) {
      tooLarge();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        size += chunk.length;
        if (size > limit) {
          done = true;
          tooLarge();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (!done) resolve(Buffer.concat(chunks));
        done = true;
      });
      req.on('error', () => {
        if (!done) resolve(undefined);
        done = true;
      });
    });
  }

  async function handle(ctx: SourceContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== config.path) return fail(res, 404, 'NOT_FOUND', `POST events to ${config.path}`);
    if (req.method !== 'POST') return fail(res, 405, 'INPUT_INVALID', 'only POST is accepted', { allow: 'POST' });
    if (expectedKey && !keyMatches(expectedKey, givenKey(req))) {
      return fail(res, 401, 'UNAUTHORIZED', 'a valid API key is required', { 'www-authenticate': 'ApiKey' });
    }
    const retryAfter = { 'retry-after': String(config.retry_after_seconds) };
    if (stopping) return fail(res, 503, 'QUEUE_FULL', 'the shipper is stopping', retryAfter);
    const body = await readBody(req, res);
    if (body === undefined) return;
    const parsed = parseBody(body, req.headers['content-type'], config.max_depth);
    if (!parsed.ok) return fail(res, parsed.status, 'INPUT_INVALID', parsed.message);

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
      const hostValue = doc.host;
      const hasHostName = doc['host.name'] !== undefined || (isPlainObject(hostValue) && hostValue.name !== undefined);
      if (!hasHostName)
        doc.host = isPlainObject(hostValue) ? { ...hostValue, name: ctx.hostName } : { name: ctx.hostName };
      doc.agent = { ...ctx.agent };
      const log = isPlainObject(doc.log) ? { ...doc.log } : {};
      log.source = { address };
      doc.log = log;
      const source = isPlainObject(doc.source) ? { ...doc.source } : {};
      doc.source = { ...source, ip, port: peerPort };
      return {
        id:
          requestId !== undefined
            ? sourceEventId(sourceId, 'request', requestId, index)
            : sourceEventId(sourceId, address, item.raw, received.getTime(), seqStart + index),
        doc,
        source: sourceId,
      };
    });

    if (!(await slots.take(config.queue_full_timeout_ms))) {
      return fail(res, 429, 'QUEUE_FULL', 'the queue is full, retry later', retryAfter);
    }
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
    if (outcome === 'queued') return reply(res, 200, { accepted: events.length });
    if (outcome === 'timeout') {
      // The emit continues; a retry with the same x-request-id produces the same ids.
      emitted.catch(() => {});
      return fail(res, 429, 'QUEUE_FULL', 'the queue is full, retry later', retryAfter);
    }
    buildCtx.log.warn('http: emit failed', { source: sourceId, error: String(outcome) });
    return fail(res, 503, 'QUEUE_FULL', 'events could not be queued', retryAfter);
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
