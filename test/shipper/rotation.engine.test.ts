/**
 * The file-source correctness cases (Vector's list), end to end: the shipper as a child process
 * reading real files into a real OpenSearch: rotation by rename + create, copytruncate,
 * truncation, a restart with the disk queue, and a restart with a changed config (checkpoints kept).
 */
import { appendFileSync, copyFileSync, mkdirSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../engines/use.ts';
import { osAll, osCount, type ShipperProcess, startShipper, tempDir, waitFor, writeConfig } from './helpers.ts';

const os = engine('opensearch');

const lines = (from: number, to: number, prefix: string): string => {
  let s = '';
  for (let i = from; i < to; i++) s += `${prefix} ${i}\n`;
  return s;
};

describe.skipIf(!os)('file source cases against OpenSearch (real processes)', () => {
  const indices: string[] = [];
  const running: ShipperProcess[] = [];

  afterAll(async () => {
    for (const p of running) p.child.kill('SIGKILL');
    for (const index of indices) await fetch(`${os!.url}/${index}`, { method: 'DELETE' }).catch(() => undefined);
  });

  async function setup(name: string, extra: object = {}) {
    const dir = await tempDir(name);
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    const index = `shipper-${name}-${Date.now()}`;
    indices.push(index);
    const configFor = (more: object) =>
      writeConfig(dir, {
        inputs: [{ type: 'file', id: 'app', paths: [`${logs}/app.log*`], scan_interval_ms: 200, ...more }],
        queue: { type: 'disk', path: './queue' },
        output: { type: 'bulk', url: os!.url, index, flush_interval_ms: 50 },
        ...extra,
      });
    const config = await configFor({});
    const data = path.join(dir, 'data');
    const logFile = path.join(dir, 'shipper.log');
    const start = () => {
      const p = startShipper(config, data, logFile, ['--quiet']);
      running.push(p);
      return p;
    };
    return { dir, logs, index, config, data, logFile, start, configFor };
  }

  async function expectExactly(index: string, expected: string[]): Promise<void> {
    await waitFor(
      `${expected.length} docs in ${index}`,
      async () => ((await osCount(os!.url, index)) >= expected.length ? true : undefined),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 700));
    const hits = await osAll(os!.url, index, ['message']);
    expect(hits.map((h) => String(h._source.message)).sort()).toEqual([...expected].sort());
  }

  it('rotation by rename + create, copytruncate and truncation: every line once', async () => {
    const t = await setup('rotate');
    const file = path.join(t.logs, 'app.log');
    writeFileSync(file, lines(0, 500, 'a'));
    const p = t.start();
    await waitFor('first lines', async () => ((await osCount(os!.url, t.index)) >= 500 ? true : undefined), 30_000);
    // rename + create; the writer appends to the renamed file before reopening
    appendFileSync(file, lines(500, 600, 'a'));
    renameSync(file, `${file}.1`);
    appendFileSync(`${file}.1`, lines(600, 650, 'a'));
    writeFileSync(file, lines(0, 300, 'b'));
    await waitFor('after rename', async () => ((await osCount(os!.url, t.index)) >= 950 ? true : undefined), 30_000);
    // copytruncate
    appendFileSync(file, lines(300, 400, 'b'));
    await new Promise((r) => setTimeout(r, 300));
    copyFileSync(file, `${file}.2`);
    truncateSync(file, 0);
    appendFileSync(file, lines(0, 200, 'c'));
    await waitFor(
      'after copytruncate',
      async () => ((await osCount(os!.url, t.index)) >= 1250 ? true : undefined),
      30_000,
    );
    // plain truncation, then new content
    truncateSync(file, 0);
    await new Promise((r) => setTimeout(r, 400));
    appendFileSync(file, lines(0, 100, 'd'));
    const expected = [
      ...lines(0, 650, 'a').trim().split('\n'),
      ...lines(0, 400, 'b').trim().split('\n'),
      ...lines(0, 200, 'c').trim().split('\n'),
      ...lines(0, 100, 'd').trim().split('\n'),
    ];
    await expectExactly(t.index, expected);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('restart with the disk queue (SIGTERM and kill -9) and with a changed config keeps checkpoints', async () => {
    const t = await setup('restart');
    const file = path.join(t.logs, 'app.log');
    writeFileSync(file, lines(0, 1000, 'r'));
    let p = t.start();
    await waitFor('first lines', async () => ((await osCount(os!.url, t.index)) >= 1000 ? true : undefined), 30_000);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    appendFileSync(file, lines(1000, 2000, 'r')); // written while the shipper is down
    p = t.start();
    appendFileSync(file, lines(2000, 3000, 'r'));
    await new Promise((r) => setTimeout(r, 300));
    p.child.kill('SIGKILL');
    await p.exited;
    // Changed config (an input setting changed): same input id, so the checkpoints are kept.
    await t.configFor({ max_line_bytes: 4096 });
    appendFileSync(file, lines(3000, 3500, 'r'));
    p = t.start();
    await expectExactly(t.index, lines(0, 3500, 'r').trim().split('\n'));
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('bad input (a 10 MB line, binary garbage, invalid UTF-8) arrives flagged, nothing lost, no crash', async () => {
    const t = await setup('badinput');
    const big = 'z'.repeat(10 * 1024 * 1024);
    const garbage = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919 + 3) % 256).filter((b) => b !== 10));
    writeFileSync(
      path.join(t.logs, 'app.log'),
      Buffer.concat([
        Buffer.from(`before\n${big}\n`),
        garbage,
        Buffer.from('\nbad \xff\xfe utf8\n', 'latin1'),
        Buffer.from('after\n'),
      ]),
    );
    const p = t.start();
    await waitFor('all pieces', async () => ((await osCount(os!.url, t.index)) >= 14 ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const hits = await osAll(os!.url, t.index, ['message', 'log']);
    const byOffset = hits.sort(
      (a, b) => (a._source.log as { offset: number }).offset - (b._source.log as { offset: number }).offset,
    );
    const messages = byOffset.map((h) => String(h._source.message));
    expect(messages[0]).toBe('before');
    expect(messages.slice(1, 11).join('')).toBe(big);
    expect((byOffset[1]!._source.log as { flags: string[] }).flags).toEqual(['truncated']);
    expect((byOffset[11]!._source.log as { flags: string[] }).flags).toContain('invalid_utf8');
    expect(messages[12]).toBe('bad \ufffd\ufffd utf8');
    expect(messages[13]).toBe('after');
    expect(hits).toHaveLength(14);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a config with a typo: a clear message naming line and key, exit code 2, nothing started', async () => {
    const t = await setup('typo');
    writeFileSync(t.config, (await import('node:fs')).readFileSync(t.config, 'utf8').replace('paths:', 'pathz:'));
    const p = startShipper(t.config, t.data, t.logFile);
    expect(await p.exited).toBe(2);
    const out = (await import('node:fs')).readFileSync(t.logFile, 'utf8');
    expect(out).toMatch(/shipper\.yml:\d+:\d+: inputs\[0\]\.pathz: unknown key `pathz` \(did you mean `paths`\?\)/);
  });
});
