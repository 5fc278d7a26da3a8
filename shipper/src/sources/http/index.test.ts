import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../../component.ts';
import { recordingContext, silentLog, waitFor } from '../test-context.ts';
import { build, configSchema, type HttpSource } from './index.ts';

const started: HttpSource[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function startSource(config: Record<string, unknown> = {}, emitDelay?: () => Promise<void>) {
  const source = build(configSchema.parse({ type: 'http', listen: '127.0.0.1:0', ...config }), {
    dataDir: tmpdir(),
    log: silentLog,
  });
  const state = recordingContext(emitDelay);
  await source.start(state.ctx);
  started.push(source);
  return Object.assign(state, { source, url: `http://127.0.0.1:${source.address().port}` });
}

/** A POST with a chosen Host header (fetch does not let one be set). */
function rawPost(url: string, host: string, body: string) {
  return new Promise<{ status: number }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { host, 'content-type': 'text/plain' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('http source', () => {
  it('answers 200 after emit and builds ECS events', async () => {
    const s = await startSource();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"message":"one","service":{"name":"api"}}\n{"msg":"two","host":{"name":"app-1"}}\n',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2 });
    expect(s.events).toHaveLength(2);
    const [a, b] = s.events as [ShipperEvent, ShipperEvent];
    expect(a.doc).toMatchObject({
      message: 'one',
      service: { name: 'api' },
      host: { name: 'shipper-host' },
      agent: { id: 'agent-1' },
      source: { ip: '127.0.0.1' },
      log: { source: { address: expect.stringMatching(/^127\.0\.0\.1:\d+$/) } },
    });
    expect(b.doc).toMatchObject({ message: 'two', host: { name: 'app-1' } });
    expect(a.id).not.toBe(b.id);
    expect(a.source).toMatch(/^http-/);
  });

  it('accepts text/plain on a configured path, 404 elsewhere, 405 for GET', async () => {
    const s = await startSource({ path: '/logs' });
    const res = await fetch(`${s.url}/logs`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'a\nb\n',
    });
    expect(res.status).toBe(200);
    expect(s.events.map((e) => e.doc.message)).toEqual(['a', 'b']);
    expect((await fetch(`${s.url}/`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${s.url}/logs`)).status).toBe(405);
  });

  it('requires the api key when configured', async () => {
    const s = await startSource({ api_key: 'sekret' });
    const post = (headers: Record<string, string>) =>
      fetch(s.url, { method: 'POST', headers, body: '{"message":"x"}' });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'ApiKey wrong' })).status).toBe(401);
    expect((await post({ authorization: 'ApiKey sekret' })).status).toBe(200);
    expect((await post({ authorization: 'Bearer sekret' })).status).toBe(200);
    expect((await post({ 'x-api-key': 'sekret' })).status).toBe(200);
    expect(s.events).toHaveLength(3);
  });

  it('without an api_key refuses browsers (403) and foreign Host names (421); allowed_origins get CORS', async () => {
    const s = await startSource({ allowed_origins: ['https://app.example.com'] });
    const page = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: 'forged line\n',
    });
    expect(page.status).toBe(403);
    expect(await page.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const rebound = await rawPost(s.url, 'attacker.example:8080', 'rebound line\n');
    expect(rebound.status).toBe(421);
    expect(s.events).toHaveLength(0);
    expect((await rawPost(s.url, 'localhost:8080', 'local line\n')).status).toBe(200);

    const preflight = await fetch(s.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const app = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: 'https://app.example.com',
        'sec-fetch-site': 'cross-site',
      },
      body: '{"message":"from the app"}',
    });
    expect(app.status).toBe(200);
    expect(app.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(s.events.map((e) => e.doc.message)).toEqual(['local line', 'from the app']);
  });

  it('with its api_key a browser request is taken from any origin', async () => {
    const s = await startSource({ api_key: 'sekret' });
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example', 'x-api-key': 'sekret' },
      body: '{"message":"keyed"}',
    });
    expect(res.status).toBe(200);
    expect(() => configSchema.parse({ allowed_origins: ['https://app.example.com/'] })).toThrow();
  });

  it('answers 413 over max_body_bytes and 400 for bad JSON', async () => {
    const s = await startSource({ max_body_bytes: 1024 });
    const big = await fetch(s.url, { method: 'POST', body: `{"message":"${'x'.repeat(5000)}"}` });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    const bad = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'INPUT_INVALID', message: expect.stringMatching(/line 1/) },
    });
    expect(s.events).toHaveLength(0);
  });

  it('answers 429 with Retry-After when the queue does not take events in time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = await startSource({ queue_full_timeout_ms: 200, max_in_flight: 1 }, () => gate);
    const first = await fetch(s.url, { method: 'POST', body: '{"message":"a"}', headers: { 'x-request-id': 'r1' } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    // The slot is still held by the first emit: the next request is refused without emitting.
    const second = await fetch(s.url, { method: 'POST', body: '{"message":"b"}' });
    expect(second.status).toBe(429);
    expect(s.emits).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 50));
    // The retry of the first request makes the same id as its original (which went through late).
    const retry = await fetch(s.url, { method: 'POST', body: '{"message":"a"}', headers: { 'x-request-id': 'r1' } });
    expect(retry.status).toBe(200);
    expect(s.events).toHaveLength(2);
    expect(s.events[0]?.id).toBe(s.events[1]?.id);
  });

  it('derives ids from x-request-id and index, else from content and time', async () => {
    const s = await startSource({ id: 'web' });
    const body = '{"message":"a"}\n{"message":"a"}\n';
    for (let i = 0; i < 2; i++) await fetch(s.url, { method: 'POST', body, headers: { 'x-request-id': 'batch-7' } });
    await fetch(s.url, { method: 'POST', body });
    const ids = s.events.map((e) => e.id);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[1]).toBe(ids[3]);
    // Known ids (stored events carry them; they must not change).
    expect(ids[0]).toBe('f22f9a06d44b3859408d106580406c40a0c66b9af468aa7f1ecee526b9928f54');
    expect(ids[1]).toBe('306135d191f641b125d90019fa8c95f60040f34292c4277dce22dee97e83647f');
    expect(ids[0]).not.toBe(ids[1]);
    expect(new Set(ids.slice(4)).size).toBe(2);
    expect(ids.slice(4)).not.toContain(ids[0]);
  });
});

const MB = 1024 * 1024;

/** A raw connection and what the server sends on it until it closes it (or 10 s pass). */
async function rawConnection(
  url: string,
): Promise<{ socket: Socket; answer: Promise<{ text: string; closed: boolean }> }> {
  const { hostname, port } = new URL(url);
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s = connect(Number(port), hostname, () => resolve(s));
    s.on('error', reject);
  });
  const answer = new Promise<{ text: string; closed: boolean }>((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve({ text, closed: false }), 10_000);
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
  });
  return { socket, answer };
}

describe('http source body limits while streaming', () => {
  it('refuses a huge Content-Length with 413 before reading and closes the connection', async () => {
    const s = await startSource({ max_body_bytes: MB });
    const { socket, answer } = await rawConnection(s.url);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000000\r\n\r\n{"message":');
    const { text, closed } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(text).toContain('PAYLOAD_TOO_LARGE');
    expect(closed).toBe(true);
    expect(s.emits).toBe(0);
  });

  it('cuts a chunked body at max_body_bytes: 413 and a closed connection while the sender is still sending', async () => {
    const s = await startSource({ max_body_bytes: MB });
    const { socket, answer } = await rawConnection(s.url);
    let answered = false;
    void answer.then(() => {
      answered = true;
    });
    socket.write(
      'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    const chunk = `${(64 * 1024).toString(16)}\r\n${'x'.repeat(64 * 1024)}\r\n`;
    let sent = 0;
    while (!answered && !socket.destroyed && sent < 200 * MB) {
      if (!socket.write(chunk)) await new Promise((r) => setTimeout(r, 1));
      sent += 64 * 1024;
      if (sent % MB === 0) await new Promise((r) => setImmediate(r));
    }
    const { text, closed } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect(closed).toBe(true);
    expect(sent).toBeLessThan(100 * MB);
    expect(s.emits).toBe(0);
  });

  it('50 concurrent 5 MB uploads: only max_in_flight bodies are read while the queue is blocked; all land after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = await startSource({ max_in_flight: 2, queue_full_timeout_ms: 120_000 }, () => gate);
    // One body buffer for all 50 requests: the client side holds 5 MB, not 250.
    const body = Buffer.alloc(5 * MB, 0x20);
    body.write('{"message":"big upload"}', 0);
    const before = process.memoryUsage().arrayBuffers;
    const { port } = new URL(s.url);
    const answers = Array.from(
      { length: 50 },
      (_, i) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/',
              headers: { 'content-type': 'application/json', 'x-request-id': `upload-${i}` },
            },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode ?? 0));
            },
          );
          req.on('error', reject);
          req.end(body);
        }),
    );
    await waitFor(() => s.emits === 2);
    await new Promise((r) => setTimeout(r, 500)); // time for unbounded reading to show
    const held = process.memoryUsage().arrayBuffers - before;
    expect(s.emits).toBe(2);
    // 2 bodies of 5 MB (and socket buffers); reading all 50 first would hold 250 MB.
    expect(held).toBeLessThan(60 * MB);
    release();
    expect(await Promise.all(answers)).toEqual(Array(50).fill(200));
    expect(s.events).toHaveLength(50);
  }, 120_000);

  it('a body that stalls gets 408 after body_idle_timeout_ms and frees its slot', async () => {
    const s = await startSource({ max_in_flight: 1, body_idle_timeout_ms: 300, queue_full_timeout_ms: 5_000 });
    const { socket, answer } = await rawConnection(s.url);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"message":');
    const { text, closed } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(closed).toBe(true);
    const next = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"message":"next"}',
    });
    expect(next.status).toBe(200);
    expect(s.events.map((e) => e.doc.message)).toEqual(['next']);
  });

  it('a request that finds no slot within queue_full_timeout_ms gets 429 unread and a closed connection', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const s = await startSource({ max_in_flight: 1, queue_full_timeout_ms: 300 }, () => gate);
    const first = fetch(s.url, { method: 'POST', body: '{"message":"first"}' });
    await waitFor(() => s.emits === 1);
    const { socket, answer } = await rawConnection(s.url);
    socket.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n{"message":');
    const { text, closed } = await answer;
    expect(text).toMatch(/^HTTP\/1\.1 429 /);
    expect(text.toLowerCase()).toContain('retry-after: 1');
    expect(closed).toBe(true);
    release();
    await first;
    expect(s.emits).toBe(1);
  });
});
