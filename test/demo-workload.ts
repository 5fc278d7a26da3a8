/**
 * A workload shaped like `driftwood up --demo`, made by the demo's own generators (bin/up/demo:
 * nginx access and error files, the order service logging through the winston transport, the IoT
 * fleet publishing over MQTT, hosts sending syslog over TCP) and read by the shipper's real sources
 * (file, http, mqtt, syslog) as `up`
 * configures them (bin/up/collect.ts); a 24 h backfill first, then a few minutes of live
 * traffic. What the sources emit, in the order they emitted it, becomes the `_bulk` bodies the
 * shipper's bulk output would send (`create` + `_id`, 1,000 events a request).
 *
 * `writeThroughIndexer` hands those bodies to the indexer's own `_bulk` handler in-process
 * (parse → ECS → per-item bulk writer, indexer/src/bulk.ts, with `up`'s default indexer config),
 * against any LogStore. The same bodies and the same arrival times go to every store, so every
 * backend receives the same documents. The generators draw from Math.random: it is replaced by
 * a seeded generator while they run, so the traffic's content repeats from run to run (ids,
 * arrival times and socket ports do not: they are the shipper's, as in a real run).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { httpSource } from '@driftwood/shipper';
import type { LogStore } from '@driftwood/store';
import { AppDemo } from '../bin/up/demo/app.ts';
import { startBroker } from '../bin/up/demo/broker.ts';
import { IotDemo } from '../bin/up/demo/iot.ts';
import { NginxDemo } from '../bin/up/demo/nginx.ts';
import { SyslogDemo } from '../bin/up/demo/syslog.ts';
import { handleBulk } from '../indexer/src/bulk.ts';
import { parseConfig } from '../indexer/src/config.ts';
import { IndexerMetrics } from '../indexer/src/metrics.ts';
import { createPipelineRouter } from '../indexer/src/pipeline-routes.ts';
import { createIngestor } from '../indexer/src/server.ts';
import type { ShipperEvent, Source, SourceContext, SourceEvent } from '../shipper/src/component.ts';
import { withDoc } from '../shipper/src/pipeline.ts';
import * as fileSource from '../shipper/src/sources/file/index.ts';
import * as mqttSource from '../shipper/src/sources/mqtt.ts';
import * as syslogSource from '../shipper/src/sources/syslog/index.ts';

export interface DemoWorkload {
  /** `_bulk` request bodies, each with the time the indexer received it. */
  requests: Array<{ body: Uint8Array; receivedAt: Date }>;
  /** Events per source (`files`, `http`, `iot`, `syslog`). */
  perSource: Record<string, number>;
  events: number;
  /** A time range covering every event (Discover's from/to). */
  from: number;
  to: number;
}

export interface DemoWorkloadOptions {
  seed?: number;
  /** Seconds of live traffic after the backfill (default 180). */
  liveSeconds?: number;
  /** Events per `_bulk` request (the bulk output's `batch_max_events`, default 1000). */
  batch?: number;
}

/** Runs `fn` with Math.random replaced by a seeded generator (mulberry32). */
async function withSeed<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  let s = seed >>> 0;
  Math.random = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`demo workload: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const silent = { info() {}, warn() {}, error() {} };

/** Generates the demo's traffic through the shipper's sources; see the module comment. */
export async function generateDemoWorkload(options: DemoWorkloadOptions = {}): Promise<DemoWorkload> {
  const seed = options.seed ?? 20_260_302;
  const liveSeconds = options.liveSeconds ?? 180;
  const batch = options.batch ?? 1000;
  const dir = mkdtempSync(path.join(tmpdir(), 'driftwood-demo-workload-'));
  const emitted: ShipperEvent[] = [];
  const perSource: Record<string, number> = {};
  const started: Source[] = [];
  const abort = new AbortController();
  const context = (source: Source): SourceContext => ({
    async emit(events: SourceEvent[]) {
      for (const e of events) {
        const event = withDoc(e);
        emitted.push(event);
        perSource[event.source] = (perSource[event.source] ?? 0) + 1;
      }
      // acknowledged once queued, as the output would after the store took them
      await source.ack?.(events);
    },
    dataDir: path.join(dir, 'shipper'),
    hostName: 'demo-gateway',
    agent: { name: 'demo-gateway', type: 'driftwood-shipper', version: '0.1.0', id: 'demo-agent' },
    log: silent,
    signal: abort.signal,
  });
  const start = async (source: Source) => {
    await source.start(context(source));
    started.push(source);
  };
  const broker = await startBroker(dir);
  try {
    const nginx = new NginxDemo(dir);
    const files = fileSource.build(
      fileSource.configSchema.parse({
        type: 'file',
        paths: nginx.paths,
        exclude: ['*.gz'],
        start_at: 'beginning',
        scan_interval_ms: 100,
        poll_interval_ms: 50,
      }),
      { dataDir: path.join(dir, 'shipper'), id: 'files', log: silent },
    );
    await start(files);
    const http = httpSource.build(httpSource.configSchema.parse({ type: 'http', id: 'http', listen: '127.0.0.1:0' }), {
      dataDir: dir,
      id: 'http',
      log: silent,
    });
    await start(http);
    if (broker) {
      const mqtt = mqttSource.build(
        mqttSource.configSchema.parse({
          type: 'mqtt',
          id: 'iot',
          url: broker.url,
          topics: ['devices/+/telemetry', 'devices/+/events'],
          qos: 1,
          client_id: `driftwood-demo-workload-${process.pid}`,
          clean: false,
          device_id_from_topic: 1,
        }),
        { dataDir: dir, id: 'iot', log: silent },
      );
      await start(mqtt);
      await until('the MQTT subscription', () => mqtt.client()?.connected === true);
      // the subscription is sent right after connecting: give the broker a moment to hold it
      await new Promise((r) => setTimeout(r, 300));
    }
    const syslogInput = syslogSource.build(
      syslogSource.configSchema.parse({ type: 'syslog', id: 'syslog', protocol: 'tcp', listen: '127.0.0.1:0' }),
      { dataDir: dir, id: 'syslog', log: silent },
    );
    await start(syslogInput);
    const syslogAt = syslogInput.address();
    const syslog = new SyslogDemo(`${syslogAt.host}:${syslogAt.port}`);
    await syslog.connect();
    const { host, port } = http.address();
    const app = new AppDemo(`http://${host}:${port}/`);
    const iot = broker ? new IotDemo(broker.url) : undefined;
    await iot?.connect();

    const now = Date.now();
    let iotPublished = 0;
    let syslogSent = 0;
    await withSeed(seed, async () => {
      nginx.backfill(now);
      app.backfill(now);
      if (iot) iotPublished += await iot.backfill(now);
      syslogSent += await syslog.backfill(now);
      // live traffic, one tick a second as the demo's timer does (without waiting the seconds)
      for (let k = 1; k <= liveSeconds; k++) {
        nginx.tick(now + k * 1000);
        app.tick();
        if (iot) await iot.tick(now + k * 1000);
        syslogSent += await syslog.tick(now + k * 1000);
      }
    });
    await app.close();
    const appStats = app.transport.stats();
    if (appStats.dropped > 0 || appStats.buffered > 0) {
      throw new Error(`demo workload: the winston transport did not send everything: ${JSON.stringify(appStats)}`);
    }
    const lines = nginx.paths.length > 0 ? countLines(nginx.dir) : 0;
    await until(`${lines} nginx lines`, () => (perSource.files ?? 0) >= lines);
    await syslog.close();
    await until(`${syslogSent} syslog messages`, () => (perSource.syslog ?? 0) >= syslogSent);
    if (iot) {
      // the fleet's ticks publish a random number of messages: wait for the backfill's, then for quiet
      await until(`${iotPublished} IoT messages`, () => (perSource.iot ?? 0) >= iotPublished);
      let seen = -1;
      await until('the IoT fleet to go quiet', () => {
        const n = perSource.iot ?? 0;
        const quiet = n === seen;
        seen = n;
        return quiet;
      });
      await iot.close();
    }
    const requests: DemoWorkload['requests'] = [];
    const receivedBase = now + (liveSeconds + 5) * 1000;
    for (let i = 0; i < emitted.length; i += batch) {
      requests.push({
        body: bulkBody(emitted.slice(i, i + batch)),
        receivedAt: new Date(receivedBase + requests.length * 10),
      });
    }
    return {
      requests,
      perSource,
      events: emitted.length,
      from: now - 25 * 3_600_000,
      to: now + (liveSeconds + 60) * 1000,
    };
  } finally {
    abort.abort();
    for (const source of started.reverse()) await source.stop().catch(() => undefined);
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function countLines(nginxDir: string): number {
  let n = 0;
  for (const name of ['access.log', 'error.log']) {
    const text = readFileSync(path.join(nginxDir, name), 'utf8');
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  }
  return n;
}

/** A `_bulk` body as the shipper's bulk output writes it (shipper/src/outputs/bulk.ts). */
function bulkBody(events: readonly ShipperEvent[]): Uint8Array {
  let text = '';
  for (const e of events) {
    text += `{"create":{"_index":"logs-driftwood","_id":${JSON.stringify(e.id)}}}\n${JSON.stringify(e.doc)}\n`;
  }
  return Buffer.from(text);
}

export interface IndexerWriteSummary {
  /** Items per `_bulk` status. */
  statuses: Record<number, number>;
  /** The first items that were not created, with their errors. */
  failures: unknown[];
}

/**
 * Sends the workload's `_bulk` bodies to the indexer's `_bulk` handler in-process, over `store`,
 * with the indexer's default config (what `driftwood up` runs), then flushes the store.
 */
export async function writeThroughIndexer(store: LogStore, workload: DemoWorkload): Promise<IndexerWriteSummary> {
  const config = parseConfig({});
  const ctx = {
    ingestor: createIngestor(config, store, new IndexerMetrics()),
    store,
    routePipeline: createPipelineRouter(config.pipelines, config.default_pipeline),
    timezone: config.timezone,
    keepOriginal: config.keep_original,
  };
  const statuses: Record<number, number> = {};
  const failures: unknown[] = [];
  for (const { body, receivedAt } of workload.requests) {
    const answer = await handleBulk(ctx, body, { deadline: Date.now() + 120_000, receivedAt });
    if (answer.status !== 200) throw new Error(`_bulk answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const items = (answer.body as { items: Array<Record<string, { status: number }>> }).items;
    for (const item of items) {
      const result = Object.values(item)[0] as { status: number };
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status !== 201 && failures.length < 5) failures.push(item);
    }
  }
  await store.flush();
  return { statuses, failures };
}
