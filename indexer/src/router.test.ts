/**
 * Body limits while streaming, over real sockets: a huge Content-Length is refused before a byte
 * of the body is read, a chunked body is cut at the limit, and concurrent bodies are bounded
 * before they are buffered (waiting requests are not read; past `body_wait_ms` they get 429).
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { metricValue } from '@driftwood/core/node';
import { createEmbeddedStore, type LogStore } from '@driftwood/store';
import { afterEach, describe, expect, it } from 'vitest';
import { type IndexerConfigInput, parseConfig } from './config.ts';
import { type RunningIndexer, startIndexer } from './server.ts';

const MB = 1024 * 1024;
let running: { indexer: RunningIndexer; store: LogStore } | undefined;
afterEach(async () => {
  await running?.indexer.close();
  await running?.store.close();
  running = undefined;
});

async function start(config: IndexerConfigInput) {
  const store = await createEmbeddedStore({ path: ':memory:' });
  const indexer = await startIndexer({ config: parseConfig(config), store, listen: '127.0.0.1:0' });
  running = { indexer, store };
  return running;
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** What the server sends until it closes the socket (or `ms` pass). */
function answer(socket: Socket, ms = 10_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), ms);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
}

describe('indexer body limits over real sockets', () => {
  it('refuses a huge Content-Length with 413 at once and closes the connection', async () => {
    const { indexer } = await start({ max_body_bytes: MB, max_in_flight_bytes: 4 * MB });
    const socket = await open(indexer.url);
    const done = answer(socket);
    socket.write(
      'POST /_bulk HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000000000\r\n\r\n{"create":{}}\n',
    );
    const { text, closed } = await done;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('content_too_long_exception');
    expect(closed).toBe(true);
  });

  it('cuts a chunked body at the limit, answers 413 and closes the connection before the sender is done', async () => {
    const { indexer } = await start({ max_body_bytes: MB, max_in_flight_bytes: 4 * MB });
    const socket = await open(indexer.url);
    const done = answer(socket);
    socket.write('POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
    let sent = 0;
    let answered = false;
    void done.then(() => {
      answered = true;
    });
    // Up to 200 MB, or until the server answers and hangs up.
    while (!answered && !socket.destroyed && sent < 200 * MB) {
      if (!socket.write(chunk)) await new Promise((r) => setTimeout(r, 1));
      sent += 64 * 1024;
      if (sent % MB === 0) await new Promise((r) => setImmediate(r));
    }
    const { text, closed } = await done;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(100 * MB);
  });

  it('a request that finds every body slot taken waits unread, then gets 429 and a closed connection', async () => {
    const { indexer } = await start({ max_concurrent_bodies: 1, body_wait_ms: 200 });
    const holder = await open(indexer.url);
    let heldText = '';
    holder.on('data', (c: Buffer) => {
      heldText += c.toString('latin1');
    });
    holder.write('POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 16\r\n\r\n{"message":');
    await new Promise((r) => setTimeout(r, 50));
    expect(await metricValue(indexer.metrics.bodiesInFlight)).toBe(1);
    const waiter = await open(indexer.url);
    const refused = answer(waiter);
    waiter.write('POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\n\r\nsecond line');
    const r = await refused;
    expect(r.text).toMatch(/^HTTP\/1\.1 429 /);
    expect(r.text.toLowerCase()).toContain('retry-after: 1');
    expect(r.closed).toBe(true);
    holder.write('"a"}\n');
    for (let i = 0; i < 500 && !heldText.includes('"accepted"'); i++) await new Promise((r) => setTimeout(r, 10));
    holder.destroy();
    expect(heldText).toMatch(/^HTTP\/1\.1 200 /);
    expect(await running!.store.count({ query: 'message:a' })).toBe(1);
  });

  it('a body that stalls is given up after body_idle_timeout_ms: 408, connection closed, its slot free again', async () => {
    const { indexer } = await start({ max_concurrent_bodies: 1, body_wait_ms: 5_000, body_idle_timeout_ms: 300 });
    const stalled = await open(indexer.url);
    const cut = answer(stalled);
    stalled.write('POST /ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"message":');
    const r = await cut;
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.closed).toBe(true);
    const next = await fetch(`${indexer.url}/ingest`, { method: 'POST', body: '{"message":"after"}\n' });
    expect(next.status).toBe(200);
    expect(await metricValue(indexer.metrics.bodiesInFlight)).toBe(0);
  });

  it('50 concurrent 5 MB uploads: at most max_concurrent_bodies read at once, bytes held bounded, all stored', async () => {
    const { indexer, store } = await start({ max_concurrent_bodies: 4, body_wait_ms: 120_000 });
    // One body buffer for every request: the client side holds 5 MB, not 250.
    const body = Buffer.alloc(5 * MB, 0x20);
    const line = Buffer.from('\n{"message":"upload"}\n');
    line.copy(body, body.length - line.length);
    let peakBodies = 0;
    let peakBytes = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakBodies = Math.max(peakBodies, await metricValue(indexer.metrics.bodiesInFlight));
        const health = (await (await fetch(`${indexer.url}/health`)).json()) as { in_flight_bytes: number };
        peakBytes = Math.max(peakBytes, health.in_flight_bytes);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const { port } = new URL(indexer.url);
    const statuses = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) =>
          new Promise<number>((resolve, reject) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                method: 'POST',
                path: '/ingest',
                headers: { 'content-type': 'text/plain', 'x-n': String(i) },
              },
              (res) => {
                res.resume();
                res.on('end', () => resolve(res.statusCode ?? 0));
              },
            );
            req.on('error', reject);
            req.end(body);
          }),
      ),
    );
    sampling = false;
    await sampler;
    expect(statuses).toEqual(Array(50).fill(200));
    expect(peakBodies).toBeGreaterThan(0);
    expect(peakBodies).toBeLessThanOrEqual(4);
    expect(peakBytes).toBeLessThanOrEqual(4 * 5 * MB);
    // Every upload carried the same line: the content id makes 1 stored event (49 duplicates).
    expect(await store.count({ query: 'message:upload' })).toBe(1);
    expect(await metricValue(indexer.metrics.bodiesInFlight)).toBe(0);
  }, 120_000);
});
