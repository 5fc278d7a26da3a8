/**
 * `driftwood index` never prints a store URL's password: the startup line and the error of a
 * store it cannot open show the URL without its userinfo (issue #16). The startup line against a
 * real engine is in index-command.engine.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('driftwood index --help and the start line', () => {
  it('--help explains auth and TLS and ends with a newline', async () => {
    const { code, out } = await runIndex(['--help'], {});
    expect(code).toBe(0);
    for (const words of ['auth.mode', 'loopback_open', 'required', 'driftwood apikeys create --role ingest']) {
      expect(out).toContain(words);
    }
    expect(out).toContain('tls.cert_file');
    expect(out).toContain('tls.key_file');
    expect(out.endsWith('\n')).toBe(true);
    expect(out.endsWith('\n\n')).toBe(false);
  }, 60_000);

  it('the start line says the auth mode: API keys required beyond loopback', async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'dw-index-cmd-'));
    try {
      const { out } = await runIndex(['--data', data, '--listen', '0.0.0.0:0'], { DRIFTWOOD_DATA: '' }, /listening on/);
      expect(out).toMatch(/listening on https?:\/\/\S+ \(store: embedded [^;]+; API keys required\)\n/);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  }, 60_000);
});
