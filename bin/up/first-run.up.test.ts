/**
 * `driftwood up --no-ui` on a fresh data dir: the banner gives the generated admin password once
 * (and the 0600 file), the next start does not; with DRIFTWOOD_ADMIN_PASSWORD the banner says so
 * and the password appears nowhere in the output. Each admin then authenticates against the
 * indexer with HTTP Basic.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../test/engines/process.ts';

const bin = path.resolve(import.meta.dirname, '../driftwood.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Up {
  stdout: string;
  stderr: string;
  indexer: string;
  stop: () => Promise<number | null>;
}

async function up(dataDir: string, env: Record<string, string> = {}): Promise<Up> {
  const ports = { indexer: await freePort(), http: await freePort(), syslog: await freePort() };
  const child = spawn(
    process.execPath,
    [
      bin,
      'up',
      '--no-ui',
      '--data',
      dataDir,
      '--indexer-port',
      String(ports.indexer),
      '--http-port',
      String(ports.http),
      '--syslog-port',
      String(ports.syslog),
    ],
    { env: { ...process.env, DRIFTWOOD_STORE: '', DRIFTWOOD_ADMIN_PASSWORD: '', DRIFTWOOD_COLLECT_PATHS: '', ...env } },
  );
  children.push(child);
  const result: Up = {
    stdout: '',
    stderr: '',
    indexer: `http://127.0.0.1:${ports.indexer}`,
    stop: async () => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      return await exited;
    },
  };
  child.stderr?.on('data', (d) => {
    result.stderr += d;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      result.stdout += d;
      if (result.stdout.includes('Ctrl-C stops everything.')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`up exited ${code}: ${result.stderr}`)));
  });
  return result;
}

async function basicStatus(indexer: string, user: string, password: string): Promise<number> {
  const res = await fetch(`${indexer}/metrics`, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
  });
  await res.arrayBuffer();
  return res.status;
}

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-up-first-run-'));
  dirs.push(dir);
  return dir;
}

describe('driftwood up: the first-run admin', () => {
  it('shows a generated password once and keeps it in a 0600 file', async () => {
    const dir = dataDir();
    const first = await up(dir);
    const password = /Admin: +user admin, password (\S+)/.exec(first.stdout)?.[1] as string;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const file = path.join(dir, 'initial-admin-password');
    expect(first.stdout).toContain(file);
    expect(readFileSync(file, 'utf8')).toBe(`${password}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await basicStatus(first.indexer, 'admin', password)).toBe(200);
    expect(await basicStatus(first.indexer, 'admin', `${password}x`)).toBe(401);
    expect(await first.stop()).toBe(0);

    const second = await up(dir);
    expect(second.stdout).not.toContain('Admin:');
    expect(second.stdout).not.toContain(password);
    expect(await basicStatus(second.indexer, 'admin', password)).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('takes DRIFTWOOD_ADMIN_PASSWORD and never prints it', async () => {
    const dir = dataDir();
    const secret = 'from-the-environment-42';
    const started = await up(dir, { DRIFTWOOD_ADMIN_PASSWORD: secret });
    expect(started.stdout).toContain('Admin:     user admin, password from DRIFTWOOD_ADMIN_PASSWORD');
    expect(await basicStatus(started.indexer, 'admin', secret)).toBe(200);
    expect(await started.stop()).toBe(0);
    expect(`${started.stdout}${started.stderr}`).not.toContain(secret);
    expect(() => statSync(path.join(dir, 'initial-admin-password'))).toThrow();
  }, 120_000);
});
