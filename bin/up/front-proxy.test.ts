/**
 * The HTTPS proxy in front of the UI, with a certificate made by openssl for the test
 * (test/engines/tls.ts) and its CA trusted (verification stays on), against a real node:http server
 * standing where Next.js does.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { isDriftwoodError } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificates } from '../../test/engines/tls.ts';
import { type FrontProxy, startFrontProxy } from './front-proxy.ts';
import { tlsConfig } from './tls-proxy.ts';

const certificates = testCertificates();
if (!certificates) {
  if (process.env.CI === 'true') throw new Error('openssl is needed to make the test certificates');
  console.log('tls-proxy.test: skipped, openssl is not installed');
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

describe.skipIf(!certificates)('TLS proxy', () => {
  let dir: string;
  let files: { cert: string; key: string };
  let ca: Buffer;
  let upstream: http.Server;
  let proxy: FrontProxy;
  /** What the server behind the proxy saw of each request. */
  const seen: Array<{ rawHeaders: string[]; url: string }> = [];
  /** Hooks a test sets to drive the server behind the proxy step by step. */
  const hooks: {
    firstChunk?: () => void;
    nextEvent?: Promise<void>;
    closed?: () => void;
  } = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'driftwood-tls-proxy-'));
    const tls = certificates as NonNullable<typeof certificates>;
    files = { cert: tls.certFile, key: tls.keyFile };
    ca = tls.ca;
    upstream = http.createServer(async (req, res) => {
      seen.push({ rawHeaders: req.rawHeaders, url: req.url ?? '' });
      if (req.url === '/upload') {
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of req) {
          if (bytes === 0) hooks.firstChunk?.();
          bytes += (chunk as Buffer).length;
          hash.update(chunk as Buffer);
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ bytes, sha256: hash.digest('hex') }));
        return;
      }
      if (req.url === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.on('close', () => hooks.closed?.());
        res.write('data: one\n\n');
        await hooks.nextEvent;
        if (res.destroyed) return;
        res.write('data: two\n\n');
        res.end();
        return;
      }
      res.setHeader('set-cookie', ['a=1; HttpOnly', 'b=2; Secure']);
      res.writeHead(201, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
      res.end(`hello ${req.method} ${req.url}`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const target = { host: '127.0.0.1', port: (upstream.address() as AddressInfo).port };
    proxy = await startFrontProxy({ tls: files, host: '127.0.0.1', port: 0, target });
  });

  afterAll(async () => {
    await proxy?.close();
    upstream?.closeAllConnections();
    await new Promise<void>((r) => (upstream ? upstream.close(() => r()) : r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A request over verified TLS (the test certificate as the only CA), to `localhost`. */
  function request(
    options: https.RequestOptions & { body?: string },
    onResponse?: (res: http.IncomingMessage) => void,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        { host: 'localhost', port: proxy.port, ca, servername: 'localhost', ...options },
        (res) => {
          onResponse?.(res);
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });
  }

  it('serves HTTPS that verifies against the certificate, and refuses a client that does not trust it', async () => {
    const a = await request({ path: '/x?y=1' });
    expect(a.status).toBe(201);
    expect(a.body).toBe('hello GET /x?y=1');
    expect(a.headers['x-upstream']).toBe('yes');
    expect(a.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2; Secure']);
    const untrusted = await request({ path: '/', ca: undefined }).then(
      () => 'accepted',
      (e: NodeJS.ErrnoException) => e.code,
    );
    expect(untrusted).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(proxy.url).toBe(`https://127.0.0.1:${proxy.port}`);
  });

  it('passes Host unchanged and sets X-Forwarded-Proto / -For itself (a client’s own are dropped)', async () => {
    seen.length = 0;
    await request({
      path: '/h',
      headers: {
        'X-Forwarded-Proto': 'http',
        'X-Forwarded-For': '6.6.6.6',
        Forwarded: 'for=6.6.6.6',
        'X-Custom': 'kept',
        Connection: 'x-hop',
        'X-Hop': 'dropped',
      },
    });
    const raw = seen[0]?.rawHeaders ?? [];
    const values = (name: string) =>
      raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1] as string] : []));
    expect(values('host')).toEqual([`localhost:${proxy.port}`]);
    expect(values('x-forwarded-proto')).toEqual(['https']);
    expect(values('x-forwarded-for')).toEqual(['127.0.0.1']);
    expect(values('forwarded')).toEqual([]);
    expect(values('x-custom')).toEqual(['kept']);
    expect(values('x-hop')).toEqual([]);
  });

  it('passes a chunked body up to the cap on whole, with its Content-Length', async () => {
    seen.length = 0;
    const chunk = Buffer.alloc(1 << 17, 7);
    const a = await new Promise<Answer>((resolve, reject) => {
      const req = https.request({ host: 'localhost', port: proxy.port, ca, method: 'POST', path: '/upload' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 8; i++) req.write(chunk); // exactly the cap, sent chunked
      req.end();
    });
    const expected = createHash('sha256');
    for (let i = 0; i < 8; i++) expected.update(chunk);
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body)).toEqual({ bytes: 1 << 20, sha256: expected.digest('hex') });
    const raw = seen[0]?.rawHeaders ?? [];
    const values = (name: string) =>
      raw.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [raw[i + 1] as string] : []));
    expect(values('content-length')).toEqual([String(1 << 20)]);
    expect(values('transfer-encoding')).toEqual([]);
  });

  it('answers Expect: 100-continue itself and streams the body after it', async () => {
    seen.length = 0;
    const body = 'x'.repeat(1000);
    const a = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        {
          host: 'localhost',
          port: proxy.port,
          ca,
          method: 'POST',
          path: '/upload',
          headers: { expect: '100-continue', 'content-length': String(body.length) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('continue', () => req.end(body));
      req.on('error', reject);
    });
    expect(JSON.parse(a).bytes).toBe(1000);
    const raw = seen[0]?.rawHeaders ?? [];
    expect(raw.filter((v, i) => i % 2 === 0 && v.toLowerCase() === 'expect')).toEqual([]);
  });

  it('flushes an event stream event by event', async () => {
    let release: () => void = () => {};
    hooks.nextEvent = new Promise<void>((r) => {
      release = r;
    });
    // the second event is written only after the client has the first: a buffering proxy hangs here
    const a = await request({ path: '/events' }, (res) => {
      res.once('data', (first: string) => {
        expect(first).toBe('data: one\n\n');
        release();
      });
    });
    expect(a.headers['content-type']).toBe('text/event-stream');
    expect(a.body).toBe('data: one\n\ndata: two\n\n');
  });

  it('closes the request behind it when the client goes away', async () => {
    hooks.nextEvent = new Promise<void>(() => {}); // never: the stream stays open
    const closed = new Promise<void>((resolve) => {
      hooks.closed = resolve;
    });
    await new Promise<void>((resolve, reject) => {
      const req = https.request({ host: 'localhost', port: proxy.port, ca, path: '/events' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    await closed;
  });

  it('answers 502 when the server behind it is down', async () => {
    const spare = http.createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', () => r()));
    const port = (spare.address() as AddressInfo).port;
    await new Promise<void>((r) => spare.close(() => r()));
    const down = await startFrontProxy({ tls: files, host: '127.0.0.1', port: 0, target: { host: '127.0.0.1', port } });
    try {
      const res = await new Promise<number>((resolve, reject) => {
        https
          .get({ host: 'localhost', port: down.port, ca, path: '/' }, (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          })
          .on('error', reject);
      });
      expect(res).toBe(502);
    } finally {
      await down.close();
    }
  });

  it('takes the files from --cert/--key or DRIFTWOOD_TLS_CERT/KEY, both or neither', () => {
    expect(tlsConfig({}, {})).toBeUndefined();
    expect(tlsConfig({ cert: 'c.pem', key: 'k.pem' }, {})).toEqual({ cert: 'c.pem', key: 'k.pem' });
    expect(tlsConfig({}, { DRIFTWOOD_TLS_CERT: 'c.pem', DRIFTWOOD_TLS_KEY: 'k.pem' })).toEqual({
      cert: 'c.pem',
      key: 'k.pem',
    });
    // flags win over the environment
    expect(
      tlsConfig({ cert: 'f.pem', key: 'g.pem' }, { DRIFTWOOD_TLS_CERT: 'c.pem', DRIFTWOOD_TLS_KEY: 'k.pem' }),
    ).toEqual({ cert: 'f.pem', key: 'g.pem' });
    for (const [flags, env, named] of [
      [{ cert: 'c.pem' }, {}, '--key'],
      [{ key: 'k.pem' }, {}, '--cert'],
      [{}, { DRIFTWOOD_TLS_KEY: 'k.pem' }, 'DRIFTWOOD_TLS_CERT'],
    ] as const) {
      let error: unknown;
      try {
        tlsConfig(flags, env);
      } catch (e) {
        error = e;
      }
      expect(isDriftwoodError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
      expect(String(error)).toContain(named);
    }
  });

  it('refuses a certificate file it cannot read or use, naming it', async () => {
    const missing = path.join(dir, 'missing.pem');
    const bad = path.join(dir, 'bad.pem');
    writeFileSync(bad, 'not a certificate');
    for (const tls of [
      { cert: missing, key: files.key },
      { cert: bad, key: files.key },
    ]) {
      const error = await startFrontProxy({
        tls,
        host: '127.0.0.1',
        port: 0,
        target: { host: '127.0.0.1', port: 1 },
      }).then(
        (p) => p.close(),
        (e: unknown) => e,
      );
      expect(isDriftwoodError(error, 'CONFIG_INVALID'), String(error)).toBe(true);
    }
  });
});

/** A real node:http server standing where Next.js does, holding answers until a test lets them go. */
async function heldUpstream() {
  const seen: Array<{ method: string; url: string; bytes: number; headers: http.IncomingHttpHeaders }> = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  let reading = 0;
  let peak = 0;
  const server = http.createServer(async (req, res) => {
    reading++;
    peak = Math.max(peak, reading);
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    seen.push({ method: req.method ?? '', url: req.url ?? '', bytes, headers: req.headers });
    if (req.url === '/hold') await gate;
    reading--;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ bytes, proto: req.headers['x-forwarded-proto'] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    seen,
    peak: () => peak,
    hold: () => {
      gate = new Promise<void>((r) => {
        open = r;
      });
    },
    release: () => open(),
    target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
    close: async () => {
      open();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

interface Sent {
  status: number;
  body: string;
  /** ms from the first byte sent to the answer's headers. */
  ms: number;
  /** Whether the server asked for the body (100 Continue). */
  continued: boolean;
}

/**
 * One request over plain HTTP: `body` chunks written one after another (`declared` as its
 * Content-Length, else chunked); `stall` leaves the body unfinished.
 */
function send(
  port: number,
  options: { method?: string; path?: string; headers?: http.OutgoingHttpHeaders; chunks?: Buffer[]; stall?: boolean },
): Promise<Sent> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let continued = false;
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers: options.headers,
      },
      (res) => {
        answered = true;
        const ms = Date.now() - started;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms, continued }));
        res.on('error', reject);
      },
    );
    req.on('continue', () => {
      continued = true;
    });
    // a refused body may be cut off while it is still being written: the answer came first
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const write = async () => {
      for (const chunk of options.chunks ?? []) {
        if (answered || req.destroyed) return;
        if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', () => r()));
      }
      if (!options.stall) req.end();
    };
    if (options.headers?.expect) req.on('continue', () => void write());
    else void write();
  });
}

describe('front proxy over plain HTTP: request bodies bounded before the server behind sees them', () => {
  const MB = 1 << 20;
  const mb = (n: number, size = 1 << 16) =>
    Array.from({ length: Math.ceil((n * MB) / size) }, () => Buffer.alloc(size, 1));

  it('passes requests on with X-Forwarded-Proto http, a small body whole', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({ host: '127.0.0.1', port: 0, target: up.target });
    try {
      expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
      const get = await send(proxy.port, { method: 'GET', path: '/x' });
      expect(JSON.parse(get.body)).toEqual({ bytes: 0, proto: 'http' });
      const post = await send(proxy.port, {
        path: '/y',
        headers: { 'content-type': 'application/json' },
        chunks: [Buffer.from('{"a":'), Buffer.from('1}')],
      });
      expect(post.status).toBe(200);
      expect(JSON.parse(post.body).bytes).toBe(7);
      expect(up.seen[1]?.headers['content-length']).toBe('7');
      expect(proxy.stats()).toMatchObject({ bodiesForwarded: 1, bodyBytesForwarded: 7, tooLarge: 0 });
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('refuses a declared 5 MB body at once with 413, nothing sent on', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({ host: '127.0.0.1', port: 0, target: up.target });
    try {
      const a = await send(proxy.port, { headers: { 'content-length': String(5 * MB) }, chunks: mb(5) });
      expect(a.status).toBe(413);
      expect(JSON.parse(a.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(a.ms).toBeLessThan(1000);
      // asked first with Expect: 100-continue, the client is never told to send it
      const b = await send(proxy.port, {
        headers: { 'content-length': String(5 * MB), expect: '100-continue' },
        chunks: mb(5),
      });
      expect(b.status).toBe(413);
      expect(b.continued).toBe(false);
      expect(up.seen).toEqual([]);
      expect(proxy.stats()).toMatchObject({ tooLarge: 2, bodiesForwarded: 0, bodiesInFlight: 0 });
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('counts a chunked 3 MB body and answers 413 once it passes the cap, nothing sent on', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({ host: '127.0.0.1', port: 0, target: up.target });
    try {
      const a = await send(proxy.port, { chunks: mb(3) });
      expect(a.status).toBe(413);
      expect(up.seen).toEqual([]);
      // the turn was given back: the next body goes through
      const b = await send(proxy.port, { chunks: [Buffer.from('{}')] });
      expect(b.status).toBe(200);
      expect(proxy.stats()).toMatchObject({ tooLarge: 1, bodiesForwarded: 1, bodiesInFlight: 0 });
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('has at most bodyReaders bodies in flight; one waiting longer than bodyWaitMs gets 429', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({
      host: '127.0.0.1',
      port: 0,
      target: up.target,
      limits: { bodyReaders: 2, bodyWaitMs: 300 },
    });
    try {
      up.hold();
      const held = [1, 2].map(() => send(proxy.port, { path: '/hold', chunks: [Buffer.alloc(1000)] }));
      await expect.poll(() => proxy.stats().bodiesInFlight).toBe(2);
      const third = await send(proxy.port, { path: '/hold', chunks: [Buffer.alloc(1000)] });
      expect(third.status).toBe(429);
      expect(JSON.parse(third.body).error.code).toBe('RATE_LIMITED');
      // a request without a body is not held back by them
      expect((await send(proxy.port, { method: 'GET', path: '/free' })).status).toBe(200);
      up.release();
      expect((await Promise.all(held)).map((a) => a.status)).toEqual([200, 200]);
      expect(proxy.stats()).toMatchObject({ busy: 1, peakBodiesInFlight: 2, bodiesInFlight: 0 });
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('lets waiting bodies through in turn: 12 at once, never more than 3 in flight', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({
      host: '127.0.0.1',
      port: 0,
      target: up.target,
      limits: { bodyReaders: 3 },
    });
    try {
      const all = await Promise.all(
        Array.from({ length: 12 }, () => send(proxy.port, { chunks: [Buffer.alloc(200_000, 2)] })),
      );
      expect(all.map((a) => a.status)).toEqual(Array(12).fill(200));
      expect(proxy.stats().peakBodiesInFlight).toBe(3);
      expect(up.peak()).toBeLessThanOrEqual(3);
    } finally {
      await proxy.close();
      await up.close();
    }
  });

  it('answers 408 to a body not sent whole within bodyTimeoutMs, and frees its turn', async () => {
    const up = await heldUpstream();
    const proxy = await startFrontProxy({
      host: '127.0.0.1',
      port: 0,
      target: up.target,
      limits: { bodyReaders: 1, bodyTimeoutMs: 300 },
    });
    try {
      const a = await send(proxy.port, {
        headers: { 'content-length': '1000' },
        chunks: [Buffer.alloc(10)],
        stall: true,
      });
      expect(a.status).toBe(408);
      expect(up.seen).toEqual([]);
      expect((await send(proxy.port, { chunks: [Buffer.from('{}')] })).status).toBe(200);
    } finally {
      await proxy.close();
      await up.close();
    }
  });
});
