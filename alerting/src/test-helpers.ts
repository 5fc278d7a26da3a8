/** Test fixtures: a webhook receiver that dedupes by Idempotency-Key, an SMTP receiver, a notification's content, event makers (from the store's). */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type NotificationContent, parseRule } from '@driftwood/core';
import { alerts, createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { events, MINUTE, T0 } from '@driftwood/store/testdata/alert-events';
import { SMTPServer } from 'smtp-server';
import { type Connections, connectionsFor } from './config.ts';
import { buildContent } from './notify/message.ts';

/**
 * A test CA and a certificate it signed for localhost, mail.test, 127.0.0.1 and ::1 (valid until
 * 2126; made with openssl, see testdata/README.md). The receivers here serve it.
 */
export const TEST_CA_FILE = fileURLToPath(new URL('./testdata/ca.pem', import.meta.url));
export const TEST_TLS = {
  key: readFileSync(new URL('./testdata/server-key.pem', import.meta.url)),
  cert: readFileSync(new URL('./testdata/server.pem', import.meta.url)),
};

/** The alerting egress config of tests whose receivers listen on loopback: it must be allowed. */
export const LOOPBACK_EGRESS = { allow: ['127.0.0.0/8', '::1', 'localhost'] };
/** Connections (egress policy + test CA) for channel tests that deliver to local receivers. */
export const loopbackConnections = (): Connections =>
  connectionsFor({ egress: LOOPBACK_EGRESS, tls: { ca_file: TEST_CA_FILE } });

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

export interface ReceiverOptions {
  /** Serve HTTPS with the test certificate (see TEST_CA_FILE). */
  tls?: boolean;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const all: Received[] = [];
  let failures = 0;
  let failStatus = 500;
  const handler: RequestListener = async (req, res) => {
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
  };
  const server: Server = options.tls ? createHttpsServer(TEST_TLS, handler) : createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/hook`,
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
  /** Lower-cased names, folded lines unfolded. */
  headers: Record<string, string>;
  /** Decoded (base64 / quoted-printable) body. */
  body: string;
  user?: string;
  /** How the client authenticated: PLAIN, LOGIN, XOAUTH2. */
  authMethod?: string;
  /** Whether the message came over TLS (implicit or STARTTLS). */
  secure: boolean;
  /** The connection it came over (one per connection, counted from 1). */
  connection: number;
}

export interface MailReceiver {
  port: number;
  mails: Mail[];
  /** Connection errors the server saw (a client that hung up mid-handshake). */
  errors: Error[];
  /** Connections accepted so far. */
  connections(): number;
  /** Answer RCPT TO with this reply (e.g. 450 mailbox busy, 550 no such user) for the next n recipients. */
  failNextRecipients(n: number, code: number): void;
  close(): Promise<void>;
}

export interface MailReceiverOptions {
  /** Require AUTH (PLAIN or LOGIN) with these credentials, and STARTTLS before it. */
  user?: string;
  pass?: string;
  /** Also accept XOAUTH2 for `user` with this token. */
  accessToken?: string;
  /** TLS from the first byte (the test certificate, see TEST_CA_FILE). */
  secure?: boolean;
}

/** RFC 2045 quoted-printable, UTF-8. */
function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const joined = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < joined.length; i++) {
    const c = joined[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * smtp-server on 127.0.0.1. With `user`, STARTTLS (the test certificate) and AUTH are required; without,
 * neither is offered. An `auth` of `{ user, pass }` as the only argument is the same as options.
 */
export async function startMailReceiver(options: MailReceiverOptions = {}): Promise<MailReceiver> {
  const mails: Mail[] = [];
  const auth = options.user !== undefined;
  let connections = 0;
  let rcptFailures = 0;
  let rcptCode = 450;
  const authMethods = new Map<string, string>();
  const server = new SMTPServer({
    ...TEST_TLS,
    logger: false,
    secure: options.secure ?? false,
    authOptional: !auth,
    authMethods: ['PLAIN', 'LOGIN', ...(options.accessToken ? ['XOAUTH2'] : [])],
    disabledCommands: auth ? [] : options.secure ? ['AUTH'] : ['STARTTLS', 'AUTH'],
    onConnect(session, cb) {
      connections++;
      (session as unknown as { n: number }).n = connections;
      cb();
    },
    onAuth(a, session, cb) {
      authMethods.set(session.id, a.method);
      const ok =
        a.username === options.user &&
        (a.method === 'XOAUTH2' ? a.accessToken === options.accessToken : a.password === options.pass);
      if (ok) cb(null, { user: a.username });
      else if (a.method === 'XOAUTH2') cb(null, { data: { status: '401', schemes: 'bearer' } });
      else cb(new Error('bad credentials'));
    },
    onRcptTo(_address, _session, cb) {
      if (rcptFailures > 0) {
        rcptFailures--;
        const error = new Error('recipient refused') as Error & { responseCode: number };
        error.responseCode = rcptCode;
        cb(error);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
        const headers: Record<string, string> = {};
        for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        let body = rest.join('\n\n');
        const encoding = headers['content-transfer-encoding']?.toLowerCase();
        if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
        if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          body,
          user: typeof session.user === 'string' ? session.user : undefined,
          authMethod: authMethods.get(session.id),
          secure: session.secure,
          connection: (session as unknown as { n: number }).n,
        });
        cb();
      });
    },
  });
  const errors: Error[] = [];
  // a client that drops the connection (e.g. rejecting the self-signed certificate) is an error here
  server.on('error', (error) => errors.push(error));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    errors,
    connections: () => connections,
    failNextRecipients(n, code) {
      rcptFailures = n;
      rcptCode = code;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Event makers and the test clock, shared with the store's alert API tests. */
export { events, MINUTE, T0 } from '@driftwood/store/testdata/alert-events';

/**
 * The content of a notification of the count rule "Errors <prod> & co" (a name that needs
 * escaping), grouped by host.name when `group` is given, over the 5 minutes before T0.
 */
export function sampleContent(
  group: string | null = null,
  transition: 'firing' | 'resolved' = 'firing',
): NotificationContent {
  return buildContent({
    id: 'n1',
    rule: parseRule({
      id: 'r',
      name: 'Errors <prod> & co',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      ...(group ? { group_by: { field: 'host.name' } } : {}),
    }),
    group,
    transition,
    value: 42,
    window: { from: T0 - 5 * MINUTE, to: T0 },
    publicUrl: 'http://ui.test',
  });
}

/**
 * An in-memory store with 30 error events over the last few minutes and the rule `live` (count of
 * `log.level:error` > 5, so its first run fires), with these actions: what the service tests run.
 */
export async function liveRuleStore(actions: Array<Record<string, unknown>> = []): Promise<EmbeddedStore> {
  const store = await createEmbeddedStore({ path: ':memory:' });
  await store.write(events(30, Date.now() - 4 * 60_000, 3 * 60_000, { level: 'error' }));
  await alerts.createRule(store, {
    id: 'live',
    name: 'Live',
    query: 'log.level:error',
    condition: { type: 'count', comparator: '>', threshold: 5 },
    ...(actions.length > 0 ? { actions } : {}),
  });
  return store;
}
