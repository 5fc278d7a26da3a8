/**
 * The saved-search routes on a real embedded store, called as the UI server calls them (a Request
 * with Basic credentials): create, update and delete each write one audit event naming the
 * action, the saved search and who; a refused change writes none.
 */
import { describe, expect, it } from 'vitest';
import { basic, routeCaller, useRouteTestStore } from '../../../lib/server/testdata/routes.ts';
import { DELETE as remove, PUT as update } from './[id]/route.ts';
import { POST as create } from './route.ts';

const EDITOR = basic('search-editor', 'editor-password-1');
const VIEWER = basic('search-viewer', 'viewer-password-1');
const call = routeCaller(EDITOR);

describe('the saved-search routes on a real embedded store', () => {
  const kit = useRouteTestStore('saved-searches-api', [
    { username: 'search-editor', password: 'editor-password-1', roles: ['editor'] },
    { username: 'search-viewer', password: 'viewer-password-1', roles: ['viewer'] },
  ]);
  /** The saved-search audit events, oldest first. */
  const trail = () => kit.audit('event.action:saved_search_*');

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
