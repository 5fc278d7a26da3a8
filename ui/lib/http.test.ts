import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  errorFromBody,
  errorFromResponse,
  errorHeading,
  errorMessage,
  fetchJson,
  isForbidden,
  jsonRequest,
  retryAfterSeconds,
  withParams,
} from './http.ts';

/** A real HTTP server answering what each path names. */
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: string) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      if (req.url === '/ok') send(200, '{"hits":3}');
      else if (req.url === '/empty') send(200, '');
      else if (req.url === '/echo')
        send(
          200,
          JSON.stringify({
            method: req.method,
            type: req.headers['content-type'],
            body: Buffer.concat(chunks).toString(),
          }),
        );
      else if (req.url === '/kql')
        send(400, JSON.stringify({ error: { code: 'KQL_SYNTAX', message: 'bad query', details: { column: 4 } } }));
      else if (req.url === '/limited')
        res
          .writeHead(429, { 'content-type': 'application/json', 'retry-after': '42' })
          .end(JSON.stringify({ error: { code: 'RATE_LIMITED', message: 'too many failed logins' } }));
      else if (req.url === '/html') res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      else send(503, '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('fetchJson', () => {
  it('answers the parsed JSON (an empty body is {})', async () => {
    expect(await fetchJson(`${base}/ok`)).toEqual({ hits: 3 });
    expect(await fetchJson(`${base}/empty`)).toEqual({});
  });
  it('sends a JSON body', async () => {
    expect(await fetchJson(`${base}/echo`, jsonRequest('PATCH', { a: 1 }))).toEqual({
      method: 'PATCH',
      type: 'application/json',
      body: '{"a":1}',
    });
  });
  it("throws the server's error with its core code, status and details", async () => {
    const error = await fetchJson(`${base}/kql`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'KQL_SYNTAX', status: 400, message: 'bad query', details: { column: 4 } });
  });
  it('names the failures the server did not describe', async () => {
    await expect(fetchJson(`${base}/html`)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
    await expect(fetchJson(`${base}/down`)).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 503 });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(fetchJson(url)).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
  it('lets an abort through as an abort', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(fetchJson(`${base}/ok`, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('errors', () => {
  it('keeps an unknown server code as INTERNAL with the code in its details', () => {
    expect(errorFromBody(500, { error: { code: 'WHAT', message: 'm' } })).toMatchObject({
      code: 'INTERNAL',
      message: 'm',
      details: { code: 'WHAT' },
    });
    expect(errorFromBody(500, { error: 'text' })).toMatchObject({
      code: 'HTTP_ERROR',
      message: 'The server answered 500',
    });
  });
  it("carries a Retry-After as details.retryAfterSeconds (the body's own value wins)", async () => {
    const error = await fetchJson(`${base}/limited`).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 42 } });
    const own = { error: { code: 'RATE_LIMITED', message: 'm', details: { retryAfterSeconds: 7 } } };
    expect(errorFromBody(429, own, '42').details).toEqual({ retryAfterSeconds: 7 });
    expect(retryAfterSeconds(' 120 ')).toBe(120);
    for (const none of [null, undefined, '', 'Wed, 21 Oct 2026 07:28:00 GMT', '-1', '1.5'])
      expect(retryAfterSeconds(none), String(none)).toBeUndefined();
  });
  it('reads the error of a Response', async () => {
    const res = new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'no rule' } }), { status: 404 });
    expect(await errorFromResponse(res)).toMatchObject({ code: 'NOT_FOUND', status: 404, message: 'no rule' });
    expect(await errorFromResponse(new Response('oops', { status: 500 }))).toMatchObject({ code: 'HTTP_ERROR' });
  });
  it('heads an error box by its code', () => {
    const e = (code: ApiError['code']) => new ApiError(503, { code, message: 'm' });
    expect(errorHeading(e('STORE_UNAVAILABLE'))).toBe('The log store is unavailable');
    expect(errorHeading(e('ENGINE_UNAVAILABLE'))).toBe('The log store is unavailable');
    expect(errorHeading(e('STORE_TIMEOUT'))).toBe('The log store took too long to answer');
    expect(errorHeading(e('NETWORK'))).toBe('Cannot reach the Driftwood server');
    expect(errorHeading(new Error('x'))).toBe('Something went wrong');
    expect(errorMessage(new Error('x'))).toBe('x');
    expect(errorMessage('plain')).toBe('plain');
  });
  it('tells a refusal (403 FORBIDDEN) from a failure', () => {
    expect(isForbidden(new ApiError(403, { code: 'FORBIDDEN', message: 'm' }))).toBe(true);
    expect(isForbidden(new ApiError(401, { code: 'UNAUTHORIZED', message: 'm' }))).toBe(false);
    expect(isForbidden(new ApiError(403, { code: 'HTTP_ERROR', message: 'm' }))).toBe(false);
    expect(isForbidden(new ApiError(500, { code: 'INTERNAL', message: 'm' }))).toBe(false);
    expect(isForbidden(new Error('FORBIDDEN'))).toBe(false);
  });
});

describe('withParams', () => {
  it('adds a query string only when there is one', () => {
    expect(withParams('/api/search', new URLSearchParams({ q: 'a b' }))).toBe('/api/search?q=a+b');
    expect(withParams('/api/search', new URLSearchParams())).toBe('/api/search');
  });
});
