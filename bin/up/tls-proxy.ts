/**
 * HTTPS in front of the UI. `next start` serves plain HTTP only, so with a certificate the UI's
 * Next.js server listens on a loopback port and this reverse proxy (node:https) serves the public
 * address: request and response bodies are streamed both ways (an SSE answer reaches the browser
 * event by event), the Host header is passed unchanged, `X-Forwarded-Proto: https` and
 * `X-Forwarded-For` (the client's address) replace whatever the client sent.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { DriftwoodError } from '@driftwood/core';
import { z } from 'zod';

export const tlsConfigSchema = z
  .object({
    cert: z.string().min(1).describe('PEM certificate file (the chain after the leaf) the UI serves HTTPS with.'),
    key: z.string().min(1).describe('PEM private key file of the certificate.'),
  })
  .strict();

export type TlsConfig = z.output<typeof tlsConfigSchema>;

/**
 * The TLS files from flags (`--cert`, `--key`) or else `DRIFTWOOD_TLS_CERT` / `DRIFTWOOD_TLS_KEY`;
 * undefined when neither is given. One without the other is CONFIG_INVALID.
 */
export function tlsConfig(
  flags: { cert?: string; key?: string },
  env: Record<string, string | undefined> = process.env,
): TlsConfig | undefined {
  const fromFlags = flags.cert !== undefined || flags.key !== undefined;
  const cert = fromFlags ? flags.cert : env.DRIFTWOOD_TLS_CERT || undefined;
  const key = fromFlags ? flags.key : env.DRIFTWOOD_TLS_KEY || undefined;
  if (cert === undefined && key === undefined) return undefined;
  const [certName, keyName] = fromFlags ? ['--cert', '--key'] : ['DRIFTWOOD_TLS_CERT', 'DRIFTWOOD_TLS_KEY'];
  if (cert === undefined) throw new DriftwoodError('CONFIG_INVALID', `${keyName} is given without ${certName}`);
  if (key === undefined) throw new DriftwoodError('CONFIG_INVALID', `${certName} is given without ${keyName}`);
  return Object.freeze(tlsConfigSchema.parse({ cert, key }));
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `cannot read the TLS ${what} ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
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
 * claim https or another address), and `Expect: 100-continue` was already answered here.
 */
const REQUEST_DROPPED = new Set([
  'forwarded',
  'x-forwarded-proto',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'expect',
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

export interface TlsProxy {
  /** `https://host:port` (a wildcard bind shown as 127.0.0.1). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface TlsProxyOptions {
  tls: TlsConfig;
  /** Where to listen (the UI's public address). */
  host: string;
  port: number;
  /** The plain-HTTP server behind it, on loopback. */
  target: { host: string; port: number };
}

export async function startTlsProxy(options: TlsProxyOptions): Promise<TlsProxy> {
  const cert = readPem(options.tls.cert, 'certificate');
  const key = readPem(options.tls.key, 'key');
  const agent = new http.Agent({ keepAlive: true });
  let server: https.Server;
  try {
    server = https.createServer({ cert, key }, (req, res) => forward(req, res, options.target, agent));
  } catch (error) {
    throw new DriftwoodError(
      'CONFIG_INVALID',
      `the TLS certificate or key is not usable: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
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
    url: `https://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}

function forward(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  target: { host: string; port: number },
  agent: http.Agent,
): void {
  const headers = endToEnd(req.rawHeaders, REQUEST_DROPPED);
  headers.push('X-Forwarded-Proto', 'https', 'X-Forwarded-For', req.socket.remoteAddress ?? '');
  const upstream = http.request({
    host: target.host,
    port: target.port,
    method: req.method,
    path: req.url,
    headers,
    agent,
    setHost: false,
  });
  const fail = () => {
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
  req.on('error', () => upstream.destroy());
  req.pipe(upstream);
}
