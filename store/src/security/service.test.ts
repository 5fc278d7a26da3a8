import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { basicAuthorization, can, DriftwoodError, type ErrorCode } from '@driftwood/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';
import { DATABASE_FILE } from '../open.ts';
import { INITIAL_ADMIN_FILE, SecurityService } from './service.ts';

let dir: string;
let store: LogStore;
let clock: number;
const now = () => clock;

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'driftwood-security-'));
  store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
  clock = Date.UTC(2026, 11, 2, 6, 0, 0);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rejects(promise: Promise<unknown>, code: ErrorCode): Promise<DriftwoodError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DriftwoodError);
    expect((error as DriftwoodError).code).toBe(code);
    return error as DriftwoodError;
  }
  throw new Error(`expected ${code}, it resolved`);
}

async function auditActions(): Promise<string[]> {
  await store.flush();
  const result = await store.search({
    query: 'event.dataset:"driftwood.audit"',
    size: 100,
    sort: [{ field: '@timestamp', order: 'asc' }],
  });
  return result.hits.map((h) => {
    const event = h.doc.event as { action: string; outcome: string };
    return `${event.action}:${event.outcome}`;
  });
}

describe('SecurityService', () => {
  it('users: add, list without hashes, Basic, password change, remove — each effective at once', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    expect(await security.listUsers()).toEqual([expect.objectContaining({ username: 'ann', roles: ['viewer'] })]);
    expect(JSON.stringify(await store.listObjects('user'))).not.toContain('correct horse');
    expect(JSON.stringify(await security.listUsers())).not.toContain('scrypt');

    const ann = await security.authenticate(basicAuthorization('ann', 'correct horse'));
    expect(ann).toMatchObject({ kind: 'user', name: 'ann', roles: ['viewer'], privileges: ['read'] });
    expect(ann?.readFilter).toBe('not event.dataset:"driftwood.audit"');
    expect(can(ann, 'write')).toBe(false);

    const wrong = await rejects(security.authenticate(basicAuthorization('ann', 'wrong horse')), 'UNAUTHORIZED');
    const nobody = await rejects(security.authenticate(basicAuthorization('bob', 'wrong horse')), 'UNAUTHORIZED');
    expect(wrong.message).toBe(nobody.message);

    await security.setPassword('ann', 'battery staple');
    await rejects(security.authenticate(basicAuthorization('ann', 'correct horse')), 'UNAUTHORIZED');
    expect(await security.authenticate(basicAuthorization('ann', 'battery staple'))).toMatchObject({ name: 'ann' });

    await security.removeUser('ann');
    await rejects(security.authenticate(basicAuthorization('ann', 'battery staple')), 'UNAUTHORIZED');
    expect(await security.listUsers()).toEqual([]);
    expect(await auditActions()).toEqual(['user_create:success', 'user_password:success', 'user_delete:success']);
  });

  it('refuses bad usernames, short passwords, unknown roles and duplicates', async () => {
    const security = await SecurityService.open(store, { now });
    await rejects(security.addUser({ username: 'a b', password: 'long enough', roles: ['viewer'] }), 'INPUT_INVALID');
    // every problem at once, each at its path, an unknown key named (core's zod issues)
    const all = await rejects(
      // an API body as it comes: not the typed input
      security.addUser({ username: 'a b', password: 'long enough', roles: [], rol: 1 } as never),
      'INPUT_INVALID',
    );
    expect(all.message).toMatch(
      /^invalid user: username: a username is 1–64 characters.*; roles: give at least one role; rol: unknown key `rol` \(did you mean `role?s?`\?\)$/,
    );
    expect((all.details.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(['username', 'roles', 'rol']);
    await rejects(
      security.addUser({ username: 'x'.repeat(65), password: 'long enough', roles: ['viewer'] }),
      'INPUT_INVALID',
    );
    await rejects(security.addUser({ username: 'ann', password: 'short', roles: ['viewer'] }), 'INPUT_INVALID');
    await rejects(security.addUser({ username: 'ann', password: 'long enough', roles: ['nope'] }), 'INPUT_INVALID');
    await rejects(security.addUser({ username: 'ann', password: 'long enough', roles: [] }), 'INPUT_INVALID');
    await security.addUser({ username: 'a.n-n_1@x', password: 'long enough', roles: ['editor'] });
    await rejects(
      security.addUser({ username: 'a.n-n_1@x', password: 'long enough', roles: ['viewer'] }),
      'INPUT_INVALID',
    );
    await rejects(security.setPassword('ghost', 'long enough'), 'NOT_FOUND');
  });

  it('keeps one admin: the last admin cannot be removed or demoted', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'root', password: 'long enough', roles: ['admin'] });
    await rejects(security.removeUser('root'), 'INPUT_INVALID');
    await rejects(security.setRoles('root', ['viewer']), 'INPUT_INVALID');
    await security.addUser({ username: 'second', password: 'long enough', roles: ['admin'] });
    await security.setRoles('root', ['viewer']);
    expect((await security.listUsers()).find((u) => u.username === 'root')?.roles).toEqual(['viewer']);
  });

  it('custom roles carry a KQL filter; built-in roles and roles in use stay', async () => {
    const security = await SecurityService.open(store, { now });
    await rejects(security.putRole({ name: 'viewer', privileges: ['read', 'write'] }), 'INPUT_INVALID');
    await rejects(security.deleteRole('admin'), 'INPUT_INVALID');
    await rejects(security.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:(' }), 'KQL_SYNTAX');
    await rejects(security.putRole({ name: 'zurich', privileges: ['fly' as 'read'] }), 'INPUT_INVALID');
    await security.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:zurich' });
    expect((await security.listRoles()).map((r) => `${r.name}${r.builtin ? '*' : ''}`)).toEqual([
      'viewer*',
      'editor*',
      'admin*',
      'ingest*',
      'zurich',
    ]);
    await security.addUser({ username: 'zoe', password: 'long enough', roles: ['zurich'] });
    const zoe = await security.authenticate(basicAuthorization('zoe', 'long enough'));
    expect(zoe?.readFilter).toBe('((site:zurich)) and not event.dataset:"driftwood.audit"');

    // a change of the role applies to the next request at once in this process
    await security.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:zurich or site:bern' });
    expect((await security.authenticate(basicAuthorization('zoe', 'long enough')))?.readFilter).toContain('site:bern');

    const inUse = await rejects(security.deleteRole('zurich'), 'INPUT_INVALID');
    expect(inUse.message).toContain('zoe');
    await security.removeUser('zoe');
    const key = await security.createApiKey({ name: 'zurich reader', roles: ['zurich'] });
    await rejects(security.deleteRole('zurich'), 'INPUT_INVALID');
    await security.revokeApiKey(key.id);
    await security.deleteRole('zurich');
    await rejects(security.deleteRole('zurich'), 'NOT_FOUND');
    expect((await security.listRoles()).map((r) => r.name)).not.toContain('zurich');
  });

  it('API keys: shown once, stored hashed, expire and revoke at once', async () => {
    const security = await SecurityService.open(store, { now });
    const created = await security.createApiKey({ name: 'filebeat', roles: ['ingest'], expiresAt: clock + 60_000 });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(Buffer.from(created.key, 'base64url')).toHaveLength(32);
    expect(Buffer.from(created.encoded, 'base64').toString()).toBe(`${created.id}:${created.key}`);
    expect(JSON.stringify(await store.listObjects('api_key'))).not.toContain(created.key);
    expect(JSON.stringify(await security.listApiKeys())).not.toContain(created.key);
    expect(await security.listApiKeys()).toEqual([
      expect.objectContaining({ id: created.id, name: 'filebeat', roles: ['ingest'], revoked: false }),
    ]);

    const principal = await security.authenticate(`ApiKey ${created.encoded}`);
    expect(principal).toMatchObject({ kind: 'api_key', name: created.id, label: 'filebeat', privileges: ['ingest'] });
    expect(can(principal, 'read')).toBe(false);
    // a wrong key with the right id
    const wrong = Buffer.from(`${created.id}:${'A'.repeat(43)}`).toString('base64');
    await rejects(security.authenticate(`ApiKey ${wrong}`), 'UNAUTHORIZED');
    await rejects(security.authenticate('ApiKey !!'), 'UNAUTHORIZED');
    expect(await security.authenticate(undefined)).toBeUndefined();

    // expiry holds even while the verified key is cached
    clock += 60_000;
    await rejects(security.authenticate(`ApiKey ${created.encoded}`), 'UNAUTHORIZED');

    const other = await security.createApiKey({ name: 'logstash', roles: ['ingest'] });
    expect(await security.authenticate(`ApiKey ${other.encoded}`)).toBeDefined();
    await security.revokeApiKey(other.id);
    await rejects(security.authenticate(`ApiKey ${other.encoded}`), 'UNAUTHORIZED');
    expect((await security.listApiKeys()).find((k) => k.id === other.id)?.revoked).toBe(true);
    await rejects(security.revokeApiKey('no-such-key'), 'NOT_FOUND');
    await rejects(security.createApiKey({ name: 'old', roles: ['ingest'], expiresAt: clock - 1 }), 'INPUT_INVALID');
  });

  it('a revocation by another process is seen within the cache TTL', async () => {
    const ui = await SecurityService.open(store, { now, cacheTtlMs: 5000 });
    const cli = await SecurityService.open(store, { now });
    const key = await cli.createApiKey({ name: 'k', roles: ['viewer'] });
    expect(await ui.authenticate(`ApiKey ${key.encoded}`)).toBeDefined();
    await cli.revokeApiKey(key.id);
    clock += 5000;
    await rejects(ui.authenticate(`ApiKey ${key.encoded}`), 'UNAUTHORIZED');
  });

  it('sessions: login, refresh, idle and absolute expiry, logout', async () => {
    const security = await SecurityService.open(store, {
      now,
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 8 * 3_600_000,
    });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['editor'] });
    const { token, principal, expiresAt } = await security.login('ann', 'correct horse', { address: '127.0.0.1' });
    expect(principal).toMatchObject({ kind: 'user', name: 'ann', privileges: ['read', 'write'] });
    expect(expiresAt).toBe(clock + 8 * 3_600_000);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(JSON.stringify(await store.listObjects('session'))).not.toContain(token);
    expect(await security.session(token)).toMatchObject({ name: 'ann' });
    expect(await security.session('not-a-token')).toBeUndefined();
    expect(await security.session(undefined)).toBeUndefined();

    // used every 20 minutes, it lives past 30 minutes…
    for (let i = 0; i < 3; i++) {
      clock += 20 * 60_000;
      expect(await security.session(token)).toBeDefined();
    }
    // …and a fresh instance (another process) sees the refreshed idle expiry in the store
    const other = await SecurityService.open(store, { now });
    expect(await other.session(token)).toBeDefined();
    // 30 minutes idle ends it
    clock += 30 * 60_000;
    expect(await security.session(token)).toBeUndefined();
    expect(await store.listObjects('session')).toEqual([]);

    // absolute expiry: 8 h after login, however busy
    const busy = await security.login('ann', 'correct horse');
    for (let t = 0; t < 8 * 60; t += 15) {
      clock += 15 * 60_000;
      const alive = await security.session(busy.token);
      expect(alive !== undefined).toBe(t + 15 < 8 * 60);
    }

    const third = await security.login('ann', 'correct horse');
    await security.logout(third.token);
    expect(await security.session(third.token)).toBeUndefined();
    expect(await other.session(third.token)).toBeUndefined();
  });

  it('removing a user or changing the password ends their sessions', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    await security.addUser({ username: 'root', password: 'correct horse', roles: ['admin'] });
    const a = await security.login('ann', 'correct horse');
    await security.setPassword('ann', 'battery staple');
    expect(await security.session(a.token)).toBeUndefined();
    const b = await security.login('ann', 'battery staple');
    const r = await security.login('root', 'correct horse');
    await security.removeUser('ann');
    expect(await security.session(b.token)).toBeUndefined();
    expect(await security.session(r.token)).toMatchObject({ name: 'root' });
  });

  it('rate-limits failed logins per user at an address and per address, with retryAfterSeconds', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    const wrongUser = await rejects(security.login('nobody', 'correct horse'), 'UNAUTHORIZED');
    const wrongPassword = await rejects(security.login('ann', 'wrong horse'), 'UNAUTHORIZED');
    expect(wrongUser.message).toBe(wrongPassword.message);
    for (let i = 0; i < 5; i++)
      await rejects(security.login('ann', 'wrong horse', { address: '10.0.0.1' }), 'UNAUTHORIZED');
    // five failures for ann from 10.0.0.1: there even the right password waits
    const limited = await rejects(security.login('ann', 'correct horse', { address: '10.0.0.1' }), 'RATE_LIMITED');
    expect(limited.details.retryAfterSeconds).toBe(300);
    // Basic is limited the same way
    await rejects(
      security.authenticate(basicAuthorization('ann', 'correct horse'), { address: '10.0.0.1' }),
      'RATE_LIMITED',
    );
    // the address is refused for every user
    await rejects(security.login('someone', 'x', { address: '10.0.0.1' }), 'RATE_LIMITED');
    // refused attempts are audited once a minute per user and address, not each
    for (let i = 0; i < 20; i++) await rejects(security.login('someone', 'x', { address: '10.0.0.1' }), 'RATE_LIMITED');
    // a guesser elsewhere does not lock ann out: from her own address the right password works
    expect((await security.login('ann', 'correct horse', { address: '10.0.0.2' })).principal.name).toBe('ann');
    clock += 5 * 60_000;
    expect((await security.login('ann', 'correct horse', { address: '10.0.0.1' })).principal.name).toBe('ann');
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'login:failure')).toHaveLength(9);
    expect(actions.at(-1)).toBe('login:success');
  });

  it('without a known address, failures count against the user name', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    for (let i = 0; i < 5; i++) await rejects(security.login('Ann', 'wrong horse'), 'UNAUTHORIZED');
    await rejects(security.login('ann', 'correct horse'), 'RATE_LIMITED');
    await rejects(security.authenticate(basicAuthorization('ann', 'correct horse')), 'RATE_LIMITED');
  });

  it('concurrent guesses cannot pass the limit before the first fails', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    const attempts = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => security.login('ann', `guess ${i}`, { address: '10.0.0.9' })),
    );
    const codes = attempts.map((a) => (a.status === 'rejected' ? (a.reason as DriftwoodError).code : 'ok'));
    expect(codes.filter((c) => c === 'UNAUTHORIZED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(7);
  });

  it('a role another process made is used at once, not after the cache TTL', async () => {
    const ui = await SecurityService.open(store, { now });
    const cli = await SecurityService.open(store, { now });
    await cli.addUser({ username: 'root', password: 'correct horse', roles: ['admin'] });
    // fills ui's role cache with the built-in roles only
    await ui.authenticate(basicAuthorization('root', 'correct horse'));
    await cli.putRole({ name: 'zurich', privileges: ['read'], filter: 'site:zurich' });
    await cli.addUser({ username: 'zoe', password: 'correct horse', roles: ['zurich'] });
    const zoe = await ui.authenticate(basicAuthorization('zoe', 'correct horse'));
    expect(zoe?.privileges).toEqual(['read']);
    expect(zoe?.readFilter).toContain('site:zurich');
  });

  it('wrong user and wrong password take about as long (both hash)', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    const time = async (user: string) => {
      const start = performance.now();
      await security.login(user, 'wrong horse').catch(() => {});
      return performance.now() - start;
    };
    await time('warmup');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time('ann'));
      unknown.push(await time(`ghost${i}`));
    }
    // An unknown user costs a full scrypt too (tens of ms), not a map miss (microseconds). The
    // fastest of five runs: pauses of a loaded machine only make a run slower, never faster.
    expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...known) / 3);
  });

  it('audits with the ECS fields, readable by admins only', async () => {
    const security = await SecurityService.open(store, { now });
    await security.addUser({ username: 'root', password: 'correct horse', roles: ['admin'] });
    const { principal } = await security.login('root', 'correct horse', { address: '::ffff:192.0.2.7' });
    await security.audit({
      action: 'export',
      outcome: 'success',
      principal,
      target: 'search:errors',
      details: { rows: 10 },
    });
    await store.flush();
    const hits = (await store.search({ query: 'event.action:export' })).hits;
    expect(hits).toHaveLength(1);
    expect(hits[0]?.doc).toMatchObject({
      event: { dataset: 'driftwood.audit', action: 'export', outcome: 'success' },
      user: { name: 'root' },
      driftwood: { audit: { target: 'search:errors', details: '{"rows":10}' } },
    });
    const login = (await store.search({ query: 'event.action:login' })).hits[0]?.doc;
    expect(login).toMatchObject({ source: { ip: '192.0.2.7' }, user: { name: 'root' } });
    const viewerFilter = (await security.listRoles()).find((r) => r.name === 'viewer');
    expect(viewerFilter).toBeDefined();
    // a viewer's read filter hides them
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    const ann = await security.authenticate(basicAuthorization('ann', 'correct horse'));
    await store.flush();
    expect(await store.count({ query: `(${ann?.readFilter}) and event.action:*` })).toBe(0);
    expect(await store.count({ query: 'event.action:*' })).toBeGreaterThan(0);
  });

  it('first run: creates admin once, with the given or a generated password', async () => {
    const security = await SecurityService.open(store, { now });
    const first = await security.ensureInitialAdmin({ dataDir: dir });
    expect(first.created).toBe(true);
    if (!first.created) throw new Error('unreachable');
    expect(first.password?.length).toBeGreaterThanOrEqual(20);
    expect(first.file).toBe(path.join(dir, INITIAL_ADMIN_FILE));
    expect(readFileSync(first.file as string, 'utf8')).toBe(`${first.password}\n`);
    expect(statSync(first.file as string).mode & 0o777).toBe(0o600);
    const admin = await security.authenticate(basicAuthorization('admin', first.password as string));
    expect(admin?.privileges).toEqual(['read', 'write', 'admin', 'ingest']);
    expect(admin?.readFilter).toBeUndefined();
    expect(await security.ensureInitialAdmin({ dataDir: dir, password: 'something else' })).toEqual({ created: false });
  });

  it('first run in two processes at once: one creates admin, the other is told it exists', async () => {
    const a = await SecurityService.open(store, { now });
    const b = await SecurityService.open(store, { now });
    const both = await Promise.all([
      a.ensureInitialAdmin({ password: 'the one password' }),
      b.ensureInitialAdmin({ password: 'the one password' }),
    ]);
    expect(both.filter((r) => r.created)).toHaveLength(1);
    expect((await a.listUsers()).map((u) => u.username)).toEqual(['admin']);
  });

  it('first run with DRIFTWOOD_ADMIN_PASSWORD: no file, nothing returned', async () => {
    const security = await SecurityService.open(store, { now });
    await rejects(security.ensureInitialAdmin({ dataDir: dir, password: 'short' }), 'INPUT_INVALID');
    expect(await security.ensureInitialAdmin({ dataDir: dir, password: 'from the environment' })).toEqual({
      created: true,
    });
    expect(() => statSync(path.join(dir, INITIAL_ADMIN_FILE))).toThrow();
    expect(await security.login('admin', 'from the environment')).toBeDefined();
  });

  it('a verified key or session is answered from the cache: no store read, no hashing', async () => {
    // (the cost in time is measured in bench/auth.bench.ts, not here)
    let reads = 0;
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'getObject' || prop === 'listObjects' || prop === 'search') reads++;
          return value.apply(target, args);
        };
      },
    });
    const security = await SecurityService.open(counting, { now });
    await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
    const { token } = await security.login('ann', 'correct horse');
    const key = await security.createApiKey({ name: 'k', roles: ['ingest'] });
    const header = `ApiKey ${key.encoded}`;
    await security.authenticate(header);
    await security.session(token);
    reads = 0;
    for (let i = 0; i < 500; i++) {
      expect((await security.authenticate(header))?.name).toBe(key.id);
      expect((await security.session(token))?.name).toBe('ann');
    }
    expect(reads).toBe(0);
    // past the cache's lifetime the store is asked again (a revocation elsewhere is seen)
    clock += 6_000;
    await security.authenticate(header);
    expect(reads).toBeGreaterThan(0);
  });
});
