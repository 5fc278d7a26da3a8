/**
 * The shipper as a child process, `kill -9`ed at random moments while 200,000 lines are written
 * with rotation (rename + create) every 20,000: every line must arrive in OpenSearch exactly
 * once (deterministic ids + `create`).
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engine } from '../engines/use.ts';
import {
  type Hit,
  osAll,
  osCount,
  type ShipperProcess,
  startShipper,
  tempDir,
  waitFor,
  writeConfig,
} from './helpers.ts';

const os = engine('opensearch');

const TOTAL = 200_000;
const ROTATE_EVERY = 20_000;
const CHUNK = 1000;

describe.skipIf(!os)('shipper survives kill -9 (real OpenSearch)', () => {
  const index = `shipper-kill9-${Date.now()}`;
  let shipper: ShipperProcess | undefined;

  afterAll(async () => {
    shipper?.child.kill('SIGKILL');
    if (!process.env.KEEP_INDEX) await fetch(`${os!.url}/${index}`, { method: 'DELETE' }).catch(() => undefined);
  });

  it('delivers 200,000 lines exactly once across 3-5 kills and 9 rotations (10 files)', {
    timeout: 180_000,
  }, async () => {
    const dir = await tempDir('kill9');
    const logs = path.join(dir, 'logs');
    const data = path.join(dir, 'data');
    const shipperLog = path.join(dir, 'shipper.log');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(logs, { recursive: true });
    const config = await writeConfig(dir, {
      inputs: [{ type: 'file', id: 'app', paths: [`${logs}/app.log*`] }],
      queue: { type: 'disk', path: './queue', fsync: 'never' },
      output: {
        type: 'bulk',
        url: os!.url,
        index,
        batch_max_events: 2000,
        flush_interval_ms: 100,
        max_in_flight: 2,
        backoff_initial_ms: 100,
        backoff_max_ms: 2000,
      },
    });
    await fetch(`${os!.url}/${index}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ settings: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '5s' } }),
    });

    shipper = startShipper(config, data, shipperLog, ['--quiet']);

    // Writer with rotation (logrotate-style shift: app.log.1 → app.log.2, …, app.log → app.log.1).
    const padding = 'x'.repeat(24);
    let rotated = 0;
    let current = path.join(logs, 'app.log');
    let fd = openSync(current, 'a');
    const killTimes = new Set<number>();
    const kills = 3 + Math.floor(Math.random() * 3);
    while (killTimes.size < kills) killTimes.add(5 + Math.floor(Math.random() * (TOTAL / CHUNK - 20)));
    let killed = 0;
    for (let i = 0; i < TOTAL; i += CHUNK) {
      if (i > 0 && i % ROTATE_EVERY === 0) {
        closeSync(fd);
        for (let k = rotated; k >= 1; k--)
          renameSync(path.join(logs, `app.log.${k}`), path.join(logs, `app.log.${k + 1}`));
        renameSync(current, path.join(logs, 'app.log.1'));
        rotated++;
        current = path.join(logs, 'app.log');
        fd = openSync(current, 'a');
      }
      let text = '';
      for (let j = i; j < i + CHUNK; j++) text += `line ${j} ${padding}\n`;
      writeSync(fd, text);
      if (killTimes.has(i / CHUNK)) {
        shipper.child.kill('SIGKILL');
        await shipper.exited;
        killed++;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 300));
        shipper = startShipper(config, data, shipperLog, ['--quiet']);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    closeSync(fd);
    expect(killed).toBe(kills);

    const count = await waitFor(
      `${TOTAL} documents`,
      async () => {
        const c = await osCount(os!.url, index);
        return c >= TOTAL ? c : undefined;
      },
      90_000,
      1000,
    ).catch(async (err) => {
      console.log(
        `count now ${await osCount(os!.url, index)}; shipper log tail:\n${(await readFile(shipperLog, 'utf8')).slice(-3000)}`,
      );
      throw err;
    });
    // Let anything still in flight land, then check for duplicates.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await osCount(os!.url, index)).toBe(TOTAL);
    expect(count).toBe(TOTAL);

    const hits = await osAll(os!.url, index, ['message', 'log']);
    expect(hits.length).toBe(TOTAL);
    const seen = new Uint8Array(TOTAL);
    const ids = new Set<string>();
    const bad: Hit[] = [];
    for (const h of hits) {
      const m = /^line (\d+) x{24}$/.exec(String(h._source.message));
      if (!m) {
        bad.push(h);
        continue;
      }
      const n = Number(m[1]);
      seen[n]!++;
      ids.add(h._id);
      const offset = (h._source.log as { offset: number }).offset;
      expect(h._id.endsWith(`:${offset}`)).toBe(true);
    }
    expect(bad, JSON.stringify(bad)).toEqual([]);
    expect(ids.size).toBe(TOTAL);
    const missing = [...seen.keys()].filter((n) => seen[n] !== 1);
    expect(missing).toEqual([]);
    const shipperOutput = await readFile(shipperLog, 'utf8');
    console.log(
      `kill9: ${kills} kills, ${rotated} rotations; shipper warnings/errors:\n${shipperOutput
        .split('\n')
        .filter((l) => l.includes('"warn"') || l.includes('"error"'))
        .slice(0, 10)
        .join('\n')}`,
    );
    shipper.child.kill('SIGTERM');
    expect(await shipper.exited).toBe(0);
  });
});
