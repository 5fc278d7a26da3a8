import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../embedded/store.ts';
import { DATABASE_FILE, publishStoreServer } from '../open.ts';
import { createStoreHandler } from '../remote.ts';

const bin = path.resolve(import.meta.dirname, '../../../bin/driftwood.ts');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-query-'));
  dirs.push(dir);
  return dir;
}

const events = Array.from({ length: 30 }, (_, i) => ({
  id: `q${i}`,
  doc: {
    '@timestamp': new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
    message: i % 3 === 0 ? `disk full on node ${i}` : `request ${i} ok`,
    log: { level: i % 3 === 0 ? 'error' : 'info' },
  },
}));

function query(...args: string[]) {
  return spawnSync(process.execPath, [bin, 'query', ...args], {
    encoding: 'utf8',
    env: { ...process.env, DRIFTWOOD_STORE: '' },
  });
}

describe('driftwood query', () => {
  it('counts and lists from a data dir no one holds (opened read-only)', async () => {
    const dir = dataDir();
    const store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
    await store.write(events);
    await store.close();
    const count = query('--data', dir, '--count', 'log.level:error');
    expect(count.stderr).toBe('');
    expect(count.stdout).toBe('10\n');
    const ranged = query(
      '--data',
      dir,
      '--count',
      '--from',
      '2026-01-01T00:10:00Z',
      '--to',
      '2026-01-01T00:20:00Z',
      'disk',
    );
    expect(ranged.stdout).toBe('3\n');
    // the end is included, as in Discover: the event at 00:21:00.000 counts
    const inclusive = query(
      '--data',
      dir,
      '--count',
      '--from',
      '2026-01-01T00:10:00Z',
      '--to',
      '2026-01-01T00:21:00Z',
      'disk',
    );
    expect(inclusive.stdout).toBe('4\n');
    const reversed = query(
      '--data',
      dir,
      '--count',
      '--from',
      '2026-01-01T00:21:00Z',
      '--to',
      '2026-01-01T00:10:00Z',
      '',
    );
    expect(reversed.status).toBe(2);
    expect(reversed.stderr).toMatch(/start of the time range must be before its end/);
    const list = query('--data', dir, '--size', '2', 'disk');
    const docs = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.message)).toEqual(['disk full on node 27', 'disk full on node 24']);
  });

  it('works while another process owns the data dir, through its store API', async () => {
    const dir = dataDir();
    const store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
    await store.write(events);
    const handler = createStoreHandler(store);
    const server = createServer((req, res) => {
      void handler(req, res).then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    // The owner announces itself; spawnSync would block this event loop, so query asynchronously.
    const unpublish = publishStoreServer(dir, `http://127.0.0.1:${address.port}`);
    try {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [bin, 'query', '--data', dir, '--count', 'log.level:info'], {
        env: { ...process.env, DRIFTWOOD_STORE: '' },
      });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(out).toBe('20\n');
      // the plain path cannot be asked of a process that answers with its fast paths: an error, not a fast answer
      const plain = spawn(process.execPath, [bin, 'query', '--data', dir, '--count', ''], {
        env: { ...process.env, DRIFTWOOD_STORE: '', DRIFTWOOD_EMBEDDED_PLAIN: 'all' },
      });
      let err = '';
      plain.stderr.on('data', (d) => {
        err += d;
      });
      expect(await new Promise((resolve) => plain.on('exit', resolve))).toBe(2);
      expect(err).toMatch(/DRIFTWOOD_EMBEDDED_PLAIN=all cannot apply here: process \d+ owns this data dir/);
    } finally {
      unpublish();
      server.close();
      await store.close();
    }
  });

  it('reports a KQL syntax error with its position and exits 2', async () => {
    const dir = dataDir();
    const store = await createEmbeddedStore({ path: path.join(dir, DATABASE_FILE) });
    await store.close();
    const result = query('--data', dir, 'log.level:(error');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Expected ")" at column 17');
  });
});
