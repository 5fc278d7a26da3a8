import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, publishStoreServer, SERVER_FILE } from './open.ts';
import { STORE_TOKEN_BYTES, storeApiToken } from './remote.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-open-'));
  dirs.push(dir);
  return dir;
}

const mode = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('publishStoreServer', () => {
  it('writes the server file with mode 0600, holding the URL and the 32-byte token', () => {
    const dir = dataDir();
    const unpublish = publishStoreServer(dir, 'http://127.0.0.1:9');
    const file = path.join(dir, SERVER_FILE);
    expect(mode(file)).toBe(0o600);
    const info = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; url: string; token: string };
    expect(info).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:9', token: storeApiToken() });
    expect(Buffer.from(info.token, 'base64url')).toHaveLength(STORE_TOKEN_BYTES);
    unpublish();
    expect(existsSync(file)).toBe(false);
  });

  it('makes an existing, world-readable server file 0600 and replaces its content', () => {
    const dir = dataDir();
    const file = path.join(dir, SERVER_FILE);
    writeFileSync(file, '{"pid":1,"url":"http://127.0.0.1:1"}\n', { mode: 0o644 });
    expect(mode(file)).toBe(0o644);
    const unpublish = publishStoreServer(dir, 'http://127.0.0.1:9', { token: 'given-token' });
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url: 'http://127.0.0.1:9', token: 'given-token' });
    unpublish();
  });

  it('one token per process, and a different one in another process', async () => {
    expect(storeApiToken()).toBe(storeApiToken());
    const { execFileSync } = await import('node:child_process');
    const other = execFileSync(
      process.execPath,
      ['-e', `import('${path.join(import.meta.dirname, 'remote.ts')}').then((m) => console.log(m.storeApiToken()))`],
      { encoding: 'utf8' },
    ).trim();
    expect(other).toHaveLength(storeApiToken().length);
    expect(other).not.toBe(storeApiToken());
  });
});

describe('openStore errors print no secret', () => {
  it('names the engine and its URL without userinfo or secret parameters', async () => {
    for (const kind of ['opensearch', 'elasticsearch'] as const) {
      const url = 'http://admin:s3cr3t-pw@127.0.0.1:1/?password=p4ss&token=t0k';
      const error = await openStore({ kind, url, dataDir: dataDir() }).catch((e: unknown) => e as Error);
      expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      const shown = `${(error as Error).message} ${JSON.stringify((error as { details?: unknown }).details)}`;
      expect(shown).toContain(`${kind} at http://127.0.0.1:1/?password=[secret]&token=[secret]: `);
      for (const secret of ['s3cr3t', 'p4ss', 't0k', 'admin:']) expect(shown).not.toContain(secret);
      expect((error as Error).cause).toBeUndefined();
    }
  }, 60_000);
});

describe.skipIf(process.platform === 'win32')('the embedded data dir', () => {
  it('is created 0700, and an existing group/world-readable one is made 0700 on open', async () => {
    const parent = dataDir();
    const fresh = path.join(parent, 'fresh');
    const store = await openStore({ kind: 'embedded', dataDir: fresh }, { owner: true });
    await store.close();
    expect(mode(fresh)).toBe(0o700);

    const existing = path.join(parent, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    chmodSync(existing, 0o755);
    const again = await openStore({ kind: 'embedded', dataDir: existing }, { owner: true });
    await again.close();
    expect(mode(existing)).toBe(0o700);
    // the parent is left as it was
    expect(mode(parent)).toBe(0o700); // mkdtemp's own mode
  });
});
