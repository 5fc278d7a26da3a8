/**
 * `driftwood index --config FILE --data DIR --listen 127.0.0.1:0`: the whole service from its
 * entry point — config file, embedded store owned by the process, its store API published for
 * other processes, `_bulk` in, clean stop.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RemoteStore, SERVER_FILE } from '@driftwood/store';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../indexer/src/cli/index-command.ts';
import { ndjson, postBulk, statuses } from './harness.ts';

describe('driftwood index', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dw-index-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects a config with an unknown key, naming file and line', async () => {
    const file = path.join(dir, 'bad.yml');
    writeFileSync(file, 'listen: 127.0.0.1:0\napi_key: [x]\n');
    let err = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
      err += String(c);
      return true;
    });
    try {
      expect(await run(['--config', file])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(err).toContain(`${file}:2:1: api_key: unknown key \`api_key\` (did you mean \`api_keys\`?)`);
  });

  it('serves _bulk over the configured store and publishes the store API', async () => {
    const file = path.join(dir, 'indexer.yml');
    writeFileSync(file, 'pipelines:\n  "nginx-*": nginx\ndead_letter:\n  enabled: true\n');
    const data = path.join(dir, 'data');
    const abort = new AbortController();
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const running = run(['--config', file, '--data', data, '--listen', '127.0.0.1:0'], abort.signal);
    try {
      const serverFile = path.join(data, SERVER_FILE);
      for (let i = 0; i < 200 && !existsSync(serverFile); i++) await new Promise((r) => setTimeout(r, 50));
      const { url, token } = JSON.parse(readFileSync(serverFile, 'utf8')) as { url: string; token: string };
      const line = '10.0.0.9 - - [25/Nov/2026:10:00:00 +0000] "GET /cli HTTP/1.1" 200 5 "-" "curl/8"';
      const r = await postBulk(
        url,
        ndjson([{ index: { _index: 'nginx-x' } }, { message: line }]),
        '/_bulk?refresh=true',
      );
      expect(statuses(r.body)).toEqual([201]);
      const remote = new RemoteStore(url, { token });
      expect(await remote.count({ query: 'url.original:"/cli"' })).toBe(1);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      abort.abort();
      expect(await running).toBe(0);
      spy.mockRestore();
    }
    expect(existsSync(path.join(data, SERVER_FILE))).toBe(false);
  });
});
