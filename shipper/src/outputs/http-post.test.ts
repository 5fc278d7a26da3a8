import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificates } from '../../../test/engines/tls.ts';
import { needsBinary } from '../sources/test-context.ts';
import { HttpPoster } from './http-post.ts';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(
  handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void,
  make: (h: http.RequestListener) => http.Server = (h) => http.createServer(h),
) {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const srv = make((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  srv.on(srv instanceof https.Server ? 'secureConnection' : 'connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  cleanup.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => srv.close(resolve));
  });
  return {
    port: (srv.address() as AddressInfo).port,
    received,
    sockets,
    connections: () => connections,
  };
}

function poster(url: string, maxSockets = 2, tls?: { ca?: Buffer[] }): HttpPoster {
  const p = new HttpPoster(url, maxSockets, tls);
  cleanup.push(() => p.close());
  return p;
}

const signal = () => new AbortController().signal;

describe('HttpPoster', () => {
  it('POSTs the body with its headers and content-length to the URL, path and query kept', async () => {
    const s = await server((_req, res) => res.writeHead(201, 'Created').end('{"ok":true}'));
    const p = poster(`http://127.0.0.1:${s.port}/_bulk?filter_path=errors`);
    const body = Buffer.from('{"create":{}}\n{"message":"é"}\n');
    const res = await p.post(body, { 'content-type': 'application/x-ndjson', 'x-extra': '1' }, signal(), 5000);
    expect(res).toEqual({ status: 201, statusText: 'Created', text: '{"ok":true}' });
    expect(s.received).toHaveLength(1);
    const got = s.received[0]!;
    expect(got.method).toBe('POST');
    expect(got.url).toBe('/_bulk?filter_path=errors');
    expect(got.headers['content-type']).toBe('application/x-ndjson');
    expect(got.headers['x-extra']).toBe('1');
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(got.body).toBe(body.toString('utf8'));
  });

  it('resolves with any HTTP status, the answer read whole (a character split across chunks intact)', async () => {
    const s = await server((_req, res) => {
      res.writeHead(503, 'Service Unavailable');
      const text = Buffer.from('busy: ünïcode');
      res.write(text.subarray(0, 7)); // cuts the two bytes of ü apart
      setTimeout(() => res.end(text.subarray(7)), 10);
    });
    const p = poster(`http://127.0.0.1:${s.port}/`);
    await expect(p.post(Buffer.from('x'), {}, signal(), 5000)).resolves.toEqual({
      status: 503,
      statusText: 'Service Unavailable',
      text: 'busy: ünïcode',
    });
  });

  it('keeps the connection alive across requests', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const p = poster(`http://127.0.0.1:${s.port}/`, 1);
    for (let i = 0; i < 5; i++) expect((await p.post(Buffer.from(`r${i}`), {}, signal(), 5000)).text).toBe('ok');
    expect(s.received.map((r) => r.body)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(s.connections()).toBe(1);
  });

  it('opens at most maxSockets connections for concurrent requests', async () => {
    const s = await server((_req, res) => setTimeout(() => res.end('ok'), 30));
    const p = poster(`http://127.0.0.1:${s.port}/`, 2);
    const all = await Promise.all(Array.from({ length: 6 }, () => p.post(Buffer.from('x'), {}, signal(), 5000)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(s.connections()).toBe(2);
  });

  it('rejects when no answer comes within the timeout', async () => {
    const s = await server(() => {}); // never answers
    const p = poster(`http://127.0.0.1:${s.port}/`);
    await expect(p.post(Buffer.from('x'), {}, signal(), 100)).rejects.toThrow('no answer within 100 ms');
  });

  it('rejects when aborted', async () => {
    const s = await server(() => {});
    const p = poster(`http://127.0.0.1:${s.port}/`);
    const abort = new AbortController();
    const pending = p.post(Buffer.from('x'), {}, abort.signal, 10_000);
    setTimeout(() => abort.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects on a transport error (nothing listening)', async () => {
    const s = await server(() => {});
    const port = s.port;
    await cleanup.pop()!(); // close the server: the port is free now
    const p = poster(`http://127.0.0.1:${port}/`);
    await expect(p.post(Buffer.from('x'), {}, signal(), 5000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('close() drops its idle keep-alive connections', async () => {
    const s = await server((_req, res) => res.end('ok'));
    const p = new HttpPoster(`http://127.0.0.1:${s.port}/`, 1);
    await p.post(Buffer.from('x'), {}, signal(), 5000);
    expect(s.sockets.size).toBe(1);
    p.close();
    const deadline = Date.now() + 5000;
    while (s.sockets.size > 0) {
      if (Date.now() > deadline) throw new Error('the idle connection stayed open');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  const openssl = needsBinary('/usr/bin/openssl');
  it.skipIf(openssl.skip)(
    openssl.title('verifies an HTTPS server against the given CA, and refuses it without'),
    async () => {
      openssl.check();
      const certs = testCertificates();
      if (!certs) throw new Error('openssl made no test certificates');
      const { cert, key } = certs;
      const s = await server(
        (_req, res) => res.end('secure'),
        (h) => https.createServer({ cert, key }, h),
      );
      const url = `https://127.0.0.1:${s.port}/`;
      expect((await poster(url, 1, { ca: [certs.ca] }).post(Buffer.from('x'), {}, signal(), 5000)).text).toBe('secure');
      await expect(poster(url, 1).post(Buffer.from('x'), {}, signal(), 5000)).rejects.toMatchObject({
        code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      });
    },
  );
});
