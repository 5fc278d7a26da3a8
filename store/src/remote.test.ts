import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogStore } from './contract.ts';
import { createEmbeddedStore } from './embedded/store.ts';
import {
  createStoreHandler,
  generateStoreToken,
  RemoteStore,
  STORE_API_PREFIX,
  type StoreHandlerOptions,
  storeApiToken,
} from './remote.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const events = Array.from({ length: 5 }, (_, i) => ({
  id: `r${i}`,
  doc: { '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), message: `event ${i}` },
}));

interface Served {
  store: LogStore;
  url: string;
  token: string;
  server: Server;
}

async function serve(options: StoreHandlerOptions = {}): Promise<Served> {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-remote-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
  cleanups.push(() => store.close());
  await store.write(events);
  const token = options.token ?? storeApiToken();
  const handler = createStoreHandler(store, { ...options, token });
  const server = createServer((req, res) => {
    void handler(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { store, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token, server };
}

async function post(
  served: Served,
  method: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }> {
  const response = await fetch(`${served.url}${STORE_API_PREFIX}${method}`, { method: 'POST', headers, body });
  return { status: response.status, body: await response.json() };
}

describe('store API: token and content type', () => {
  it('refuses a cross-site-style deleteOlderThan (no token, text/plain) and deletes nothing', async () => {
    const served = await serve();
    const cutoff = JSON.stringify([Date.UTC(2030, 0, 1)]);
    const answer = await post(served, 'deleteOlderThan', cutoff, { 'content-type': 'text/plain' });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.code).toBe('UNAUTHORIZED');
    // a form post carries no token either
    const form = await post(served, 'deleteOlderThan', cutoff, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(401);
    expect(await served.store.count({})).toBe(5);
  });

  it('refuses a wrong, malformed or non-Bearer token with 401', async () => {
    const served = await serve();
    const cutoff = JSON.stringify([Date.UTC(2030, 0, 1)]);
    for (const authorization of [
      `Bearer ${generateStoreToken()}`,
      `Bearer ${served.token}x`,
      `Bearer ${served.token.slice(0, -1)}`,
      `Basic ${Buffer.from(`driftwood:${served.token}`).toString('base64')}`,
      served.token,
      'Bearer',
      `Bearer ${'x'.repeat(5000)}`,
    ]) {
      const answer = await post(served, 'deleteOlderThan', cutoff, {
        'content-type': 'application/json',
        authorization,
      });
      expect(answer.status, authorization.slice(0, 20)).toBe(401);
    }
    const ping = await fetch(`${served.url}${STORE_API_PREFIX}ping`);
    expect(ping.status).toBe(401);
    expect(ping.headers.get('www-authenticate')).toBe('Bearer');
    expect(await served.store.count({})).toBe(5);
  });

  it('with the token, refuses a body that is not application/json with 415 and deletes nothing', async () => {
    const served = await serve();
    const authorization = `Bearer ${served.token}`;
    const cutoff = JSON.stringify([Date.UTC(2030, 0, 1)]);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const answer = await post(served, 'deleteOlderThan', cutoff, { 'content-type': type, authorization });
      expect(answer.status, type).toBe(415);
      expect(answer.body.error?.code).toBe('INPUT_INVALID');
    }
    expect(await served.store.count({})).toBe(5);
    const ok = await post(served, 'count', '[{}]', {
      'content-type': 'Application/JSON; charset=utf-8',
      authorization,
    });
    expect(ok).toEqual({ status: 200, body: { result: 5 } });
  });
});

describe('store API: body limits', () => {
  it('refuses by Content-Length up front when the body is over the cap', async () => {
    const served = await serve({ maxBodyBytes: 64 });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${served.token}` };
    const answer = await post(served, 'count', JSON.stringify([{ query: 'x'.repeat(100) }]), headers);
    expect(answer.status).toBe(413);
    expect(answer.body.error?.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await post(served, 'count', '[{}]', headers)).status).toBe(200);
  });

  it('refuses a streamed body (no Content-Length) once it passes the cap', async () => {
    const served = await serve({ maxBodyBytes: 1024 });
    const { port } = served.server.address() as AddressInfo;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `${STORE_API_PREFIX}count`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${served.token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write(`[{"query":"${'x'.repeat(600)}`);
      req.write('x'.repeat(600)); // over the cap now; the server answers without waiting for the end
    });
    expect(status).toBe(413);
  });

  it('bounds concurrent body reads: a request finding no free slot gets 429', async () => {
    const served = await serve({ maxConcurrentBodies: 1, bodyWaitMs: 100 });
    const { port } = served.server.address() as AddressInfo;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${served.token}` };
    // the first request takes the only slot and keeps sending its body slowly
    let slowStatus: Promise<number> = Promise.resolve(0);
    const slow = request({ host: '127.0.0.1', port, method: 'POST', path: `${STORE_API_PREFIX}count`, headers });
    slowStatus = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    slow.write('[');
    slow.flushHeaders();
    await new Promise((r) => setTimeout(r, 100));
    const second = await post(served, 'count', '[{}]', headers);
    expect(second.status).toBe(429);
    expect(second.body.error?.code).toBe('RATE_LIMITED');
    slow.end('{}]');
    expect(await slowStatus).toBe(200);
    expect((await post(served, 'count', '[{}]', headers)).status).toBe(200);
  });
});

describe('store API: stalled bodies', () => {
  it('gives up a body that sends nothing for bodyIdleMs with 408, freeing its slot', async () => {
    const served = await serve({ maxConcurrentBodies: 1, bodyWaitMs: 0, bodyIdleMs: 150 });
    const { port } = served.server.address() as AddressInfo;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${served.token}` };
    const stalled = request({ host: '127.0.0.1', port, method: 'POST', path: `${STORE_API_PREFIX}count`, headers });
    const status = new Promise<number>((resolve, reject) => {
      stalled.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      stalled.on('error', reject);
    });
    stalled.write('[{');
    expect(await status).toBe(408);
    stalled.destroy();
    expect(await post(served, 'count', '[{}]', headers)).toEqual({ status: 200, body: { result: 5 } });
  });
});

describe('RemoteStore', () => {
  it('sends the token: reads, writes and tails through the store API', async () => {
    const served = await serve({ token: generateStoreToken() });
    const remote = new RemoteStore(served.url, { token: served.token });
    await remote.init();
    expect(remote.kind).toBe('embedded');
    expect(await remote.count({})).toBe(5);
    await remote.write([{ id: 'r9', doc: { '@timestamp': new Date().toISOString(), message: 'live one' } }]);
    await remote.flush();
    const abort = new AbortController();
    const seen: string[] = [];
    const since = Date.UTC(2026, 0, 1, 0, 4);
    for await (const hit of remote.tail({ query: 'message:event', since, signal: abort.signal, intervalMs: 50 })) {
      seen.push(hit.id);
      abort.abort();
    }
    expect(seen).toEqual(['r4']);
    expect(await remote.count({ query: 'message:live' })).toBe(1);
  });

  it('without the right token, every call is UNAUTHORIZED', async () => {
    const served = await serve({ token: generateStoreToken() });
    for (const remote of [new RemoteStore(served.url), new RemoteStore(served.url, { token: generateStoreToken() })]) {
      await expect(remote.init()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(remote.count({})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await expect(remote.deleteOlderThan(Date.UTC(2030, 0, 1))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      const tail = remote.tail({ signal: AbortSignal.timeout(2000) })[Symbol.asyncIterator]();
      await expect(tail.next()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    expect(await served.store.count({})).toBe(5);
  });
});
