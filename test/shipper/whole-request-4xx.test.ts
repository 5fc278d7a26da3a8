/**
 * Issue #14 item 7, "nothing read is dropped by the shipper": a `bulk` endpoint that answers the
 * WHOLE request with HTTP 400 (a mistyped path, a proxy, a misconfigured index) is a fault to
 * retry and report, never a reason to ack. The real agent (file input → disk queue → bulk output)
 * ships 1,000 lines to `flakySink`, which answers 400 for a while, then 200. Also: a full
 * dead-letter store, and a file output that cannot write, acknowledge nothing.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../shipper/src/agent.ts';
import { parseConfig } from '../../shipper/src/config.ts';
import { memoryLogger } from '../../shipper/src/log.ts';
import { type FlakySink, flakySink } from './flaky-sink.ts';
import { tempDir, waitFor } from './helpers.ts';

const LINES = 1000;

let sink: FlakySink | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await agent?.stop();
  await sink?.close();
  agent = undefined;
  sink = undefined;
});

const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : Number.NaN;
};

describe('nothing read is dropped by the shipper', () => {
  it('a whole-request 400 from the bulk endpoint keeps every event (no ack, no checkpoint), reports the output unhealthy with the answer, then delivers each line once', async () => {
    sink = await flakySink();
    const dir = await tempDir('flaky');
    mkdirSync(path.join(dir, 'logs'));
    const logFile = path.join(dir, 'logs', 'app.log');
    let text = '';
    for (let i = 0; i < LINES; i++) text += `line ${i}\n`;
    writeFileSync(logFile, text);
    const data = path.join(dir, 'data');
    // Credentials in the URL: sent to the endpoint, never shown in health, status or logs.
    const url = sink.url.replace('http://', 'http://shipper:s3cr3t-pw@');
    const config = parseConfig(`
inputs:
  - type: file
    id: app
    paths: ["${dir}/logs/*.log"]
    scan_interval_ms: 100
queue:
  type: disk
  path: queue
output:
  type: bulk
  url: ${url}
  index: logs-flaky
  batch_max_events: 200
  flush_interval_ms: 20
  backoff_initial_ms: 20
  backoff_max_ms: 200
http:
  listen: 127.0.0.1:0
`);
    const log = memoryLogger();
    agent = new Agent({ config, dataDir: data, log });
    await agent.start();
    const base = `http://${agent.address}`;
    const metrics = async () => (await fetch(`${base}/metrics`)).text();

    // While it answers 400: every line read, none acked or rejected, the checkpoint stays at 0.
    await waitFor(
      'every line read and queued',
      async () => {
        const m = await metrics();
        return metric(m, 'driftwood_shipper_events_in_total') === LINES &&
          metric(m, 'driftwood_shipper_queue_events') === LINES
          ? true
          : undefined;
      },
      10_000,
      50,
    );
    await waitFor('several refused requests', () => (sink!.failed >= 8 ? true : undefined), 10_000, 20);
    const m = await metrics();
    expect(metric(m, 'driftwood_shipper_queue_events')).toBe(LINES);
    expect(metric(m, 'driftwood_shipper_events_acked_total') || 0).toBe(0);
    expect(metric(m, 'driftwood_shipper_events_rejected_total') || 0).toBe(0);
    expect(metric(m, 'driftwood_shipper_output_healthy')).toBe(0);
    expect(metric(m, 'driftwood_shipper_output_failures_total')).toBeGreaterThanOrEqual(8);
    expect(metric(m, 'driftwood_shipper_deadletter_events') || 0).toBe(0);
    const registry = JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8'));
    expect(registry.entries.map((e: { offset: number }) => e.offset)).toEqual([0]);

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    const report = (await health.json()) as { status: string; output_health: Record<string, unknown> };
    expect(report.status).toBe('unhealthy');
    expect(report.output_health).toMatchObject({ healthy: false });
    expect(String(report.output_health.answer)).toMatch(/^HTTP 400 Bad Request: .*no handler found for uri/);
    expect(String(report.output_health.endpoint)).toBe(`${sink.url}/_bulk`);
    expect(agent.statusLine()).toMatch(/output UNHEALTHY: HTTP 400 Bad Request/);
    // The credentials were sent, and are nowhere in what the shipper shows.
    expect([...sink.authorizations]).toEqual([`Basic ${Buffer.from('shipper:s3cr3t-pw').toString('base64')}`]);
    const shown = [JSON.stringify(report), agent.statusLine(), await metrics(), JSON.stringify(log.lines)].join('\n');
    expect(shown).not.toContain('s3cr3t');
    // One warning when the output turned unhealthy (plus a few rate-limited retries), not one per event.
    expect(log.lines.filter((l) => l.level !== 'info').length).toBeLessThan(20);
    expect(log.lines.some((l) => /output unhealthy/.test(l.message))).toBe(true);

    // Then it answers 200: every line arrives exactly once, the checkpoint reaches the end.
    sink.mode = 'ok';
    await waitFor('every line stored', () => (sink!.docs.size === LINES ? true : undefined), 15_000, 50);
    await waitFor(
      'every event acked',
      async () => {
        const after = await metrics();
        return metric(after, 'driftwood_shipper_events_acked_total') === LINES &&
          metric(after, 'driftwood_shipper_queue_events') === 0
          ? true
          : undefined;
      },
      10_000,
      50,
    );
    expect(sink.duplicates).toBe(0);
    const messages = [...sink.docs.values()].map((d) => d.message).sort();
    expect(messages).toEqual(Array.from({ length: LINES }, (_, i) => `line ${i}`).sort());
    const healed = await fetch(`${base}/health`);
    expect(healed.status).toBe(200);
    expect(await healed.json()).toMatchObject({ status: 'ok', output_health: { healthy: true } });
    expect(metric(await metrics(), 'driftwood_shipper_output_healthy')).toBe(1);
    expect(log.lines.some((l) => /output healthy again/.test(l.message))).toBe(true);
    await agent.stop();
    agent = undefined;
    const done = JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8'));
    expect(done.entries.map((e: { offset: number }) => e.offset)).toEqual([Buffer.byteLength(text)]);
  });

  it('a full dead-letter store acknowledges nothing it could not keep: the events wait, it is reported, and go once there is room', async () => {
    sink = await flakySink({ reject: (doc) => String(doc.message).startsWith('bad') });
    sink.mode = 'ok';
    const dir = await tempDir('deadletter-full');
    mkdirSync(path.join(dir, 'logs'));
    const logFile = path.join(dir, 'logs', 'app.log');
    let text = '';
    for (let i = 0; i < 20; i++) text += `${i % 2 === 0 ? 'good' : 'bad'} ${i}\n`;
    writeFileSync(logFile, text);
    const data = path.join(dir, 'data');
    // A dead-letter store that is full already (files nobody has dealt with yet).
    mkdirSync(path.join(data, 'deadletter'), { recursive: true });
    const filler = path.join(data, 'deadletter', 'deadletter-1.ndjson');
    writeFileSync(filler, `${'{"old":"dead letter"}'.padEnd(99, ' ')}\n`.repeat(160));
    const config = parseConfig(`
inputs:
  - type: file
    id: app
    paths: ["${dir}/logs/*.log"]
    scan_interval_ms: 100
queue:
  type: disk
  path: queue
output:
  type: bulk
  url: ${sink.url}
  index: logs-flaky
  flush_interval_ms: 20
dead_letter:
  max_bytes: 16384
  max_files: 1
http:
  listen: 127.0.0.1:0
`);
    const log = memoryLogger();
    agent = new Agent({ config, dataDir: data, log });
    await agent.start();
    const base = `http://${agent.address}`;
    const metrics = async () => (await fetch(`${base}/metrics`)).text();

    await waitFor('the good lines stored', () => (sink!.docs.size === 10 ? true : undefined), 10_000, 50);
    await waitFor(
      'the store reported full',
      async () => {
        const m = await metrics();
        return metric(m, 'driftwood_shipper_deadletter_full') === 1 ? true : undefined;
      },
      10_000,
      50,
    );
    const m = await metrics();
    expect(metric(m, 'driftwood_shipper_queue_events')).toBe(10); // the bad ones: not acknowledged
    expect(metric(m, 'driftwood_shipper_events_acked_total')).toBe(10);
    expect(metric(m, 'driftwood_shipper_deadletter_events')).toBe(160); // what was there
    expect(metric(m, 'driftwood_shipper_deadletter_bytes')).toBe(16000);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'unhealthy',
      output_health: { healthy: true },
      dead_letter: { full: true, events: 160, bytes: 16000 },
    });
    expect(agent.statusLine()).toMatch(/dead-letter 160 \(0\.0 MB, FULL: rejected events wait\)/);
    expect(log.lines.some((l) => l.level === 'error' && /dead-letter file cannot take them/.test(l.message))).toBe(
      true,
    );
    // The first bad line is at offset 7 ("good 0\n"): the checkpoint cannot pass it.
    const offsets = () =>
      JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8')).entries.map(
        (e: { offset: number }) => e.offset,
      );
    await waitFor('the checkpoint at the first bad line', () => (offsets()[0] === 7 ? true : undefined), 5000, 50);
    await new Promise((r) => setTimeout(r, 600)); // the registry is written 200 ms after a change
    expect(offsets()).toEqual([7]);

    // Someone deals with the old dead letters: the waiting events go in, and only then are acknowledged.
    rmSync(filler);
    await waitFor(
      'the bad lines dead-lettered and acked',
      async () => {
        const after = await metrics();
        return metric(after, 'driftwood_shipper_queue_events') === 0 ? true : undefined;
      },
      20_000,
      100,
    );
    const after = await metrics();
    expect(metric(after, 'driftwood_shipper_deadletter_full')).toBe(0);
    expect(metric(after, 'driftwood_shipper_deadletter_events')).toBe(10);
    const dead = readdirSync(path.join(data, 'deadletter')).flatMap((f) =>
      readFileSync(path.join(data, 'deadletter', f), 'utf8')
        .split('\n')
        .filter(Boolean),
    );
    expect(dead.map((l) => JSON.parse(l).event.message).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `bad ${i * 2 + 1}`).sort(),
    );
    expect((await fetch(`${base}/health`)).status).toBe(200);
    await agent.stop();
    agent = undefined;
    const done = JSON.parse(readFileSync(path.join(data, 'registry', 'app.json'), 'utf8'));
    expect(done.entries.map((e: { offset: number }) => e.offset)).toEqual([Buffer.byteLength(text)]);
  });

  it('a file output that cannot write acknowledges nothing and is unhealthy until it can', async () => {
    const dir = await tempDir('file-output-fault');
    mkdirSync(path.join(dir, 'logs'));
    let text = '';
    for (let i = 0; i < 50; i++) text += `line ${i}\n`;
    writeFileSync(path.join(dir, 'logs', 'app.log'), text);
    const out = path.join(dir, 'out.ndjson');
    mkdirSync(out); // a directory where the file should be: every write fails (EISDIR)
    const config = parseConfig(`
inputs:
  - type: file
    id: app
    paths: ["${dir}/logs/*.log"]
    scan_interval_ms: 100
queue:
  type: disk
  path: queue
output:
  type: file
  path: ${out}
http:
  listen: 127.0.0.1:0
`);
    agent = new Agent({ config, dataDir: path.join(dir, 'data'), log: memoryLogger() });
    await agent.start();
    const base = `http://${agent.address}`;
    await waitFor(
      'the output unhealthy',
      async () => ((await fetch(`${base}/health`)).status === 503 ? true : undefined),
      10_000,
      50,
    );
    const report = (await (await fetch(`${base}/health`)).json()) as {
      output_health: { answer: string };
      queue: { events: number };
    };
    expect(report.output_health.answer).toMatch(/output failed: .*EISDIR/);
    expect(report.queue.events).toBe(50);
    expect(metric(await (await fetch(`${base}/metrics`)).text(), 'driftwood_shipper_events_acked_total') || 0).toBe(0);
    rmSync(out, { recursive: true });
    await waitFor(
      'every line written',
      () => {
        try {
          return readFileSync(out, 'utf8').split('\n').filter(Boolean).length === 50 ? true : undefined;
        } catch {
          return undefined;
        }
      },
      15_000,
      100,
    );
    await waitFor(
      'healthy again',
      async () => ((await fetch(`${base}/health`)).status === 200 ? true : undefined),
      5000,
      50,
    );
  });
});
