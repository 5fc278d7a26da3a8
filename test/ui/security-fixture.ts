/**
 * What the browser security tests share: an embedded store with a few recent events, the
 * harness users plus a viewer and a user whose role has a read filter (DLS), one saved search and one alert rule (made through the API by the
 * editor), and calls to the UI's API as a given user.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LogEvent, RoleDefinition } from '@driftwood/core';
import { SecurityService } from '@driftwood/store';
import {
  buildUi,
  type OwnedStore,
  ownTestStore,
  type StoreEnv,
  seedTestUsers,
  startUi,
  TEST_USERS,
  type TestUser,
  type UiServer,
  writeAll,
} from './harness.ts';

/** A user with the built-in `viewer` role: reads, never writes. */
export const VIEWER: TestUser = { username: 'vera', password: 'viewer-password-1' };
export const EDITOR: TestUser = TEST_USERS.tester;
/** A user whose only role reads through a KQL filter (document-level security): refused the alert rules. */
export const FILTERED: TestUser = { username: 'fenna', password: 'filtered-password-1' };
/** The filter of FILTERED's role: one of the three hosts. */
export const FILTERED_ROLE: RoleDefinition = { name: 'web-0-only', privileges: ['read'], filter: 'host.name:web-0' };

export interface ApiAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers in a test
  body: any;
}

/** `method path` on `server` as `as` (HTTP Basic, as a script calls the API), JSON in and out. */
export async function callApi(
  server: UiServer,
  method: string,
  route: string,
  body?: unknown,
  as: TestUser = EDITOR,
): Promise<ApiAnswer> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await server.fetch(route, init, as);
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

function events(now: number): LogEvent[] {
  return Array.from({ length: 40 }, (_, i) => ({
    id: `sec-${i}`,
    doc: {
      '@timestamp': new Date(now - (i + 1) * 10_000).toISOString(), // within Discover's default 15 minutes
      message: i % 4 === 0 ? 'payment gateway timeout' : 'request served',
      log: { level: i % 4 === 0 ? 'error' : 'info' },
      host: { name: `web-${i % 3}` },
      service: { name: 'checkout' },
    },
  }));
}

export interface SecurityFixture {
  env: StoreEnv;
  owned: OwnedStore;
  server: UiServer;
  savedSearchId: string;
  ruleId: string;
  /** Starts one more UI on the same store (e.g. with a short session idle time). */
  startAnotherUi: (env: Record<string, string>) => Promise<UiServer>;
  close: () => Promise<void>;
}

export async function securityFixture(name: string): Promise<SecurityFixture> {
  const dir = await mkdtemp(path.join(tmpdir(), `driftwood-ui-${name}-`));
  const env: StoreEnv = { DRIFTWOOD_STORE: 'embedded', DRIFTWOOD_DATA: dir };
  const [, owned] = await Promise.all([buildUi(), ownTestStore(env)]);
  const servers: UiServer[] = [];
  try {
    await writeAll(owned.store, [events(Date.now())]);
    await seedTestUsers(owned.store);
    const security = await SecurityService.open(owned.store);
    await security.addUser({ ...VIEWER, roles: ['viewer'] });
    await security.putRole(FILTERED_ROLE);
    await security.addUser({ ...FILTERED, roles: [FILTERED_ROLE.name] });
    const server = await startUi({ ...env });
    servers.push(server);
    const saved = await callApi(server, 'POST', '/api/saved-searches', {
      title: 'Checkout errors',
      params: 'q=log.level%3Aerror',
    });
    if (saved.status !== 201 && saved.status !== 200)
      throw new Error(`saved search: ${saved.status} ${JSON.stringify(saved.body)}`);
    const rule = await callApi(server, 'POST', '/api/alerts/rules', {
      name: 'Checkout errors',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>', threshold: 100 },
    });
    if (rule.status !== 201 && rule.status !== 200)
      throw new Error(`rule: ${rule.status} ${JSON.stringify(rule.body)}`);
    return {
      env,
      owned,
      server,
      savedSearchId: saved.body.search.id as string,
      ruleId: rule.body.rule.id as string,
      startAnotherUi: async (more) => {
        const another = await startUi({ ...env, ...more });
        servers.push(another);
        return another;
      },
      close: async () => {
        for (const s of servers) await s.stop();
        await owned.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const s of servers) await s.stop();
    await owned.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
