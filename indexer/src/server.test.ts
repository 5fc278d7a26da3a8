/**
 * The indexer over real HTTP(S) with the real security service on an embedded store: API keys as
 * Elasticsearch takes them (the official client's `auth: { apiKey }`), Basic users, 401/403
 * answers, the auth modes, /health and /metrics, and TLS.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createEmbeddedStore, type LogStore, SecurityService } from '@driftwood/store';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCertificates } from '../../test/engines/tls.ts';
import { type IndexerConfigInput, parseConfig } from './config.ts';
import { type RunningIndexer, startIndexer } from './server.ts';

const bulkBody = (n: number, tag: string) =>
  Array.from(
    { length: n },
    (_, i) => `{"create":{"_index":"logs-auth"}}\n{"message":"${tag} ${i}","@timestamp":"2026-12-01T00:00:00Z"}\n`,
  ).join('');

interface Setup {
  store: LogStore;
  security: SecurityService;
  indexer: RunningIndexer;
}

async function start(config: IndexerConfigInput, listen = '127.0.0.1:0'): Promise<Setup> {
  const store = await createEmbeddedStore({ path: ':memory:' });
  const security = await SecurityService.open(store);
  const indexer = await startIndexer({ config: parseConfig(config), store, listen, security });
  return { store, security, indexer };
}

async function stop(s: Setup | undefined): Promise<void> {
  await s?.indexer.close();
  await s?.store.close();
}

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/_bulk?refresh=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', ...headers },
    body,
  });

/** A GET with a chosen Host header (fetch does not let one be set). */
function rawGet(base: string, path: string, host: string, authorization?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const headers: Record<string, string> = { host };
    if (authorization) headers.authorization = authorization;
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('indexer auth (required)', () => {
  let s: Setup;
  let ingest: { id: string; key: string; encoded: string };
  let viewer: string;
  beforeAll(async () => {
    s = await start({ auth: { mode: 'required' } });
    ingest = await s.security.createApiKey({ name: 'filebeat', roles: ['ingest'] });
    viewer = (await s.security.createApiKey({ name: 'dash', roles: ['viewer'] })).encoded;
    await s.security.addUser({ username: 'ops', password: 'ops-password-1', roles: ['admin'] });
  });
  afterAll(() => stop(s));

  it('the official client with auth: { apiKey } (encoded, and as id + api_key) stores what it sent', async () => {
    for (const apiKey of [ingest.encoded, { id: ingest.id, api_key: ingest.key }]) {
      const client = new Client({ node: s.indexer.url, auth: { apiKey } });
      try {
        expect((await client.info()).cluster_name).toBe('driftwood');
        const tag = typeof apiKey === 'string' ? 'encoded' : 'pair';
        const result = await client.helpers.bulk({
          datasource: Array.from({ length: 120 }, (_, i) => ({ message: `${tag} ${i}` })),
          onDocument: () => ({ create: { _index: 'logs-auth' } }),
          refreshOnCompletion: true,
        });
        expect(result.successful).toBe(120);
        expect(await s.store.count({ query: `message:${tag}` })).toBe(120);
      } finally {
        await client.close();
      }
    }
  });

  it('Basic: an admin user writes; a wrong password is 401', async () => {
    const client = new Client({ node: s.indexer.url, auth: { username: 'ops', password: 'ops-password-1' } });
    try {
      const r = await client.bulk({ operations: [{ create: { _index: 'logs-auth' } }, { message: 'basic one' }] });
      expect(r.errors).toBe(false);
    } finally {
      await client.close();
    }
    const wrong = `Basic ${Buffer.from('ops:wrong-password').toString('base64')}`;
    expect((await post(s.indexer.url, bulkBody(1, 'x'), { authorization: wrong })).status).toBe(401);
  });

  it('no credentials: 401 security_exception with WWW-Authenticate; nothing stored', async () => {
    const before = await s.store.count({ query: 'message:anon' });
    for (const path of ['/_bulk', '/ingest', '/', '/_index_template/t']) {
      const res = await fetch(`${s.indexer.url}${path}`, {
        method: path === '/' ? 'GET' : path.startsWith('/_index') ? 'PUT' : 'POST',
        body: path === '/' ? undefined : bulkBody(1, 'anon'),
      });
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/ApiKey/);
      expect(await res.json()).toMatchObject({ error: { type: 'security_exception' }, status: 401 });
    }
    expect(await s.store.count({ query: 'message:anon' })).toBe(before);
  });

  it('a key without ingest: 403 with an Elasticsearch-shaped body', async () => {
    const res = await post(s.indexer.url, bulkBody(2, 'viewer'), { authorization: `ApiKey ${viewer}` });
    expect(res.status).toBe(403);
    const body = await res.json();
    expect(body).toMatchObject({ error: { type: 'security_exception', reason: expect.any(String) }, status: 403 });
    expect(body.error.root_cause[0].type).toBe('security_exception');
    expect(await s.store.count({ query: 'message:viewer' })).toBe(0);
  });

  it('a revoked key stops working at once', async () => {
    const k = await s.security.createApiKey({ name: 'short-lived', roles: ['ingest'] });
    expect((await post(s.indexer.url, bulkBody(1, 'rev'), { authorization: `ApiKey ${k.encoded}` })).status).toBe(200);
    await s.security.revokeApiKey(k.id);
    expect((await post(s.indexer.url, bulkBody(1, 'rev'), { authorization: `ApiKey ${k.encoded}` })).status).toBe(401);
  });

  it('/health stays public; /metrics needs credentials', async () => {
    expect((await fetch(`${s.indexer.url}/health`)).status).toBe(200);
    expect((await fetch(`${s.indexer.url}/metrics`)).status).toBe(401);
    const m = await fetch(`${s.indexer.url}/metrics`, { headers: { authorization: `ApiKey ${ingest.encoded}` } });
    expect(m.status).toBe(200);
    expect(await m.text()).toMatch(/driftwood_indexer_requests_rejected_total\{reason="unauthorized"\} [1-9]/);
  });
});

describe('indexer auth modes', () => {
  it('on loopback without auth settings anonymous ingest works and /metrics is open', async () => {
    let s: Setup | undefined;
    try {
      s = await start({});
      expect(s.indexer.authMode).toBe('loopback_open');
      expect((await post(s.indexer.url, bulkBody(3, 'open'))).status).toBe(200);
      expect(await s.store.count({ query: 'message:open' })).toBe(3);
      expect((await fetch(`${s.indexer.url}/metrics`)).status).toBe(200);
      // credentials that are sent are still checked
      expect((await post(s.indexer.url, bulkBody(1, 'open'), { authorization: 'ApiKey bm9wZTpub3Bl' })).status).toBe(
        401,
      );
    } finally {
      await stop(s);
    }
  });

  it('loopback_open refuses browsers (Origin, cross-site Sec-Fetch-Site: 403) and foreign Host names (421) unless credentials are sent', async () => {
    let s: Setup | undefined;
    try {
      s = await start({});
      const url = s.indexer.url;
      const page = await fetch(`${url}/_bulk`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        body: bulkBody(1, 'evil'),
      });
      expect(page.status).toBe(403);
      expect(await page.json()).toMatchObject({ error: { type: 'security_exception' }, status: 403 });
      const ingest = await fetch(`${url}/ingest`, {
        method: 'POST',
        headers: { 'sec-fetch-site': 'same-site' },
        body: '{"message":"evil ingest"}\n',
      });
      expect(ingest.status).toBe(403);
      const rebound = await rawGet(url, '/metrics', 'attacker.example:9280');
      expect(rebound.status).toBe(421);
      expect(rebound.body).toContain('misdirected_request_exception');
      expect((await rawGet(url, '/', 'attacker.example:9280')).status).toBe(421);
      expect((await rawGet(url, '/metrics', 'localhost:9280')).status).toBe(200);
      await s.store.flush();
      expect(await s.store.count({ query: 'message:evil' })).toBe(0);
      // with credentials the same request works from anywhere
      const key = (await s.security.createApiKey({ name: 'browser-app', roles: ['ingest'] })).encoded;
      const keyed = await post(url, bulkBody(2, 'keyed'), {
        authorization: `ApiKey ${key}`,
        origin: 'https://app.example',
      });
      expect(keyed.status).toBe(200);
      expect(await s.store.count({ query: 'message:keyed' })).toBe(2);
      expect((await rawGet(url, '/metrics', 'indexer.example', `ApiKey ${key}`)).status).toBe(200);
    } finally {
      await stop(s);
    }
  });

  it('beyond loopback auth is required by default, and refusing it is CONFIG_INVALID before listening', async () => {
    let s: Setup | undefined;
    try {
      s = await start({}, '0.0.0.0:0');
      expect(s.indexer.authMode).toBe('required');
      expect((await post(s.indexer.url, bulkBody(1, 'all'))).status).toBe(401);
    } finally {
      await stop(s);
    }
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      await expect(
        startIndexer({ config: parseConfig({ auth: { mode: 'loopback_open' } }), store, listen: '0.0.0.0:0' }),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      await store.close();
    }
  });
});

describe('forged audit events', () => {
  it('an ingest key (_bulk) or anonymous loopback (/ingest) cannot write driftwood.audit: stored as driftwood.audit_spoofed', async () => {
    let s: Setup | undefined;
    let open: Setup | undefined;
    try {
      s = await start({ auth: { mode: 'required' } });
      const key = (await s.security.createApiKey({ name: 'forger', roles: ['ingest'] })).encoded;
      await s.store.flush();
      // the security service's own audit events (the key just made, if it audits it)
      const realAudit = await s.store.count({ query: 'event.dataset:"driftwood.audit"' });
      const forged = {
        '@timestamp': '2026-12-01T00:00:00Z',
        message: 'forged bulk',
        event: { dataset: 'driftwood.audit', action: 'apikey.create' },
        driftwood: { audit: { actor: 'admin' } },
      };
      const bulk = await post(s.indexer.url, `{"create":{"_index":"logs-x"}}\n${JSON.stringify(forged)}\n`, {
        authorization: `ApiKey ${key}`,
      });
      expect(bulk.status).toBe(200);
      const bulkAnswer = await bulk.json();
      expect(bulkAnswer.errors, JSON.stringify(bulkAnswer)).toBe(false);
      const ingest = await fetch(`${s.indexer.url}/ingest`, {
        method: 'POST',
        headers: { authorization: `ApiKey ${key}`, 'content-type': 'application/x-ndjson' },
        body: '{"message":"forged ingest","event.dataset":"driftwood.audit.login"}\n',
      });
      expect(ingest.status).toBe(200);
      await s.store.flush();
      expect(await s.store.count({ query: 'event.dataset:"driftwood.audit"' })).toBe(realAudit);
      expect(await s.store.count({ query: 'event.dataset:"driftwood.audit" and message:forged*' })).toBe(0);
      expect(await s.store.count({ query: 'driftwood.audit.actor:*' })).toBe(0);
      expect(await s.store.count({ query: 'event.dataset:"driftwood.audit_spoofed" and tags:_reserved_dataset' })).toBe(
        2,
      );
      const hit = (await s.store.search({ query: 'message:"forged bulk"', size: 1 })).hits[0]?.doc;
      expect(hit).toMatchObject({
        event: { action: 'apikey.create' },
        driftwood: { spoofed: { event: { dataset: 'driftwood.audit' } } },
      });

      open = await start({});
      const anon = await fetch(`${open.indexer.url}/ingest`, {
        method: 'POST',
        body: '{"message":"anonymous forgery","event":{"dataset":"driftwood.audit"}}\n',
      });
      expect(anon.status).toBe(200);
      await open.store.flush();
      expect(await open.store.count({ query: 'event.dataset:"driftwood.audit"' })).toBe(0);
      expect(await open.store.count({ query: 'event.dataset:"driftwood.audit_spoofed"' })).toBe(1);
    } finally {
      await stop(s);
      await stop(open);
    }
  });
});

const certs = testCertificates();
describe.skipIf(!certs)('indexer TLS', () => {
  if (!certs) console.warn('indexer TLS tests skipped: openssl is not installed');
  let s: Setup;
  let key: string;
  beforeAll(async () => {
    s = await start({ auth: { mode: 'required' }, tls: { cert_file: certs!.certFile, key_file: certs!.keyFile } });
    key = (await s.security.createApiKey({ name: 'tls', roles: ['ingest'] })).encoded;
  });
  afterAll(() => stop(s));

  it('serves HTTPS that verifies against the CA; a client without the CA refuses it', async () => {
    expect(s.indexer.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = new Client({ node: s.indexer.url, auth: { apiKey: key }, tls: { ca: certs!.ca } });
    try {
      const r = await client.bulk({ operations: [{ create: { _index: 'logs-tls' } }, { message: 'over tls' }] });
      expect(r.errors).toBe(false);
    } finally {
      await client.close();
    }
    const untrusted = await new Promise<string>((resolve) => {
      const req = httpsRequest(`${s.indexer.url}/health`, (res) => resolve(String(res.statusCode)));
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      req.end();
    });
    expect(untrusted).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });

  it('a certificate file that cannot be read is CONFIG_INVALID naming it', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      await expect(
        startIndexer({
          config: parseConfig({ tls: { cert_file: '/nonexistent/indexer.crt', key_file: certs!.keyFile } }),
          store,
          listen: '127.0.0.1:0',
        }),
      ).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringMatching(/tls\.cert_file.*indexer\.crt/),
      });
    } finally {
      await store.close();
    }
  });
});
