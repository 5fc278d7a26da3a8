/**
 * The saved-search routes on a real embedded store, called as the UI server calls them (a Request
 * with Basic credentials): create, update and delete each write one audit event naming the
 * action, the saved search and who; a refused change writes none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_DATASET } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSecurity } from '../../../lib/server/security.ts';
import { getStore } from '../../../lib/server/store.ts';
import { DELETE as remove, PUT as update } from './[id]/route.ts';
import { POST as create } from './route.ts';

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});
const EDITOR = basic('search-editor', 'editor-password-1');
const VIEWER = basic('search-viewer', 'viewer-password-1');
const BASE = 'http://localhost:3000';

function call(
  // biome-ignore lint/suspicious/noExplicitAny: route handlers of either params shape
  handler: (request: Request, context?: { params: Promise<any> }) => Promise<Response>,
  method: string,
  route: string,
  options: { body?: unknown; as?: Record<string, string>; id?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(options.as ?? EDITOR) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const request = new Request(`${BASE}${route}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  return handler(request, options.id !== undefined ? { params: Promise.resolve({ id: options.id }) } : undefined);
}

interface AuditDoc {
  event: { action: string; outcome: string };
  user: { name: string };
  driftwood: { audit: { target?: string } };
}

describe('the saved-search routes on a real embedded store', () => {
  let dir: string;
  let store: LogStore;

  /** The saved-search audit events, oldest first. */
  async function trail(): Promise<AuditDoc[]> {
    await store.flush();
    const { hits } = await store.search({
      query: `event.dataset:"${AUDIT_DATASET}" and event.action:saved_search_*`,
      sort: [{ field: '@timestamp', order: 'asc' }],
      size: 100,
    });
    return hits.map((h) => h.doc as unknown as AuditDoc);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-saved-searches-api-'));
    // the routes open the store of their process from the environment, as the UI server does
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    const security = await getSecurity();
    await security.addUser({ username: 'search-editor', password: 'editor-password-1', roles: ['editor'] });
    await security.addUser({ username: 'search-viewer', password: 'viewer-password-1', roles: ['viewer'] });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes an audit event for create, update and delete, naming the action, the search and who', async () => {
    const created = await call(create, 'POST', '/api/saved-searches', {
      body: { title: 'Checkout errors', params: 'q=log.level:error' },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()).search as { id: string };
    expect(id).toMatch(/^checkout-errors-/);
    const at = `/api/saved-searches/${id}`;
    const updated = await call(update, 'PUT', at, {
      id,
      body: { title: 'Checkout errors, 5xx', params: 'q=http.response.status_code>=500' },
    });
    expect(updated.status).toBe(200);
    expect((await call(remove, 'DELETE', at, { id })).status).toBe(200);

    const events = await trail();
    expect(events.map((e) => [e.event.action, e.driftwood.audit.target, e.user.name, e.event.outcome])).toEqual([
      ['saved_search_create', id, 'search-editor', 'success'],
      ['saved_search_update', id, 'search-editor', 'success'],
      ['saved_search_delete', id, 'search-editor', 'success'],
    ]);
  });

  it('writes no audit event for a refused change (viewer, unknown search, invalid body)', async () => {
    const before = (await trail()).length;
    const refused = [
      await call(create, 'POST', '/api/saved-searches', { body: { title: 'Mine', params: '' }, as: VIEWER }),
      await call(create, 'POST', '/api/saved-searches', { body: { title: '', params: '' } }),
      await call(update, 'PUT', '/api/saved-searches/no-such', { id: 'no-such', body: { title: 'x', params: '' } }),
      await call(remove, 'DELETE', '/api/saved-searches/no-such', { id: 'no-such' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 400, 404, 404]);
    expect(await trail()).toHaveLength(before);
  });
});
