/**
 * The user / role / API key / session lifecycle on every backend: the security service keeps its
 * state as saved objects in the store it is given, so on OpenSearch and Elasticsearch it follows
 * the data (a second service over a second client of the same indices sees the same users, keys and
 * sessions), and its audit events are searchable there.
 */
import { basicAuthorization, DriftwoodError } from '@driftwood/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { storeBackends } from '../testdata/backends.ts';
import { SecurityService } from './service.ts';

const backends = storeBackends(`security-${Date.now()}`);

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DriftwoodError);
    return (error as DriftwoodError).code;
  }
  return 'accepted';
}

for (const backend of backends) {
  describe(`security lifecycle: ${backend.name}`, () => {
    let store: LogStore;
    let other: LogStore;
    let clock = Date.now();
    const now = () => clock;

    beforeAll(async () => {
      store = await backend.make();
      await store.init();
      // the embedded test store is in memory: the "other process" shares it; the engines get a second client
      other = backend.name === 'embedded' ? store : await backend.make();
      if (other !== store) await other.init();
    }, 60_000);

    afterAll(async () => {
      if (other !== store) await other?.close();
      await store?.close();
    });

    it('users, roles, keys and sessions live in the store and end when removed', async () => {
      const ui = await SecurityService.open(store, { now });
      const cli = await SecurityService.open(other, { now });

      const first = await cli.ensureInitialAdmin({ password: 'initial admin pw' });
      expect(first).toEqual({ created: true });
      expect(await ui.ensureInitialAdmin({ password: 'another one' })).toEqual({ created: false });
      expect(await ui.authenticate(basicAuthorization('admin', 'initial admin pw'))).toMatchObject({
        privileges: ['read', 'write', 'admin', 'ingest'],
      });

      await cli.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:zurich' });
      await cli.addUser({ username: 'zoe', password: 'zurich only', roles: ['zurich'] });
      expect((await ui.listUsers()).map((u) => u.username)).toEqual(['admin', 'zoe']);
      expect((await ui.listRoles()).map((r) => r.name)).toContain('zurich');

      const session = await ui.login('zoe', 'zurich only', { address: '127.0.0.1' });
      expect(session.principal.readFilter).toBe('((site:zurich)) and not event.dataset:"driftwood.audit"');
      expect(await cli.session(session.token)).toMatchObject({ name: 'zoe' });

      const key = await cli.createApiKey({ name: 'filebeat', roles: ['ingest'] });
      expect(await ui.authenticate(`ApiKey ${key.encoded}`)).toMatchObject({ kind: 'api_key', privileges: ['ingest'] });
      expect(JSON.stringify(await other.listObjects('api_key'))).not.toContain(key.key);

      // another process's revocation: seen once the cache TTL has passed
      await cli.revokeApiKey(key.id);
      await cli.removeUser('zoe');
      clock += 5000;
      expect(await refused(ui.authenticate(`ApiKey ${key.encoded}`))).toBe('UNAUTHORIZED');
      expect(await ui.session(session.token)).toBeUndefined();
      expect(await refused(ui.login('zoe', 'zurich only'))).toBe('UNAUTHORIZED');
      await cli.deleteRole('zurich');

      const admin = await ui.login('admin', 'initial admin pw');
      await cli.logout(admin.token);
      clock += 5000;
      expect(await ui.session(admin.token)).toBeUndefined();
    }, 120_000);

    it('the audit trail is searchable on the backend', async () => {
      await store.flush();
      const result = await store.search({ query: 'event.dataset:"driftwood.audit"', size: 100 });
      const actions = result.hits.map((h) => `${(h.doc.event as { action: string }).action}`).sort();
      for (const action of [
        'user_create',
        'role_put',
        'login',
        'api_key_create',
        'api_key_revoke',
        'user_delete',
        'role_delete',
        'logout',
      ]) {
        expect(actions, action).toContain(action);
      }
      const failure = await store.count({
        query: 'event.dataset:"driftwood.audit" and event.action:login and event.outcome:failure and user.name:zoe',
      });
      expect(failure).toBe(1);
    });
  });
}
