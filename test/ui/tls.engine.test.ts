/**
 * The UI over HTTPS (`driftwood ui --cert --key`, `driftwood up` with DRIFTWOOD_TLS_CERT/KEY):
 * the real Next.js server behind the TLS proxy, with a self-signed certificate made here and
 * trusted as the CA (verification on). The UI's Host check answers to the public address, a login
 * over HTTPS sets a Secure cookie, and the live tail's event stream arrives event by event.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiProcess } from '../../bin/up/ui-process.ts';
import { freePort } from '../engines/process.ts';
import { basicAuth, buildUi, type OwnedStore, ownTestStore, seedTestUsers, TEST_USERS } from './harness.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) {
  if (process.env.CI === 'true') throw new Error('openssl is needed to make the test certificate');
  console.log('tls.engine.test: skipped, openssl is not installed');
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

describe.skipIf(!hasOpenssl)('the UI over HTTPS (embedded store)', () => {
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
    cert = path.join(dir, 'cert.pem');
    key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    ca = readFileSync(cert);
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

  describe('driftwood ui --cert --key', () => {
    const cli = path.resolve(import.meta.dirname, '../../bin/driftwood.ts');
    let child: ChildProcess | undefined;

    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child?.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    });

    it('refuses a certificate without its key, naming the flag', () => {
      const r = spawnSync(process.execPath, [cli, 'ui', '--cert', cert, '--data', dir], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('--key');
    });

    it('serves the UI over HTTPS and prints the https address', async () => {
      const uiPort = await freePort();
      const env = { ...process.env, DRIFTWOOD_TLS_CERT: '', DRIFTWOOD_TLS_KEY: '' };
      const started = spawn(
        process.execPath,
        [cli, 'ui', '--cert', cert, '--key', key, '--port', String(uiPort), '--data', dir, '--store', 'embedded'],
        { env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      let out = '';
      started.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      started.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      const until = Date.now() + 240_000;
      while (!out.includes('Driftwood UI:') && started.exitCode === null && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain(`Driftwood UI: https://127.0.0.1:${uiPort}/discover`);
      const page = await request({ port: uiPort, path: '/login' });
      expect(page.status).toBe(200);
    }, 300_000);
  });
});
