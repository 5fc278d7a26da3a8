/**
 * The reverse proxy in front of the UI's Next.js server, always (HTTP, or HTTPS with a
 * certificate): Next listens on a loopback port and this proxy serves the public address.
 *
 * Next buffers every request body for ui/proxy.ts before a route's own limits apply, for any
 * number of requests at once; so request bodies are bounded here, before Next sees them:
 *
 * - a declared Content-Length over the cap (MAX_API_BODY_BYTES, the one every route reads at most) is
 *   answered 413 at once (an `Expect: 100-continue` one before the client sends its body), nothing
 *   sent on to Next;
 * - a chunked body is counted as it arrives and answered 413 as soon as it passes the cap; a body
 *   is read whole (at most the cap) before it goes on, with its Content-Length, so a cut or
 *   oversized body never reaches Next in part;
 * - at most `bodyReaders` requests with a body are in flight at once (read here, then buffered and
 *   answered by Next); one that waits longer than `bodyWaitMs` for its turn gets 429, and a body
 *   not sent whole within `bodyTimeoutMs` gets 408.
 *
 * A request without a body (GET, HEAD, the live tail's event stream) is passed on as it is, and
 * its answer streamed back chunk by chunk (an SSE answer reaches the browser event by event). The
 * Host header is passed unchanged; `X-Forwarded-Proto` (http or https) and `X-Forwarded-For` (the
 * client's address) replace whatever the client sent.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DriftwoodError, MAX_API_BODY_BYTES, Slots } from '@driftwood/core';
import { z } from 'zod';
import { readTlsFiles, type TlsConfig } from './tls-proxy.ts';

export const frontProxyLimitsSchema = z
  .object({
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(MAX_API_BODY_BYTES)
      .describe('The largest request body passed on to the UI (bytes); a larger one is answered 413.'),
    bodyReaders: z
      .number()
      .int()
      .positive()
      .default(8)
      .describe('Requests with a body in flight at once (being read here or answered by the UI).'),
    bodyWaitMs: z
      .number()
      .int()
      .nonnegative()
      .default(10_000)
      .describe('How long a request with a body waits for its turn before it is answered 429 (ms).'),
    bodyTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(30_000)
      .describe('How long a client may take to send its whole body once its turn came (ms), else 408.'),
  })
  .strict();

export type FrontProxyLimits = z.output<typeof frontProxyLimitsSchema>;

/** What the proxy has done with request bodies so far (for tests and metrics). */
export interface FrontProxyStats {
  /** Requests with a body in flight now (holding a turn). */
  bodiesInFlight: number;
  /** The most requests with a body ever in flight at once. */
  peakBodiesInFlight: number;
  /** Requests with a body passed on to the UI (each whole, with its Content-Length). */
  bodiesForwarded: number;
  /** Bytes of request bodies passed on to the UI. */
  bodyBytesForwarded: number;
  /** Answered 413 (declared or counted over the cap). */
  tooLarge: number;
  /** Answered 429 (no turn within bodyWaitMs). */
  busy: number;
}

export interface FrontProxy {
  /** `http(s)://host:port` (a wildcard bind shown as 127.0.0.1). */
  url: string;
  port: number;
  stats(): FrontProxyStats;
  close(): Promise<void>;
}

export interface FrontProxyOptions {
  /** Serve HTTPS with this certificate; plain HTTP without. */
  tls?: TlsConfig;
  /** Where to listen (the UI's public address); port 0 takes a free one. */
  host: string;
  port: number;
  /** The plain-HTTP server behind it, on loopback. */
  target: { host: string; port: number };
  limits?: z.input<typeof frontProxyLimitsSchema>;
}

/** Headers of one connection only (RFC 9110 §7.6.1), never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/**
 * Dropped from requests: the forwarding headers are set by this proxy alone (a client's own would
 * claim https or another address), `Expect: 100-continue` was already answered here, and a body's
 * Content-Length is set again for the body read here.
 */
const REQUEST_DROPPED = new Set([
  'forwarded',
  'x-forwarded-proto',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'expect',
  'content-length',
]);

/** Raw header pairs (as `rawHeaders` holds them) without hop-by-hop ones and those `connection` names. */
function endToEnd(raw: string[], drop: Set<string> = new Set()): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'connection') {
      for (const token of (raw[i + 1] ?? '').split(',')) named.add(token.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name) || drop.has(name)) continue;
    out.push(raw[i] as string, raw[i + 1] ?? '');
  }
  return out;
}

/** Whether a request carries a body (a Content-Length other than 0, or a Transfer-Encoding). */
function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Answers a request whose body is not read (any more) and closes its connection: the rest of the
 * body is discarded while the answer goes out, then the socket is closed.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: string, message: string) {
  req.on('data', () => {}); // discarded, never buffered
  req.resume();
  if (res.headersSent || res.destroyed) {
    req.socket.destroy();
    return;
  }
  const body = `${JSON.stringify({ error: { code, message } })}\n`;
  res.shouldKeepAlive = false;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(body, () => {
    // the client had time to read the answer; a body still arriving is cut off here
    setTimeout(() => req.socket.destroy(), 1000).unref();
  });
}

export async function startFrontProxy(options: FrontProxyOptions): Promise<FrontProxy> {
  const limits = frontProxyLimitsSchema.parse(options.limits ?? {});
  const agent = new http.Agent({ keepAlive: true, maxFreeSockets: 64 });
  const slots = new Slots(limits.bodyReaders);
  const counts: FrontProxyStats = {
    bodiesInFlight: 0,
    peakBodiesInFlight: 0,
    bodiesForwarded: 0,
    bodyBytesForwarded: 0,
    tooLarge: 0,
    busy: 0,
  };
  const proto = options.tls ? 'https' : 'http';
  const overCap = `request body over ${limits.maxBodyBytes} bytes`;

  const withBody = async (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue: boolean) => {
    const declared = Number(req.headers['content-length']);
    if (req.headers['content-length'] !== undefined && declared > limits.maxBodyBytes) {
      counts.tooLarge++;
      refuse(req, res, 413, 'PAYLOAD_TOO_LARGE', overCap);
      return;
    }
    if (!(await slots.take(limits.bodyWaitMs))) {
      counts.busy++;
      refuse(req, res, 429, 'RATE_LIMITED', 'too many request bodies at once; retry shortly');
      return;
    }
    let held = true;
    counts.bodiesInFlight++;
    counts.peakBodiesInFlight = Math.max(counts.peakBodiesInFlight, counts.bodiesInFlight);
    const release = () => {
      if (!held) return;
      held = false;
      counts.bodiesInFlight--;
      slots.give();
    };
    res.on('close', release);
    if (req.destroyed || res.destroyed) {
      release();
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    /** Stops reading: the turn is given back and the client answered `status`. */
    const stop = (status: number, code: string, message: string) => {
      req.off('data', onData);
      req.off('end', onEnd);
      clearTimeout(timer);
      chunks.length = 0;
      release();
      refuse(req, res, status, code, message);
    };
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxBodyBytes) {
        counts.tooLarge++;
        stop(413, 'PAYLOAD_TOO_LARGE', overCap);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      clearTimeout(timer);
      const body = Buffer.concat(chunks, bytes);
      chunks.length = 0;
      counts.bodiesForwarded++;
      counts.bodyBytesForwarded += body.length;
      forward(req, res, body, release);
    };
    const timer = setTimeout(
      () => stop(408, 'INPUT_INVALID', `the request body was not sent within ${limits.bodyTimeoutMs} ms`),
      limits.bodyTimeoutMs,
    );
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', () => {
      clearTimeout(timer);
      release();
    });
    if (expectsContinue) res.writeContinue();
  };

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer | undefined,
    done: () => void = () => {},
  ): void => {
    const headers = endToEnd(req.rawHeaders, REQUEST_DROPPED);
    headers.push('X-Forwarded-Proto', proto, 'X-Forwarded-For', req.socket.remoteAddress ?? '');
    // a request without a body says so (Node would send a POST without one chunked)
    if (body !== undefined) headers.push('Content-Length', String(body.length));
    else if (req.method !== 'GET' && req.method !== 'HEAD') headers.push('Content-Length', '0');
    const upstream = http.request({
      host: options.target.host,
      port: options.target.port,
      method: req.method,
      path: req.url,
      headers,
      agent,
      setHost: false,
    });
    const fail = () => {
      done();
      if (res.destroyed) return; // the client left first
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('the UI server is not answering\n');
      } else {
        res.destroy();
      }
    };
    upstream.on('error', fail);
    upstream.on('response', (answer) => {
      done(); // the body was read whole by the server behind: the turn goes to the next one
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
      res.flushHeaders(); // an event stream's headers go out before its first event
      answer.on('data', (chunk: Buffer) => {
        if (!res.write(chunk)) {
          answer.pause();
          res.once('drain', () => answer.resume());
        }
      });
      answer.on('end', () => res.end());
      answer.on('error', () => res.destroy());
    });
    // the client went away (a closed tab, an aborted fetch): so does the request behind it
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.end(body);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse, expectsContinue = false) => {
    if (hasBody(req)) {
      withBody(req, res, expectsContinue).catch(() => res.destroy());
    } else {
      if (expectsContinue) res.writeContinue();
      forward(req, res, undefined);
    }
  };

  let server: http.Server;
  if (options.tls) {
    const { cert, key } = readTlsFiles(options.tls);
    try {
      server = https.createServer({ cert, key }, handle);
    } catch (error) {
      throw new DriftwoodError(
        'CONFIG_INVALID',
        `the TLS certificate or key is not usable: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  } else {
    server = http.createServer(handle);
  }
  // answered here: an oversized declared body is refused before the client sends it
  server.on('checkContinue', (req: http.IncomingMessage, res: http.ServerResponse) => handle(req, res, true));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shown = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `${proto}://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    port,
    stats: () => ({ ...counts }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
