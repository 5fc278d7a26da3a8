import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { basicAuthorization } from '@driftwood/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../embedded/store.ts';
import { DATABASE_FILE, publishStoreServer } from '../open.ts';
import { createStoreHandler } from '../remote.ts';
import { SecurityService } from '../security/service.ts';
import { parseExpiry } from './apikeys.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/driftwood.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-security-cli-'));
  dirs.push(dir);
  return dir;
}

const env = { ...process.env, DRIFTWOOD_STORE: '', DRIFTWOOD_DATA: '' };

function cli(args: string[], input = '') {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, input });
}

/** Asynchronously, for when this process serves the store the CLI talks to. */
function cliAsync(args: string[], input = ''): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  child.stdin.end(input);
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

async function withStore<T>(dir: string, use: (security: SecurityService) => Promise<T>): Promise<T> {
  const store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
  try {
    return await use(await SecurityService.open(store));
  } finally {
    await store.close();
  }
}

describe('driftwood users / roles / apikeys', () => {
  it('manages users with passwords from stdin, never from argv', async () => {
    const dir = dataDir();
    const add = cli(['users', 'add', 'ann', '--role', 'viewer', '--role', 'editor', '--data', dir], 'first password\n');
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toBe('user ann added (roles: viewer, editor)\n');
    expect(cli(['users', 'list', '--data', dir]).stdout).toMatch(/^USER +ROLES +CREATED\nann +viewer,editor +\d{4}-/);
    const json = cli(['users', 'list', '--json', '--data', dir])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(json).toEqual([expect.objectContaining({ username: 'ann', roles: ['viewer', 'editor'] })]);
    expect(cli(['users', 'list', '--json', '--data', dir]).stdout).not.toContain('scrypt');

    // no terminal and nothing piped in: says how to give one
    const none = cli(['users', 'add', 'nopw', '--role', 'viewer', '--data', dir], '');
    expect(none.status).not.toBe(0);
    expect(none.stderr).toMatch(/no password given: run this on a terminal.*--password-stdin/);

    // no way to pass a password as an argument
    const argv = cli(['users', 'add', 'bob', '--role', 'viewer', '--password', 'in the process list', '--data', dir]);
    expect(argv.status).toBe(2);
    expect(argv.stderr).toMatch(/Unknown option '--password'/);

    expect(cli(['users', 'add', 'bob', '--role', 'viewer', '--data', dir], 'short\n').status).toBe(2);
    expect(cli(['users', 'add', 'b b', '--role', 'viewer', '--data', dir], 'long enough\n').stderr).toMatch(
      /1–64 characters/,
    );
    expect(cli(['users', 'add', 'bob', '--role', 'nope', '--data', dir], 'long enough\n').stderr).toMatch(
      /unknown role "nope"/,
    );

    const passwd = cli(['users', 'passwd', 'ann', '--password-stdin', '--data', dir], 'second password\r\n');
    expect(passwd.status).toBe(0);
    await withStore(dir, async (security) => {
      await expect(security.authenticate(basicAuthorization('ann', 'first password'))).rejects.toThrow();
      expect(await security.authenticate(basicAuthorization('ann', 'second password'))).toMatchObject({ name: 'ann' });
    });
    expect(cli(['users', 'roles', 'ann', '--role', 'viewer', '--data', dir]).stdout).toBe(
      'user ann now has roles: viewer\n',
    );
    expect(cli(['users', 'remove', 'ann', '--data', dir]).status).toBe(0);
    const again = cli(['users', 'remove', 'ann', '--data', dir]);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe('driftwood users remove: no user "ann"\n');
    expect(cli(['users', 'list', '--json', '--data', dir]).stdout).toBe('');
    expect(cli(['users', 'frobnicate', '--data', dir]).status).toBe(2);
  });

  it('changing the first-run admin password removes the file that held the generated one', async () => {
    const dir = dataDir();
    const first = await withStore(dir, (security) => security.ensureInitialAdmin({ dataDir: dir }));
    expect(first).toMatchObject({ created: true, file: path.join(dir, 'initial-admin-password') });
    const passwd = cli(['users', 'passwd', 'admin', '--data', dir], 'my own password\n');
    expect(passwd.stdout).toBe(
      `password of admin changed; their sessions end within 5 s\nremoved ${path.join(dir, 'initial-admin-password')}\n`,
    );
    expect(existsSync(path.join(dir, 'initial-admin-password'))).toBe(false);
  });

  it('custom roles with a KQL filter', () => {
    const dir = dataDir();
    const put = cli(['roles', 'put', 'zurich', '--privilege', 'read', '--filter', 'site:zurich', '--data', dir]);
    expect(put.stdout).toBe('role zurich saved (privileges: read; filter: site:zurich)\n');
    expect(cli(['roles', 'put', 'bad', '--privilege', 'read', '--filter', 'site:(', '--data', dir]).status).toBe(2);
    expect(cli(['roles', 'put', 'viewer', '--privilege', 'write', '--data', dir]).stderr).toMatch(/built-in/);
    const listed = cli(['roles', 'list', '--json', '--data', dir])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(listed.map((r) => r.name)).toEqual(['viewer', 'editor', 'admin', 'ingest', 'zurich']);
    expect(listed.at(-1)).toEqual({ name: 'zurich', privileges: ['read'], filter: 'site:zurich', builtin: false });
    expect(cli(['roles', 'remove', 'zurich', '--data', dir]).status).toBe(0);
    expect(cli(['roles', 'remove', 'admin', '--data', dir]).status).toBe(2);
  });

  it('API keys: printed once with how to use them; list and revoke', async () => {
    const dir = dataDir();
    const created = cli([
      'apikeys',
      'create',
      '--name',
      'filebeat',
      '--role',
      'ingest',
      '--expires',
      '30d',
      '--data',
      dir,
    ]);
    expect(created.status).toBe(0);
    const id = /id: +(\S+)/.exec(created.stdout)?.[1] as string;
    const key = /key: +(\S+)/.exec(created.stdout)?.[1] as string;
    const encoded = /encoded: +(\S+)/.exec(created.stdout)?.[1] as string;
    expect(Buffer.from(encoded, 'base64').toString()).toBe(`${id}:${key}`);
    expect(created.stdout).toContain(`Authorization: ApiKey ${encoded}`);
    expect(created.stdout).toContain(`api_key: "${id}:${key}"`);
    await withStore(dir, async (security) => {
      expect(await security.authenticate(`ApiKey ${encoded}`)).toMatchObject({ name: id, label: 'filebeat' });
    });
    const listed = cli(['apikeys', 'list', '--data', dir]).stdout;
    expect(listed).toMatch(new RegExp(`${id} +filebeat +ingest +active`));
    expect(listed).not.toContain(key);
    expect(cli(['apikeys', 'revoke', id, '--data', dir]).stdout).toBe(`API key ${id} revoked\n`);
    expect(cli(['apikeys', 'list', '--data', dir]).stdout).toMatch(new RegExp(`${id} +filebeat +ingest +revoked`));
    await withStore(dir, async (security) => {
      await expect(security.authenticate(`ApiKey ${encoded}`)).rejects.toThrow(/revoked/);
    });
    expect(cli(['apikeys', 'create', '--role', 'ingest', '--data', dir]).stderr).toMatch(/--name/);
    expect(
      cli(['apikeys', 'create', '--name', 'x', '--role', 'ingest', '--expires', 'soon', '--data', dir]).status,
    ).toBe(2);
  });

  it('works through the store API while another process owns the data dir', async () => {
    const dir = dataDir();
    const store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
    const handler = createStoreHandler(store);
    const server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const unpublish = publishStoreServer(dir, `http://127.0.0.1:${(server.address() as { port: number }).port}`);
    try {
      const add = await cliAsync(['users', 'add', 'ann', '--role', 'viewer', '--data', dir], 'long enough\n');
      expect(add.stderr).toBe('');
      const key = await cliAsync(['apikeys', 'create', '--name', 'k', '--role', 'ingest', '--data', dir]);
      const encoded = /encoded: +(\S+)/.exec(key.stdout)?.[1] as string;
      // the owner's own service sees both at once
      const security = await SecurityService.open(store);
      expect(await security.authenticate(basicAuthorization('ann', 'long enough'))).toMatchObject({ name: 'ann' });
      expect(await security.authenticate(`ApiKey ${encoded}`)).toMatchObject({ privileges: ['ingest'] });
      expect((await cliAsync(['users', 'list', '--json', '--data', dir])).stdout).toContain('"username":"ann"');
    } finally {
      unpublish();
      server.close();
      await store.close();
    }
  });
});

describe('parseExpiry', () => {
  const now = Date.UTC(2026, 0, 1);
  it('takes durations and ISO times in the future', () => {
    expect(parseExpiry('30d', now)).toBe(now + 30 * 86_400_000);
    expect(parseExpiry('12h', now)).toBe(now + 12 * 3_600_000);
    expect(parseExpiry('90m', now)).toBe(now + 90 * 60_000);
    expect(parseExpiry('2w', now)).toBe(now + 14 * 86_400_000);
    expect(parseExpiry('2026-02-01T00:00:00Z', now)).toBe(Date.UTC(2026, 1, 1));
    expect(() => parseExpiry('2025-01-01', now)).toThrow(/in the past/);
    expect(() => parseExpiry('30 days', now)).toThrow(/duration like 30d/);
  });
});
