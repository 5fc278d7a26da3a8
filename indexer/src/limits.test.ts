import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ByteBudget, readBody } from './limits.ts';

describe('ByteBudget', () => {
  it('reserves up to its max and releases', () => {
    const b = new ByteBudget(10);
    expect(b.tryReserve(6)).toBe(true);
    expect(b.tryReserve(5)).toBe(false);
    expect(b.used).toBe(6);
    b.release(6);
    b.release(100);
    expect(b.used).toBe(0);
    expect(b.tryReserve(10)).toBe(true);
  });
});

describe('readBody over a real HTTP server', () => {
  let server: Server;
  let budget: ByteBudget;
  let maxBytes = 1000;
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const r = await readBody(req, maxBytes, budget);
      if (r.ok) budget.release(r.reserved);
      res.end(r.ok ? r.body : r.reason);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: Buffer, headers: Record<string, string> = {}): Promise<string> =>
    new Promise((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
      req.on('error', reject);
      req.end(body);
    });

  it('reads plain and gzip bodies within the limit', async () => {
    budget = new ByteBudget(10_000);
    maxBytes = 1000;
    expect(await post(Buffer.from('hello'))).toBe('hello');
    expect(await post(gzipSync('zipped'), { 'content-encoding': 'gzip' })).toBe('zipped');
    expect(budget.used).toBe(0);
  });

  it('refuses a body over the limit, also one that only grows when decompressed', async () => {
    budget = new ByteBudget(10_000);
    maxBytes = 100;
    expect(await post(Buffer.alloc(200, 'a'))).toBe('too_large');
    const bomb = gzipSync(Buffer.alloc(5000, 'a'));
    expect(bomb.length).toBeLessThan(100);
    expect(await post(bomb, { 'content-encoding': 'gzip' })).toBe('too_large');
    expect(budget.used).toBe(0);
  });

  it('answers busy when the shared budget is spent, and rejects unknown encodings', async () => {
    budget = new ByteBudget(10);
    maxBytes = 1000;
    expect(await post(Buffer.alloc(50, 'a'))).toBe('busy');
    expect(budget.used).toBe(0);
    expect(await post(Buffer.from('x'), { 'content-encoding': 'br' })).toBe('bad_encoding');
    expect(await post(Buffer.from('not gzip'), { 'content-encoding': 'gzip' })).toBe('bad_encoding');
  });
});
