/**
 * GET /api/tail ends when its session does: on a real embedded store and security service with a
 * 1.5 s idle expiry (DRIFTWOOD_SESSION_IDLE_MS), a stream whose session goes idle or is logged out
 * gets `event: failure` (UNAUTHORIZED) and closes; the stream's own re-checks do not keep a
 * session alive, while the user's requests do; a user's removal ends a Basic-auth stream.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogStore, SecurityService } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE_NAME } from '../../../lib/server/guard.ts';
import { getSecurity } from '../../../lib/server/security.ts';
import { getStore } from '../../../lib/server/store.ts';
import { recheckIntervalMs } from '../../../lib/server/while-authorized.ts';
import { GET } from './route.ts';

const IDLE_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Read {
  blocks: string[];
  /** When the stream closed (ms after reading started); undefined while open. */
  closedAfter?: number;
}

/** Reads the SSE body in the background, block by block, until it closes. */
function readSse(res: Response): Read {
  const out: Read = { blocks: [] };
  const started = Date.now();
  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of res.body as ReadableStream<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let end = text.indexOf('\n\n');
        while (end >= 0) {
          out.blocks.push(text.slice(0, end));
          text = text.slice(end + 2);
          end = text.indexOf('\n\n');
        }
      }
    } finally {
      out.closedAfter = Date.now() - started;
    }
  })();
  return out;
}

const failures = (read: Read) =>
  read.blocks
    .filter((b) => b.startsWith('event: failure\n'))
    .map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as { error: { code: string } });

describe('GET /api/tail ends with the session', () => {
  let dir: string;
  let store: LogStore;
  let security: SecurityService;
  const clients: AbortController[] = [];

  const open = async (headers: Record<string, string>) => {
    const client = new AbortController();
    clients.push(client);
    const res = await GET(new Request('http://127.0.0.1/api/tail', { signal: client.signal, headers }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    return readSse(res);
  };
  const login = async () => (await security.login('tail-user', 'tail-password-1')).token;
  const cookie = (token: string) => ({ cookie: `${SESSION_COOKIE_NAME}=${token}` });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-tail-session-'));
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    process.env.DRIFTWOOD_SESSION_IDLE_MS = String(IDLE_MS);
    store = await getStore();
    security = await getSecurity();
    await security.addUser({ username: 'tail-user', password: 'tail-password-1', roles: ['viewer'] });
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.abort();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-checks a third of the idle expiry apart, between 250 ms and 30 s', () => {
    expect(recheckIntervalMs()).toBe(500);
    expect(recheckIntervalMs(undefined)).toBe(500); // this process's setting
    expect(recheckIntervalMs(30 * 60_000)).toBe(30_000);
    expect(recheckIntervalMs(300)).toBe(250);
  });

  it('ends a stream whose session went idle with event: failure (UNAUTHORIZED), and the session stays expired', async () => {
    const token = await login();
    const read = await open(cookie(token));
    await sleep(IDLE_MS + 2 * recheckIntervalMs() + 500);
    expect(read.closedAfter, 'the stream is closed').toBeDefined();
    expect(read.closedAfter as number).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(failures(read).map((f) => f.error.code)).toEqual(['UNAUTHORIZED']);
    expect(await security.session(token)).toBeUndefined();
  }, 15_000);

  it('keeps the stream of a session in use open past the idle expiry', async () => {
    const token = await login();
    const read = await open(cookie(token));
    for (let waited = 0; waited < IDLE_MS * 2.5; waited += 300) {
      await sleep(300);
      expect(await security.session(token), 'the user is active').toBeDefined();
    }
    expect(read.closedAfter).toBeUndefined();
    expect(failures(read)).toEqual([]);
    expect(read.blocks[0]).toContain(': connected');
    await security.logout(token);
    await sleep(2 * recheckIntervalMs() + 300);
    expect(read.closedAfter, 'logging out closes it').toBeDefined();
    expect(failures(read).map((f) => f.error.code)).toEqual(['UNAUTHORIZED']);
  }, 15_000);

  it('ends a Basic-auth stream once its user is removed', async () => {
    await security.addUser({ username: 'tail-basic', password: 'tail-password-2', roles: ['viewer'] });
    const auth = { authorization: `Basic ${Buffer.from('tail-basic:tail-password-2').toString('base64')}` };
    const read = await open(auth);
    await sleep(2 * recheckIntervalMs());
    expect(read.closedAfter).toBeUndefined();
    await security.removeUser('tail-basic');
    for (let i = 0; i < 100 && read.closedAfter === undefined; i++) await sleep(100);
    expect(read.closedAfter, 'the stream is closed').toBeDefined();
    expect(failures(read).map((f) => f.error.code)).toEqual(['UNAUTHORIZED']);
  }, 20_000);
});
