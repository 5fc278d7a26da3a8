import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Agent } from './agent.ts';
import { parseConfig } from './config.ts';
import { memoryLogger } from './log.ts';

async function until(ok: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outLines = (file: string): Array<Record<string, unknown>> => {
  try {
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};

describe('agent', () => {
  for (const queue of ['memory', 'disk'] as const) {
    it(`wires file → processors → ${queue} queue → file output; acks advance checkpoints; serves metrics and health`, async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'dw-agent-'));
      mkdirSync(path.join(dir, 'logs'));
      const log = path.join(dir, 'logs', 'app.log');
      const out = path.join(dir, 'out.ndjson');
      writeFileSync(log, '{"level":"info","msg":"a"}\n{"level":"debug","msg":"b"}\nnot json\n');
      const config = parseConfig(`
inputs:
  - type: file
    id: app
    paths: ["${dir}/logs/*.log"]
    scan_interval_ms: 100
processors:
  - type: decode_json
  - type: drop_event
    when: 'level:debug'
  - type: add_fields
    fields: { service.name: api }
queue:
  type: ${queue}
output:
  type: file
  path: ${out}
http:
  listen: ":0"
`);
      const agent = new Agent({ config, dataDir: path.join(dir, 'data'), log: memoryLogger() });
      await agent.start();
      try {
        // `:port` alone listens on loopback, not every interface
        expect(agent.address).toMatch(/^127\.0\.0\.1:\d+$/);
        await until(() => outLines(out).length === 2);
        appendFileSync(log, '{"level":"warn","msg":"c"}\n');
        await until(() => outLines(out).length === 3);
        const docs = outLines(out);
        expect(docs.map((d) => d.msg ?? d.message)).toEqual(['a', 'not json', 'c']);
        expect(docs[0]).toMatchObject({ service: { name: 'api' }, event: { id: expect.stringMatching(/:0$/) } });
        expect(docs[1]).toMatchObject({ tags: ['decode_json_failed'] });
        // The file output acknowledges after its fsync, a moment after the line is readable.
        let metrics = '';
        await until(async () => {
          metrics = await (await fetch(`http://${agent.address}/metrics`)).text();
          return metrics.includes('driftwood_shipper_events_acked_total{output="file"} 3');
        });
        expect(metrics).toContain('driftwood_shipper_events_in_total{source="app"} 4');
        expect(metrics).toContain('driftwood_shipper_events_dropped_total{source="app"} 1');
        expect(metrics).toContain('driftwood_shipper_events_acked_total{output="file"} 3');
        expect(metrics).toMatch(/driftwood_shipper_queue_events\{type="\w+"\} 0/);
        expect(metrics).toContain('driftwood_shipper_output_latency_seconds_count{output="file"}');
        const health = await fetch(`http://${agent.address}/health`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', inputs: ['app'] });
      } finally {
        await agent.stop();
      }
      const registry = JSON.parse(readFileSync(path.join(dir, 'data', 'registry', 'app.json'), 'utf8'));
      expect(registry.entries[0].offset).toBe(readFileSync(log).length);
    });
  }

  describe('the data dir lock', () => {
    const minimal = (dir: string) =>
      parseConfig(`
inputs:
  - type: stdin
    id: in
output:
  type: file
  path: ${dir}/out.ndjson
`);
    const setUp = async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'dw-agent-lock-'));
      const data = path.join(dir, 'data');
      mkdirSync(data);
      return { dir, data, lock: path.join(data, 'shipper.lock') };
    };
    const deadPid = (): number => {
      const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
        encoding: 'utf8',
      });
      return Number(child.stdout);
    };

    it('refuses a data dir another live process holds', async () => {
      const { dir, data, lock } = await setUp();
      writeFileSync(lock, JSON.stringify({ pid: 1 }));
      const agent = new Agent({ config: minimal(dir), dataDir: data, log: memoryLogger() });
      await expect(agent.start()).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('in use by another shipper (pid 1)'),
      });
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: 1 });
    });

    it('takes over a lock whose process is gone, and one left empty long ago — not one being written now', async () => {
      const { dir, data, lock } = await setUp();
      const cases: Array<[string, () => void, boolean]> = [
        ['dead pid', () => writeFileSync(lock, JSON.stringify({ pid: deadPid() })), true],
        [
          'old empty file',
          () => {
            writeFileSync(lock, '');
            utimesSync(lock, new Date(0), new Date(0));
          },
          true,
        ],
        ['fresh empty file', () => writeFileSync(lock, ''), false],
      ];
      for (const [what, prepare, taken] of cases) {
        prepare();
        const agent = new Agent({ config: minimal(dir), dataDir: data, log: memoryLogger() });
        if (taken) {
          await agent.start();
          expect(JSON.parse(readFileSync(lock, 'utf8')), what).toEqual({ pid: process.pid });
          await agent.stop();
          expect(existsSync(lock), `${what}: released on stop`).toBe(false);
        } else {
          await expect(agent.start(), what).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
          rmSync(lock);
        }
      }
    });
  });
});
