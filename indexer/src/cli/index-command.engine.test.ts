/**
 * `driftwood index` against a real OpenSearch reached with credentials in its URL: the startup
 * line names the store without the password (issue #16).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { engine } from '../../../test/engines/use.ts';
import { run } from './index-command.ts';

const opensearch = engine('opensearch');
const prefix = `dw-d1-secret-${process.pid}`;

describe.skipIf(!opensearch)('driftwood index with https://admin:secret@… (OpenSearch)', () => {
  afterAll(async () => {
    if (!opensearch) return;
    await fetch(`${opensearch.url}/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${opensearch.url}/_index_template/${prefix}-logs`, { method: 'DELETE' }).catch(() => undefined);
  });

  it('prints the startup line without the password', async () => {
    const url = new URL(opensearch?.url as string);
    url.username = 'admin';
    url.password = 's3cr3t-pw';
    const withSecret = url.toString().replace(/\/$/, '');
    expect(withSecret).toContain('admin:s3cr3t-pw@');
    let out = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const previous = process.env.DRIFTWOOD_INDEX_PREFIX;
    process.env.DRIFTWOOD_INDEX_PREFIX = prefix;
    const abort = new AbortController();
    try {
      const running = run(['--store', 'opensearch', '--url', withSecret, '--listen', '127.0.0.1:0'], abort.signal);
      for (let i = 0; i < 400 && !out.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 50));
      abort.abort();
      expect(await running).toBe(0);
    } finally {
      spy.mockRestore();
      if (previous === undefined) delete process.env.DRIFTWOOD_INDEX_PREFIX;
      else process.env.DRIFTWOOD_INDEX_PREFIX = previous;
    }
    expect(out).toMatch(
      /driftwood index: listening on http:\/\/127\.0\.0\.1:\d+ \(store: opensearch http:\/\/127\.0\.0\.1:\d+; no credentials needed from loopback\)/,
    );
    expect(out).not.toContain('s3cr3t');
    expect(out).not.toContain('admin:');
  }, 60_000);
});
