import { appendFileSync, copyFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, runSource } from './test-harness.ts';

let dir: string;
let logs: string;
let data: string;
const running: Harness[] = [];

async function start(config: Record<string, unknown> = {}, options?: { autoAck?: boolean }): Promise<Harness> {
  const h = await runSource({ paths: [`${logs}/app.log*`], ...config }, data, options);
  running.push(h);
  return h;
}

async function stop(h: Harness): Promise<void> {
  running.splice(running.indexOf(h), 1);
  await h.stop();
}

const lines = (from: number, to: number, prefix = 'line'): string => {
  let s = '';
  for (let i = from; i < to; i++) s += `${prefix} ${i}\n`;
  return s;
};
const range = (from: number, to: number, prefix = 'line'): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix} ${from + i}`);

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-filesrc-'));
  logs = path.join(dir, 'logs');
  data = path.join(dir, 'data');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(logs);
});

afterEach(async () => {
  for (const h of running.splice(0)) await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('file source', () => {
  it('reads a file and follows appends within milliseconds', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 3));
    const h = await start();
    await h.waitForCount(3);
    const t0 = Date.now();
    appendFileSync(file, 'later\n');
    await h.waitForCount(4);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(h.messages()).toEqual([...range(0, 3), 'later']);
    const e = h.events[1]!;
    expect(e.doc).toMatchObject({
      host: { name: 'test-host' },
      log: { file: { path: file }, offset: 7 },
      input: { type: 'file' },
    });
    expect(e.id).toMatch(/:7$/);
    expect(e.doc['@timestamp']).toEqual(expect.any(String));
  });

  it('rotation by rename + create: the renamed file is read to its end (even outside the glob)', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 100));
    const h = await start({ paths: [file] });
    await h.waitForCount(100);
    appendFileSync(file, lines(100, 150));
    renameSync(file, path.join(logs, 'app.log.1'));
    appendFileSync(path.join(logs, 'app.log.1'), lines(150, 160)); // the writer has not reopened yet
    writeFileSync(file, lines(160, 200));
    await h.waitForCount(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.messages().sort()).toEqual(range(0, 200).sort());
  });

  it('copytruncate: the copy is recognised, the truncated original read from 0, nothing twice', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 200));
    const h = await start();
    await h.waitForCount(200);
    appendFileSync(file, lines(200, 220));
    copyFileSync(file, path.join(logs, 'app.log.1'));
    truncateSync(file, 0);
    appendFileSync(file, lines(220, 300));
    await h.waitForCount(300);
    await new Promise((r) => setTimeout(r, 400));
    expect(h.messages().sort()).toEqual(range(0, 300).sort());
  });

  it('truncation (offset > size) restarts at 0 with a new identity', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 100));
    const h = await start();
    await h.waitForCount(100);
    truncateSync(file, 0);
    await new Promise((r) => setTimeout(r, 150));
    appendFileSync(file, lines(0, 10, 'new'));
    await h.waitForCount(110);
    expect(h.messages().slice(100)).toEqual(range(0, 10, 'new'));
    expect(new Set(h.events.map((e) => e.id)).size).toBe(110);
  });

  it('a small file is read at once and keeps its ids as it grows past the fingerprint size, across restarts', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, 'tiny\n');
    const h = await start({ fingerprint_bytes: 64 });
    await h.waitForCount(1);
    appendFileSync(file, lines(0, 20));
    await h.waitForCount(21);
    await stop(h);
    appendFileSync(file, 'after restart\n');
    const h2 = await start({ fingerprint_bytes: 64 });
    await h2.waitForCount(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(h2.messages()).toEqual(['after restart']);
    expect(h2.events[0]!.id.split(':')[0]).toBe(h.events[0]!.id.split(':')[0]);
  });

  it('checkpoints advance only on ack: unacknowledged lines are read again after a restart, with the same ids', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 10));
    const h = await start({}, { autoAck: false });
    await h.waitForCount(10);
    h.source.ack(h.events.slice(0, 4));
    h.source.ack(h.events.slice(6, 8)); // not contiguous: the checkpoint stays after line 3
    await stop(h);
    const h2 = await start();
    await h2.waitForCount(6);
    expect(h2.messages()).toEqual(range(4, 10));
    expect(h2.events.map((e) => e.id)).toEqual(h.events.slice(4).map((e) => e.id));
  });

  it('start_at: end skips existing content of files found at start, not of files that appear later', async () => {
    writeFileSync(path.join(logs, 'app.log'), lines(0, 10));
    const h = await start({ start_at: 'end' });
    await new Promise((r) => setTimeout(r, 200));
    appendFileSync(path.join(logs, 'app.log'), 'new line\n');
    writeFileSync(path.join(logs, 'app.log.2'), lines(0, 2, 'other'));
    await h.waitForCount(3);
    expect(h.messages().sort()).toEqual(['new line', 'other 0', 'other 1']);
  });

  it('joins multiline stack traces and flushes the last group after the timeout', async () => {
    writeFileSync(path.join(logs, 'app.log'), 'ERROR boom\n  at a\n  at b\nINFO ok\n  at c\n');
    const h = await start({ multiline: { pattern: '^\\s', match: 'after', timeout_ms: 200 } });
    await h.waitForCount(2);
    expect(h.messages()).toEqual(['ERROR boom\n  at a\n  at b', 'INFO ok\n  at c']);
    expect(h.events[1]!.doc.log).toMatchObject({ offset: 25 });
    expect(h.events[0]!.doc.log).toMatchObject({ flags: ['multiline'] });
  });

  it('bad input: a 10 MB line, binary garbage and invalid UTF-8 are read, flagged, nothing lost', async () => {
    const big = 'a'.repeat(10 * 1024 * 1024);
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256).filter((b) => b !== 10));
    writeFileSync(path.join(logs, 'app.log'), Buffer.concat([Buffer.from(`${big}\n`), garbage, Buffer.from('\nok\n')]));
    const h = await start({ max_line_bytes: 1024 * 1024 });
    await h.waitForCount(12, 15_000);
    const msgs = h.messages();
    expect(msgs.slice(0, 10).join('')).toBe(big);
    expect(h.events[0]!.doc.log).toMatchObject({ flags: ['truncated'] });
    expect(h.events[10]!.doc.log).toMatchObject({ flags: ['invalid_utf8'] });
    expect(msgs[11]).toBe('ok');
  });

  it('reads a .gz file once, and does not re-read a compressed copy of a file already read', async () => {
    const content = lines(0, 300);
    writeFileSync(path.join(logs, 'app.log'), content);
    writeFileSync(path.join(logs, 'other.log.gz'), gzipSync(lines(0, 50, 'gz')));
    const h = await start({ paths: [`${logs}/*.log*`] });
    await h.waitForCount(350, 8000);
    writeFileSync(path.join(logs, 'app.log.1.gz'), gzipSync(content));
    await new Promise((r) => setTimeout(r, 1800));
    expect(h.events.length).toBe(350);
    expect(h.messages().filter((m) => m.startsWith('gz')).length).toBe(50);
  });

  it('max_open_files: more files than slots are all read (round robin)', async () => {
    for (let f = 0; f < 6; f++) writeFileSync(path.join(logs, `app.log.${f}`), lines(0, 500, `f${f}`));
    const h = await start({ max_open_files: 2 });
    await h.waitForCount(3000, 10_000);
    expect(new Set(h.messages()).size).toBe(3000);
  });

  it('a deleted file that was open is read to its end', async () => {
    const file = path.join(logs, 'app.log');
    writeFileSync(file, lines(0, 10));
    const h = await start();
    await h.waitForCount(10);
    appendFileSync(file, lines(10, 20));
    rmSync(file);
    await h.waitForCount(20);
    expect(h.messages()).toEqual(range(0, 20));
  });
});
