/** Helpers for shipper tests that run the real agent as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CLI_MAIN = path.join(ROOT, 'shipper/src/cli-main.ts');

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `dw-${prefix}-`));
}

export async function writeConfig(dir: string, config: object, name = 'shipper.yml'): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, stringify(config));
  return file;
}

export interface ShipperProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/** Starts `node shipper/src/cli-main.ts --config … --data …`; its stderr/stdout go to `logFile` (appended). */
export function startShipper(
  configFile: string,
  dataDir: string,
  logFile: string,
  extra: string[] = [],
): ShipperProcess {
  const child = spawn(process.execPath, [CLI_MAIN, '--config', configFile, '--data', dataDir, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

export async function osJson(url: string, method = 'GET', body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
}

export async function osCount(base: string, index: string): Promise<number> {
  await fetch(`${base}/${index}/_refresh`, { method: 'POST' });
  const r = await osJson(`${base}/${index}/_count`);
  return typeof r.count === 'number' ? r.count : -1;
}

export interface Hit {
  _id: string;
  _source: Record<string, unknown>;
}

/** Every document of an index (scroll). */
export async function osAll(base: string, index: string, fields: string[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  let page = (await osJson(`${base}/${index}/_search?scroll=1m`, 'POST', {
    size: 10_000,
    sort: ['_doc'],
    _source: fields,
  })) as { _scroll_id?: string; hits?: { hits: Hit[] } };
  while (page.hits && page.hits.hits.length > 0) {
    hits.push(...page.hits.hits);
    page = (await osJson(`${base}/_search/scroll`, 'POST', {
      scroll: '1m',
      scroll_id: page._scroll_id,
    })) as typeof page;
  }
  if (page._scroll_id)
    await osJson(`${base}/_search/scroll`, 'DELETE', { scroll_id: page._scroll_id }).catch(() => undefined);
  return hits;
}
