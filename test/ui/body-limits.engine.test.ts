/**
 * The UI's request bodies bounded before Next.js buffers them (issue #16): the real UI started as
 * `driftwood ui` / `up` start it (startUi: Next on a loopback port behind the front proxy, plain
 * HTTP), a logged-in session, and real requests — an oversized declared or chunked body is refused
 * with nothing passed on to Next, 50 concurrent 900 KB bodies are all answered with at most
 * bodyReaders in flight, the live tail still streams event by event, and the proxy's hop adds well
 * under a millisecond to a small GET.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiProcess } from '../../bin/up/ui-process.ts';
import { freePort } from '../engines/process.ts';
import { buildUi, loginSession, type OwnedStore, ownTestStore, seedTestUsers, TEST_USERS } from './harness.ts';

const MB = 1 << 20;
/** The front proxy's default bodyReaders (front-proxy.ts). */
const BODY_READERS = 8;

interface Sent {
  status: number;
  body: string;
  ms: number;
}

describe('the UI bounds request bodies in front of Next.js (embedded store)', () => {
  let dir: string;
  let owned: OwnedStore;
  let ui: UiProcess;
  let port: number;
  let cookie: string;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  /** One request to `base`'s port; `chunks` are sent one by one (chunked unless a Content-Length is given). */
  const send = (
    options: { method?: string; path: string; headers?: http.OutgoingHttpHeaders; chunks?: Buffer[] },
    to = port,
  ): Promise<Sent> => {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = http.request(
        {
          host: '127.0.0.1',
          port: to,
          agent,
          method: options.method ?? 'POST',
          path: options.path,
          headers: options.headers,
        },
        (res) => {
          answered = true;
          const ms = performance.now() - started;
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ms }));
          res.on('error', reject);
        },
      );
      req.on('error', (e) => (answered ? undefined : reject(e)));
      void (async () => {
        for (const chunk of options.chunks ?? []) {
          if (answered || req.destroyed) return;
          if (!req.write(chunk)) await new Promise<void>((r) => req.once('drain', () => r()));
        }
        req.end();
      })();
    });
  };
  const session = () => ({
    cookie: `driftwood_session=${encodeURIComponent(cookie)}`,
    origin: `http://127.0.0.1:${port}`,
    'content-type': 'application/json',
  });
  const pieces = (bytes: number, size = 1 << 16) =>
    Array.from({ length: Math.ceil(bytes / size) }, () => Buffer.alloc(size, 0x61));

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-ui-body-limits-'));
    const env = { DRIFTWOOD_STORE: 'embedded' as const, DRIFTWOOD_DATA: dir };
    [, owned] = await Promise.all([buildUi(), ownTestStore(env)]);
    await seedTestUsers(owned.store);
    port = await freePort();
    ui = await startUi({ host: '127.0.0.1', port, env, tls: null });
    cookie = await loginSession(ui.url, TEST_USERS.tester.username, TEST_USERS.tester.password);
  }, 600_000);

  afterAll(async () => {
    agent.destroy();
    await ui?.stop();
    await owned?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the public address through the proxy, Next itself on another, loopback port', () => {
    expect(ui.url).toBe(`http://127.0.0.1:${port}`);
    expect(ui.nextUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ui.nextUrl).not.toBe(ui.url);
  });

  it('keeps the Host check in plain HTTP: a foreign name is refused behind the proxy', async () => {
    const a = await send({ method: 'GET', path: '/login', headers: { host: `evil.example:${port}` } });
    expect(a.status).toBe(421);
    expect((await send({ method: 'GET', path: '/login', headers: { host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses a declared 5 MB body with 413 at once, nothing passed on to Next', async () => {
    const before = ui.bodyStats();
    const a = await send({
      path: '/api/alerts/preview',
      headers: { ...session(), 'content-length': String(5 * MB) },
      chunks: pieces(5 * MB),
    });
    expect(a.status).toBe(413);
    expect(JSON.parse(a.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(a.ms).toBeLessThan(1000);
    const after = ui.bodyStats();
    expect(after.bodiesForwarded).toBe(before.bodiesForwarded);
    expect(after.tooLarge).toBe(before.tooLarge + 1);
  });

  it('refuses a chunked 3 MB body with 413 once it passes the cap, nothing passed on to Next', async () => {
    const before = ui.bodyStats();
    const a = await send({ path: '/api/alerts/preview', headers: session(), chunks: pieces(3 * MB) });
    expect(a.status).toBe(413);
    const after = ui.bodyStats();
    expect(after.bodiesForwarded).toBe(before.bodiesForwarded);
    expect(after.bodyBytesForwarded).toBe(before.bodyBytesForwarded);
    expect(after.tooLarge).toBe(before.tooLarge + 1);
  });

  it(`answers 50 concurrent 900 KB JSON bodies, at most ${BODY_READERS} in flight at once`, async () => {
    const body = Buffer.from(JSON.stringify({ rule: { name: 'padded' }, pad: 'x'.repeat(900 * 1024) }));
    const before = ui.bodyStats();
    const all = await Promise.all(
      Array.from({ length: 50 }, () =>
        send({ path: '/api/alerts/preview', headers: { ...session(), 'content-length': body.length }, chunks: [body] }),
      ),
    );
    const statuses = all.map((a) => a.status);
    for (const status of statuses) {
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(500);
    }
    const after = ui.bodyStats();
    expect(after.peakBodiesInFlight).toBeLessThanOrEqual(BODY_READERS);
    expect(after.peakBodiesInFlight).toBeGreaterThan(1); // they did overlap
    expect(after.bodiesForwarded - before.bodiesForwarded + (after.busy - before.busy)).toBe(50);
    expect(after.bodiesInFlight).toBe(0);
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    console.log(
      `body-limits: 50 × ${body.length} B answered ${JSON.stringify(counts)}, peak in flight ${after.peakBodiesInFlight}`,
    );
    // and the UI is still there
    expect((await send({ method: 'GET', path: '/login' })).status).toBe(200);
  }, 120_000);

  it('streams the live tail through the proxy event by event', async () => {
    const since = Date.now() - 1000;
    const run = `limits-${Date.now().toString(36)}`;
    let wrote = false;
    const got = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: `/api/tail?q=${encodeURIComponent(`service.name:"${run}"`)}&since=${since}`,
          headers: { cookie: session().cookie },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
            if (text.includes(run) && text.includes('event: hit')) {
              req.destroy();
              resolve(text);
            }
          });
          // the stream is open (headers flushed): the event is written now and must arrive while it stays open
          if (!wrote) {
            wrote = true;
            void owned.store
              .write([
                {
                  id: `${run}-1`,
                  doc: {
                    '@timestamp': new Date().toISOString(),
                    message: 'through the front proxy',
                    service: { name: run },
                  },
                },
              ])
              .then(() => owned.store.flush(), reject);
          }
        },
      );
      req.setTimeout(30_000, () => reject(new Error('no tail event through the proxy within 30 s')));
      req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    expect(got).toContain('through the front proxy');
  }, 60_000);
});
