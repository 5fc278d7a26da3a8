/**
 * The UI over HTTPS (`driftwood ui --cert --key`, `driftwood up` with DRIFTWOOD_TLS_CERT/KEY):
 * the real Next.js server behind the TLS proxy, with a self-signed certificate made here and
 * trusted as the CA (verification on). The UI's Host check answers to the public address, a login
 * over HTTPS sets a Secure cookie, and the live tail's event stream arrives event by event.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiProcess } from '../../bin/up/ui-process.ts';
import { freePort } from '../engines/process.ts';
import { testCertificates } from '../tls.ts';
import { childEnv, DRIFTWOOD, GroupProcess } from '../up/child.ts';
import { basicAuth, buildUi, type OwnedStore, ownTestStore, seedTestUsers, TEST_USERS } from './harness.ts';

const certificates = testCertificates();
if (!certificates) {
  if (process.env.CI === 'true') throw new Error('openssl is needed to make the test certificates');
  console.log('tls.engine.test: skipped, openssl is not installed');
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

describe.skipIf(!certificates)('the UI over HTTPS (embedded store)', () => {
  let dir: string;
  let owned: OwnedStore;
  let ui: UiProcess;
  let ca: Buffer;
  let port: number;
  let cert: string;
  let key: string;

  const request = (
    options: https.RequestOptions & { body?: string },
    onResponse?: (res: IncomingMessage) => void,
  ): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const req = https.request({ host: 'localhost', port, ca, ...options }, (res) => {
        onResponse?.(res);
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(options.body);
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-ui-tls-'));
    const tls = certificates as NonNullable<typeof certificates>;
    [ca, cert, key] = [tls.ca, tls.certFile, tls.keyFile];
    const env = { DRIFTWOOD_STORE: 'embedded' as const, DRIFTWOOD_DATA: dir };
    [, owned] = await Promise.all([buildUi(), ownTestStore(env)]);
    await seedTestUsers(owned.store);
    port = await freePort();
    // the certificate through the environment, as `driftwood up` takes it
    ui = await startUi({
      host: '127.0.0.1',
      port,
      env: { ...env, DRIFTWOOD_TLS_CERT: cert, DRIFTWOOD_TLS_KEY: key },
    });
  }, 600_000);

  afterAll(async () => {
    await ui?.stop();
    await owned?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the login page over verified HTTPS at the public address', async () => {
    expect(ui.url).toBe(`https://127.0.0.1:${port}`);
    const page = await request({ path: '/login' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const byIp = await request({ host: '127.0.0.1', path: '/login' });
    expect(byIp.status).toBe(200);
    // plain HTTP is not answered on the HTTPS port
    const plain = await fetch(`http://127.0.0.1:${port}/login`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });

  it('keeps the Host check: a foreign name is refused behind the proxy too', async () => {
    const res = await request({ path: '/login', servername: 'localhost', headers: { host: `evil.example:${port}` } });
    expect(res.status).toBe(421);
  });

  it('refuses a declared 5 MB body over HTTPS before Next sees it', async () => {
    const before = ui.bodyStats();
    const res = await request({
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'content-length': String(5 << 20), expect: '100-continue' },
    });
    expect(res.status).toBe(413);
    expect(ui.bodyStats()).toMatchObject({ bodiesForwarded: before.bodiesForwarded, tooLarge: before.tooLarge + 1 });
  });

  it('logs in over HTTPS with a Secure, HttpOnly session cookie', async () => {
    const { username, password } = TEST_USERS.tester;
    const res = await request({
      method: 'POST',
      path: '/api/auth/login',
      headers: { 'content-type': 'application/json', origin: `https://localhost:${port}` },
      body: JSON.stringify({ username, password }),
    });
    expect(res.status, res.body).toBe(200);
    const cookie = (res.headers['set-cookie'] ?? []).find((c) => c.startsWith('driftwood_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
  });

  it('streams the live tail through the proxy event by event', async () => {
    const since = Date.now() - 1000;
    const run = `tls-${Date.now().toString(36)}`;
    let wrote = false;
    const got = await new Promise<string>((resolve, reject) => {
      const req = https.request(
        {
          host: 'localhost',
          port,
          ca,
          path: `/api/tail?q=${encodeURIComponent(`service.name:"${run}"`)}&since=${since}`,
          headers: { authorization: basicAuth(TEST_USERS.tester.username, TEST_USERS.tester.password) },
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
          // the stream is open (headers flushed): now the event is written; it must arrive while the stream stays open
          if (!wrote) {
            wrote = true;
            void owned.store
              .write([
                {
                  id: `${run}-1`,
                  doc: { '@timestamp': new Date().toISOString(), message: 'over tls', service: { name: run } },
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
    expect(got).toContain('over tls');
  }, 60_000);

  describe('the commands', () => {
    const started: GroupProcess[] = [];

    afterAll(async () => {
      for (const p of started) {
        if (!p.running) continue;
        p.interrupt();
        await p.exit(20_000).catch(() => p.kill());
      }
    });

    it('driftwood ui refuses a certificate without its key, naming the flag', () => {
      const r = spawnSync(process.execPath, [DRIFTWOOD, 'ui', '--cert', cert, '--data', dir], {
        encoding: 'utf8',
        env: childEnv(),
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--key');
    });

    it('driftwood ui --cert --key serves the UI over HTTPS and prints the https address', async () => {
      const uiPort = await freePort();
      const ui = new GroupProcess(
        process.execPath,
        [DRIFTWOOD, 'ui', '--cert', cert, '--key', key, '--port', String(uiPort), '--data', dir],
        childEnv({ DRIFTWOOD_STORE: 'embedded' }),
      );
      started.push(ui);
      await ui.waitForStdout(/Driftwood UI:/, 240_000);
      expect(ui.stdout).toContain(`Driftwood UI: https://127.0.0.1:${uiPort}/discover`);
      const page = await request({ port: uiPort, path: '/login' });
      expect(page.status).toBe(200);
    }, 300_000);

    it('driftwood up with DRIFTWOOD_TLS_CERT / DRIFTWOOD_TLS_KEY serves the UI over HTTPS', async () => {
      const data = mkdtempSync(path.join(tmpdir(), 'driftwood-up-tls-'));
      const [ui, indexer, http, syslog] = [await freePort(), await freePort(), await freePort(), await freePort()];
      const up = new GroupProcess(
        process.execPath,
        [
          DRIFTWOOD,
          'up',
          '--data',
          data,
          '--ui-port',
          String(ui),
          '--indexer-port',
          String(indexer),
          '--http-port',
          String(http),
          '--syslog-port',
          String(syslog),
        ],
        childEnv({ DRIFTWOOD_TLS_CERT: cert, DRIFTWOOD_TLS_KEY: key, DRIFTWOOD_ADMIN_PASSWORD: 'tls-admin-password' }),
      );
      started.push(up);
      try {
        await up.waitForStdout(/Driftwood is up/, 240_000);
        expect(up.stdout).toContain(`https://127.0.0.1:${ui}/discover`);
        const page = await request({ port: ui, path: '/login' });
        expect(page.status).toBe(200);
        const login = await request({
          port: ui,
          method: 'POST',
          path: '/api/auth/login',
          headers: { 'content-type': 'application/json', origin: `https://localhost:${ui}` },
          body: JSON.stringify({ username: 'admin', password: 'tls-admin-password' }),
        });
        expect(login.status, login.body).toBe(200);
        expect(String(login.headers['set-cookie'])).toMatch(/driftwood_session=[^;]+;.*Secure/i);
        up.interrupt();
        expect((await up.exit(30_000)).code).toBe(0);
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    }, 300_000);
  });
});
