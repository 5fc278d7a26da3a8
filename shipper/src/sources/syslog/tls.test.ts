import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../log.ts';
import { needsBinary, waitFor } from '../test-context.ts';
import { listenTcp } from './tcp.ts';
import { tlsServerOptions } from './tls.ts';

const run = promisify(execFile);
const openssl = needsBinary('/usr/bin/openssl');

let dir: string;
const file = (name: string) => path.join(dir, name);

/** A CA, a server certificate for 127.0.0.1 and a client certificate, both signed by the CA. */
async function makeCertificates(): Promise<void> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run(
    'openssl',
    ['req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '1'].concat([
      '-subj',
      '/CN=driftwood-test-ca',
    ]),
  );
  for (const [name, cn, ext] of [
    ['server', 'localhost', 'subjectAltName=IP:127.0.0.1'],
    ['client', 'shipper-client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(file(`${name}.ext`), `${ext}\n`);
    await run('openssl', [
      'req',
      ...ec,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ]);
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-out',
      file(`${name}.pem`),
      '-days',
      '1',
      '-extfile',
      file(`${name}.ext`),
    ]);
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'dw-syslog-tls-'));
  if (!openssl.skip) await makeCertificates();
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function serve(tls: Parameters<typeof tlsServerOptions>[0]) {
  const messages: string[] = [];
  const log = memoryLogger();
  const listener = await listenTcp({
    host: '127.0.0.1',
    port: 0,
    listen: '127.0.0.1:0',
    max: 1024,
    tls: tlsServerOptions(tls),
    sourceId: 'tls-test',
    log,
    toEvent: (frame, _peer, seq) => ({ id: String(seq), source: 'tls-test', doc: { message: frame.data.toString() } }),
    emit: async (events) => void messages.push(...events.map((e) => String(e.doc.message))),
    stopped: () => false,
  });
  return { listener, messages, log };
}

/** Connects and sends one line; resolves with the socket once it is secure, rejects on a TLS failure. */
function send(port: number, client: { cert?: string; key?: string }, line: string): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(file('ca.pem')),
      ...(client.cert ? { cert: readFileSync(client.cert) } : {}),
      ...(client.key ? { key: readFileSync(client.key) } : {}),
    });
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      socket.write(`${line}\n`);
      // TLS 1.3: a rejected client certificate shows up as an error after the handshake.
      socket.once('close', () => resolve(socket));
      setTimeout(() => socket.end(), 200);
    });
  });
}

describe('tlsServerOptions', () => {
  it.skipIf(openssl.skip)(openssl.title('reads the PEM files; without ca it asks no client certificate'), async () => {
    openssl.check();
    const options = tlsServerOptions({ cert: file('server.pem'), key: file('server.key') });
    expect(options.cert).toEqual(readFileSync(file('server.pem')));
    expect(options.key).toEqual(readFileSync(file('server.key')));
    expect(options.requestCert).toBeUndefined();

    const { listener, messages } = await serve({ cert: file('server.pem'), key: file('server.key') });
    try {
      await send(listener.address.port, {}, 'anonymous client');
      await waitFor(() => messages.length === 1);
      expect(messages).toEqual(['anonymous client']);
    } finally {
      await listener.close();
    }
  });

  it.skipIf(openssl.skip)(
    openssl.title('with ca, accepts a client certificate the CA signed and refuses a client without one'),
    async () => {
      openssl.check();
      const tls = { cert: file('server.pem'), key: file('server.key'), ca: file('ca.pem') };
      const options = tlsServerOptions(tls);
      expect(options).toMatchObject({ requestCert: true, rejectUnauthorized: true });
      expect(options.ca).toEqual(readFileSync(file('ca.pem')));

      const { listener, messages, log } = await serve(tls);
      try {
        await send(listener.address.port, { cert: file('client.pem'), key: file('client.key') }, 'trusted');
        await waitFor(() => messages.length === 1);

        await expect(send(listener.address.port, {}, 'stranger')).rejects.toThrow();
        await waitFor(() => log.lines.some((l) => l.message === 'syslog: TLS handshake failed'));
        expect(messages).toEqual(['trusted']);
      } finally {
        await listener.close();
      }
    },
  );

  it('throws when a PEM file is missing (at start, not on the first connection)', () => {
    expect(() => tlsServerOptions({ cert: path.join(dir, 'nope.pem'), key: path.join(dir, 'nope.key') })).toThrow(
      /ENOENT/,
    );
  });
});
