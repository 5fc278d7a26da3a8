/**
 * rsyslog (omelasticsearch) and syslog-ng (elasticsearch-http) — unchanged, with the example
 * configs in bench/peers (only address and paths changed) — ship nginx lines to the
 * indexer's `/_bulk`; every line is stored once, parsed, and searchable. When a peer is not
 * available the test is skipped with one line; under CI=true that is a failure.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getField } from '@driftwood/core';
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithout } from '../system.ts';
import { type Harness, startHarness } from './harness.ts';
import { ensureSyslogNg, findRsyslog, PEERS_DIR, startSyslogNg, stopChild } from './peers.ts';

const rsyslog = findRsyslog();
const syslogNg = ensureSyslogNg();
const noRsyslog = skipWithout('the rsyslog _bulk test', rsyslog);
const noSyslogNg = skipWithout('the syslog-ng _bulk test', syslogNg);

const LINES = 2_000;
function nginxLines(tag: string): string {
  const out: string[] = [];
  const base = Date.parse('2026-11-25T09:00:00Z');
  for (let i = 0; i < LINES; i++) {
    const t = new Date(base + i * 1000);
    const stamp = `${String(t.getUTCDate()).padStart(2, '0')}/Nov/2026:${t.toISOString().slice(11, 19)} +0000`;
    out.push(
      `10.1.${i % 250}.${(i * 7) % 250} - - [${stamp}] "GET /${tag}/item/${i}?q=a/b HTTP/1.1" ${i % 13 === 0 ? 500 : 200} ${100 + i} "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"`,
    );
  }
  return `${out.join('\n')}\n`;
}

async function waitForCount(h: Harness, query: string, want: number, ms = 60_000): Promise<number> {
  const until = Date.now() + ms;
  let n = 0;
  while (Date.now() < until) {
    await h.store.flush();
    n = await h.store.count({ query });
    if (n >= want) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  // A little longer: nothing more may arrive (no duplicates).
  await new Promise((r) => setTimeout(r, 1_000));
  return h.store.count({ query });
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (d) => {
    text += d;
  });
  child.stderr?.on('data', (d) => {
    text += d;
  });
  return () => text.slice(-4000);
}

describe('third-party shippers deliver to /_bulk', () => {
  let h: Harness | undefined;
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await stopChild(child);
    child = undefined;
    await h?.close();
    h = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(noRsyslog)(
    'rsyslog omelasticsearch',
    async () => {
      h = await startHarness();
      const port = new URL(h.url).port;
      dir = mkdtempSync(path.join(tmpdir(), 'dw-rsyslog-'));
      mkdirSync(path.join(dir, 'work'));
      writeFileSync(path.join(dir, 'access.log'), nginxLines('rsyslog'));
      const conf = readFileSync(path.join(PEERS_DIR, 'rsyslog.conf.example'), 'utf8')
        .replaceAll('/tmp/peer/rsyslog', dir)
        .replace('serverport="9299"', `serverport="${port}"`);
      writeFileSync(path.join(dir, 'rsyslog.conf'), conf);
      child = spawn((rsyslog as { path: string }).path, ['-n', '-iNONE', '-f', path.join(dir, 'rsyslog.conf')], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = collect(child);
      const n = await waitForCount(h, 'url.path:/rsyslog/*', LINES);
      expect(n, output()).toBe(LINES);
      expect(await h.store.count({ query: 'http.response.status_code:500 and url.path:/rsyslog/*' })).toBe(
        Math.ceil(LINES / 13),
      );
      const hit = (await h.store.search({ query: 'url.path:"/rsyslog/item/7"' })).hits[0];
      expect(hit).toBeDefined();
      expect(getField(hit!.doc, 'source.ip')).toBe('10.1.7.49');
      expect(hit!.doc['@timestamp']).toBe('2026-11-25T09:00:07.000Z');
      expect(getField(hit!.doc, 'user_agent.name')).toBe('Firefox');
      expect(hit!.doc.file).toBe(path.join(dir, 'access.log'));
    },
    90_000,
  );

  it.skipIf(noSyslogNg)(
    'syslog-ng elasticsearch-http',
    async () => {
      h = await startHarness();
      const port = new URL(h.url).port;
      dir = mkdtempSync(path.join(tmpdir(), 'dw-syslog-ng-'));
      writeFileSync(path.join(dir, 'access.log'), nginxLines('syslogng'));
      const root = (syslogNg as { path: string }).path;
      const conf = readFileSync(path.join(PEERS_DIR, 'syslog-ng.conf.example'), 'utf8')
        .replaceAll('SYSLOGNG_ROOT', root)
        .replaceAll('/tmp/peer/syslog-ng', dir)
        .replace('127.0.0.1:9299', `127.0.0.1:${port}`);
      writeFileSync(path.join(dir, 'syslog-ng.conf'), conf);
      child = startSyslogNg(root, path.join(dir, 'syslog-ng.conf'), dir);
      const output = collect(child);
      const n = await waitForCount(h, 'url.path:/syslogng/*', LINES);
      expect(n, output()).toBe(LINES);
      const hit = (await h.store.search({ query: 'url.path:"/syslogng/item/7"' })).hits[0];
      expect(hit).toBeDefined();
      expect(getField(hit!.doc, 'http.request.method')).toBe('GET');
      expect(hit!.doc['@timestamp']).toBe('2026-11-25T09:00:07.000Z');
      expect(getField(hit!.doc, 'host.name')).toBeDefined();
    },
    90_000,
  );
});
