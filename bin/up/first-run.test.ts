import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { basicAuthorization } from '@driftwood/core';
import { createEmbeddedStore, INITIAL_ADMIN_FILE, type LogStore, SecurityService } from '@driftwood/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFirstAdmin, loginLines } from './first-run.ts';

let dir: string;
let store: LogStore;
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'driftwood-first-run-'));
  store = await createEmbeddedStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('first run', () => {
  it('generates a password once: in the banner and in a 0600 file', async () => {
    const data = path.join(dir, 'data');
    const first = await ensureFirstAdmin(store, data, {});
    if (!first.created || first.password === undefined) throw new Error('expected a generated password');
    const file = path.join(data, INITIAL_ADMIN_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = loginLines(first, 'http://127.0.0.1:5601/login');
    expect(lines[0]).toBe(`  Log in:    http://127.0.0.1:5601/login  as admin, password ${first.password}`);
    expect(lines.join('\n')).toContain(file);
    const security = await SecurityService.open(store);
    expect(await security.authenticate(basicAuthorization('admin', first.password))).toMatchObject({ name: 'admin' });
    // the next start: nothing created, nothing shown
    const second = await ensureFirstAdmin(store, data, {});
    expect(second).toEqual({ created: false });
    expect(loginLines(second, 'http://127.0.0.1:5601/login')).toEqual(['  Log in:    http://127.0.0.1:5601/login']);
  });

  it('takes DRIFTWOOD_ADMIN_PASSWORD and never prints it', async () => {
    const first = await ensureFirstAdmin(store, dir, { DRIFTWOOD_ADMIN_PASSWORD: 'from the environment' });
    const lines = loginLines(first, 'http://127.0.0.1:5601/login').join('\n');
    expect(lines).toBe('  Log in:    http://127.0.0.1:5601/login  as admin, password from DRIFTWOOD_ADMIN_PASSWORD');
    expect(lines).not.toContain('from the environment');
    expect(() => statSync(path.join(dir, INITIAL_ADMIN_FILE))).toThrow();
    const security = await SecurityService.open(store);
    expect(await security.login('admin', 'from the environment')).toBeDefined();
  });

  it('without a UI names the admin only on the first run', () => {
    expect(loginLines({ created: false }, undefined)).toEqual([]);
    expect(loginLines({ created: true }, undefined)).toEqual([
      '  Admin:     user admin, password from DRIFTWOOD_ADMIN_PASSWORD',
    ]);
    expect(loginLines({ created: true, password: 'p4ssw0rd-generated' }, undefined)[0]).toBe(
      '  Admin:     user admin, password p4ssw0rd-generated',
    );
  });
});
