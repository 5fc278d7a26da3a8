/**
 * `driftwood index` never prints a store URL's password: the startup line and the error of a
 * store it cannot open show the URL without its userinfo (issue #16). The startup line against a
 * real engine is in index-command.engine.test.ts.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../../bin/driftwood.ts');

/** Runs `driftwood index` until it exits or prints `until`; resolves its output. */
function runIndex(
  args: string[],
  env: NodeJS.ProcessEnv,
  until?: RegExp,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'index', ...args], {
      env: { ...process.env, DRIFTWOOD_STORE: '', OPENSEARCH_URL: '', ELASTICSEARCH_URL: '', ...env },
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (d: Buffer): void => {
      out += d;
      if (until?.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('driftwood index prints no secret', () => {
  it('a store it cannot open: the error names the URL without its password', async () => {
    for (const store of ['elasticsearch', 'opensearch']) {
      const { code, out } = await runIndex(
        ['--store', store, '--url', 'https://admin:s3cr3t-pw@127.0.0.1:1', '--listen', '127.0.0.1:0'],
        {},
      );
      expect(code, out).toBe(1);
      expect(out).toContain(`driftwood index: ${store} at https://127.0.0.1:1`);
      expect(out).not.toContain('s3cr3t');
      expect(out).not.toContain('admin:');
    }
  }, 120_000);
});
