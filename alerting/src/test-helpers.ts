/** Test fixtures: a webhook receiver that dedupes by Idempotency-Key, an SMTP receiver, event makers. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LogEvent } from '@driftwood/core';
import { SMTPServer } from 'smtp-server';

export interface Received {
  key: string | undefined;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

export interface Receiver {
  url: string;
  /** Every request, repeats included. */
  all: Received[];
  /** Distinct deliveries by Idempotency-Key (what a deduplicating receiver acts on). */
  distinct(): Received[];
  /** Answer with this status (e.g. 500) for the next n requests. */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const all: Received[] = [];
  let failures = 0;
  let failStatus = 500;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (failures > 0) {
      failures--;
      res.writeHead(failStatus).end('nope');
      return;
    }
    const key = req.headers['idempotency-key'];
    all.push({
      key: typeof key === 'string' ? key : undefined,
      body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      headers: req.headers,
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    all,
    distinct() {
      const seen = new Map<string, Received>();
      for (const r of all) if (!seen.has(r.key ?? '')) seen.set(r.key ?? '', r);
      return [...seen.values()];
    },
    failNext(n, status = 500) {
      failures = n;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface Mail {
  from: string | undefined;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  body: string;
  user?: string;
}

export interface MailReceiver {
  port: number;
  mails: Mail[];
  close(): Promise<void>;
}

/** smtp-server on 127.0.0.1; with `auth`, STARTTLS (self-signed) and AUTH are required. */
export async function startMailReceiver(auth?: { user: string; pass: string }): Promise<MailReceiver> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: !auth,
    disabledCommands: auth ? [] : ['STARTTLS', 'AUTH'],
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
      else cb(new Error('bad credentials'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
        const headers: Record<string, string> = {};
        for (const line of head.split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        let body = rest.join('\n\n');
        if (headers['content-transfer-encoding'] === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          body,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
export const MINUTE = 60_000;

let seq = 0;
/** `count` events spread evenly over [from, from + spanMs). */
export function events(
  count: number,
  from: number,
  spanMs: number,
  fields: { level?: string; host?: string; service?: string; duration?: number; message?: string } = {},
): LogEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `e${++seq}`,
    doc: {
      '@timestamp': new Date(from + Math.floor((i * spanMs) / Math.max(count, 1))).toISOString(),
      message: fields.message ?? `request ${i}`,
      log: { level: fields.level ?? 'info' },
      host: { name: fields.host ?? 'web-1' },
      service: { name: fields.service ?? 'api' },
      event: { duration: fields.duration ?? 100 },
    },
  }));
}
