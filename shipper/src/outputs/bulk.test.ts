import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificates } from '../../../test/engines/tls.ts';
import type { QueuedEvent } from '../component.ts';
import { memoryLogger } from '../log.ts';
import { toQueued } from '../queue/types.ts';
import { apiKeyHeader, BulkOutput, configSchema, resolveApiKey } from './bulk.ts';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

async function body(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of req) parts.push(c as Buffer);
  const raw = Buffer.concat(parts);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString() : raw.toString();
}

/** A fake `_bulk` endpoint: `decide(id, attempt)` returns the item status. */
async function fakeBulk(
  decide: (id: string, attempt: number) => number | 'http503',
): Promise<{ url: string; requests: string[][] }> {
  const attempts = new Map<string, number>();
  const requests: string[][] = [];
  server = createServer(async (req, res) => {
    const lines = (await body(req)).trim().split('\n');
    const ids: string[] = [];
    for (let i = 0; i < lines.length; i += 2) ids.push(JSON.parse(lines[i]!).create._id);
    requests.push(ids);
    const items = [];
    for (const id of ids) {
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const status = decide(id, n);
      if (status === 'http503') {
        res.writeHead(503).end('busy');
        return;
      }
      items.push({
        create: {
          status,
          ...(status >= 300 && status !== 409
            ? { error: { type: 'mapper_parsing_exception', reason: 'bad field' } }
            : {}),
        },
      });
    }
    // As Elasticsearch: `errors` is true when any item failed (409 included), first under filter_path.
    const errors = items.some((i) => i.create.status >= 300);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors, items }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const a = server.address() as { port: number };
  return { url: `http://127.0.0.1:${a.port}`, requests };
}

const events = (n: number): QueuedEvent[] =>
  Array.from({ length: n }, (_, i) => toQueued({ id: `e${i}`, source: 's', doc: { message: `m${i}` } }));

function output(url: string, extra: object = {}) {
  return new BulkOutput(
    configSchema.parse({ type: 'bulk', url, index: 'x', backoff_initial_ms: 5, backoff_max_ms: 20, ...extra }),
    memoryLogger(),
  );
}

describe('bulk output', () => {
  it('acks 201/200/409, retries only 429/5xx items, rejects other 4xx with the reason', async () => {
    const { url, requests } = await fakeBulk((id, attempt) => {
      if (id === 'e1') return 409;
      if (id === 'e2') return attempt < 3 ? 429 : 201;
      if (id === 'e3') return attempt < 2 ? 503 : 200;
      if (id === 'e4') return 400;
      return 201;
    });
    const r = await output(url, { gzip: true }).send(events(6), AbortSignal.timeout(5000));
    expect(r.acked.map((e) => e.id).sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e5']);
    expect(r.rejected.map((x) => x.event.id)).toEqual(['e4']);
    expect(r.rejected[0]!.reason).toMatch(/MAPPING_CONFLICT: HTTP 400 mapper_parsing_exception: bad field/);
    expect(requests[0]).toHaveLength(6);
    expect(requests[1]).toEqual(['e2', 'e3']);
    expect(requests[2]).toEqual(['e2']);
  });

  it('retries a whole-request 503 and a refused connection until it works', async () => {
    const { url } = await fakeBulk((_id, attempt) => (attempt < 3 ? 'http503' : 201));
    const r = await output(url).send(events(3), AbortSignal.timeout(5000));
    expect(r.acked).toHaveLength(3);
    const down = await output('http://127.0.0.1:1').send(events(1), AbortSignal.timeout(300));
    expect(down).toEqual({ acked: [], rejected: [] });
  });

  it('trusts `errors: false` only when it answers every item', async () => {
    let answer = '';
    server = createServer(async (req, res) => {
      await body(req);
      res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    answer = JSON.stringify({ errors: false, items: [0, 1, 2].map(() => ({ create: { status: 201 } })) });
    expect((await output(url).send(events(3), AbortSignal.timeout(2000))).acked).toHaveLength(3);
    answer = JSON.stringify({ errors: false, items: [{ create: { status: 201 } }] });
    const short = await output(url).send(events(3), AbortSignal.timeout(300));
    expect(short).toEqual({ acked: [], rejected: [] }); // retried, never acknowledged
  });

  it('a whole-request 400 (or 401/404/5xx) rejects nothing: retried with backoff, unhealthy with the answer, bounded and without secrets', async () => {
    let status = 400;
    let answered = 0;
    server = createServer(async (req, res) => {
      await body(req);
      answered++;
      if (status === 200) {
        const items = [0, 1, 2].map(() => ({ create: { status: 201 } }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: false, items }));
      } else {
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(`{"error":"proxy says no to http://admin:hunter2@10.0.0.1/x ${'x'.repeat(5000)}"}`);
      }
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const out = output(`http://user:pw-secret@127.0.0.1:${port}`);
    for (const s of [400, 401, 404, 422, 503]) {
      status = s;
      answered = 0;
      const r = await out.send(events(3), AbortSignal.timeout(300));
      expect(r).toEqual({ acked: [], rejected: [] });
      expect(answered).toBeGreaterThan(2);
      const h = out.health.report();
      expect(h).toMatchObject({ healthy: false, status: s, endpoint: `http://127.0.0.1:${port}/_bulk` });
      expect(h.answer).toMatch(
        new RegExp(`^HTTP ${s} [A-Z][\\w ]+: \\{"error":"proxy says no to http://10\\.0\\.0\\.1/x x+…$`),
      );
      expect(h.answer!.length).toBeLessThan(400);
      expect(JSON.stringify(h)).not.toMatch(/pw-secret|hunter2/);
    }
    status = 200;
    expect((await out.send(events(3), AbortSignal.timeout(2000))).acked).toHaveLength(3);
    expect(out.health.report()).toMatchObject({ healthy: true, consecutive: 0 });
    expect(out.health.report().answer).toBeUndefined();
  });

  it('item 403/404 (a read-only or missing index) are retried and make the output unhealthy; item 400 is rejected with its status', async () => {
    const { url } = await fakeBulk((id, attempt) => {
      if (id === 'e0') return attempt < 3 ? 403 : 201;
      if (id === 'e1') return attempt < 2 ? 404 : 201;
      if (id === 'e2') return 400;
      return 201;
    });
    const out = output(url);
    const r = await out.send(events(4), AbortSignal.timeout(5000));
    expect(r.acked.map((e) => e.id).sort()).toEqual(['e0', 'e1', 'e3']);
    expect(r.rejected).toEqual([
      { event: expect.objectContaining({ id: 'e2' }), status: 400, reason: expect.stringMatching(/^MAPPING_CONFLICT/) },
    ]);
    expect(out.health.failures).toBe(2); // two answers with 403/404 items
    expect(out.health.healthy).toBe(true); // healthy again once they went in
  });

  it('a 413 splits the batch; a single document still refused is rejected with status 413', async () => {
    server = createServer(async (req, res) => {
      const lines = (await body(req)).trim().split('\n');
      const ids: string[] = [];
      for (let i = 0; i < lines.length; i += 2) ids.push(JSON.parse(lines[i]!).create._id);
      if (ids.includes('e2') || ids.length > 2) {
        res.writeHead(413).end('too big');
        return;
      }
      const items = ids.map(() => ({ create: { status: 201 } }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: false, items }));
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const out = output(url);
    const r = await out.send(events(5), AbortSignal.timeout(5000));
    expect(r.acked.map((e) => e.id).sort()).toEqual(['e0', 'e1', 'e3', 'e4']);
    expect(r.rejected).toEqual([
      {
        event: expect.objectContaining({ id: 'e2' }),
        status: 413,
        reason: 'PAYLOAD_TOO_LARGE: the endpoint refused the document (HTTP 413 Payload Too Large: too big)',
      },
    ]);
    expect(out.health.healthy).toBe(true);
  });
});

describe('bulk output credentials and TLS', () => {
  const certs = testCertificates();
  let secure: https.Server | undefined;
  afterEach(() => {
    secure?.close();
    secure = undefined;
  });

  /** An HTTPS `_bulk` endpoint that records the Authorization header of each request. */
  async function httpsBulk(): Promise<{ url: string; auth: (string | undefined)[] }> {
    const auth: (string | undefined)[] = [];
    secure = https.createServer({ cert: certs!.cert, key: certs!.key }, async (req, res) => {
      auth.push(req.headers.authorization);
      const lines = (await body(req)).trim().split('\n');
      const items = [];
      for (let i = 0; i < lines.length; i += 2) items.push({ create: { status: 201 } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: false, items }));
    });
    await new Promise<void>((r) => secure!.listen(0, '127.0.0.1', r));
    return { url: `https://127.0.0.1:${(secure.address() as { port: number }).port}`, auth };
  }

  it('api_key id:key is sent as ApiKey base64(id:key); an encoded key as it is; Basic for users', async () => {
    const { url, requests } = await fakeBulk(() => 201);
    const seen: string[] = [];
    server!.prependListener('request', (req: IncomingMessage) => seen.push(String(req.headers.authorization)));
    await output(url, { api_key: 'VuaCfGcBCdbkQm:ui2lp2axTNmsyakw9tvNnw' }).send(events(1), AbortSignal.timeout(5000));
    await output(url, { api_key: 'ZW5jb2RlZDprZXk=' }).send(events(1), AbortSignal.timeout(5000));
    await output(url, { username: 'ops', password: 'pw' }).send(events(1), AbortSignal.timeout(5000));
    expect(requests).toHaveLength(3);
    expect(seen).toEqual([
      `ApiKey ${Buffer.from('VuaCfGcBCdbkQm:ui2lp2axTNmsyakw9tvNnw').toString('base64')}`,
      'ApiKey ZW5jb2RlZDprZXk=',
      `Basic ${Buffer.from('ops:pw').toString('base64')}`,
    ]);
    expect(apiKeyHeader(' a:b ')).toBe(`ApiKey ${Buffer.from('a:b').toString('base64')}`);
  });

  it('takes the key from an environment variable or a file; a missing one is CONFIG_INVALID without the key', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bulk-key-'));
    const file = path.join(dir, 'key');
    writeFileSync(file, 'id1:from-file\n');
    const cfg = (extra: object) => configSchema.parse({ type: 'bulk', url: 'http://127.0.0.1:9', ...extra });
    expect(resolveApiKey(cfg({ api_key_env: 'SHIP_KEY' }), { SHIP_KEY: 'id1:from-env' })).toBe('id1:from-env');
    expect(resolveApiKey(cfg({ api_key_file: file }))).toBe('id1:from-file');
    expect(() => resolveApiKey(cfg({ api_key_env: 'SHIP_KEY' }), {})).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/SHIP_KEY is not set/) }),
    );
    expect(() => resolveApiKey(cfg({ api_key_file: path.join(dir, 'nope') }))).toThrow(/api_key_file: cannot read/);
    expect(() => cfg({ api_key: 'a:b', username: 'u', password: 'p' })).toThrow(/use one of/);
    expect(() => cfg({ ssl: { certificate_authorities: [] } })).toThrow(/certificate_authorities/);
    expect(() => cfg({ ssl: { verification_mode: 'none' } })).toThrow(/verification_mode/);
  });

  it.skipIf(!certs)(
    'https: verified against ssl.certificate_authorities; without the CA nothing is acked',
    async () => {
      const { url, auth } = await httpsBulk();
      const trusted = output(url, { api_key: 'k1:secret', ssl: { certificate_authorities: [certs!.caFile] } });
      const ok = await trusted.send(events(3), AbortSignal.timeout(5000));
      expect(ok.acked).toHaveLength(3);
      expect(auth).toEqual(Array(1).fill(`ApiKey ${Buffer.from('k1:secret').toString('base64')}`));
      await trusted.close();
      const untrusted = output(url);
      const refused = await untrusted.send(events(2), AbortSignal.timeout(300));
      expect(refused.acked).toHaveLength(0);
      expect(refused.rejected).toHaveLength(0);
      expect(untrusted.health.report().answer).toMatch(/certificate/i);
      expect(auth).toHaveLength(1); // the untrusted output never got a request through
      await untrusted.close();
      expect(() => output(url, { ssl: { certificate_authorities: ['/nonexistent/ca.crt'] } })).toThrow(
        /ssl\.certificate_authorities: cannot read \/nonexistent\/ca\.crt/,
      );
    },
  );
});
