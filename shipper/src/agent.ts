/**
 * The shipper agent: builds sources, processors, queue, output and dead-letter file from a
 * validated config and wires them into a pipeline; serves metrics/health when `http:` is set;
 * shows a one-line status on stderr when it is a TTY. Health is `unhealthy` (HTTP 503, and
 * `output UNHEALTHY: <answer>` on the status line) while the output refuses whole requests or the
 * dead-letter file is full. `stop()` is the graceful shutdown (stop reading, let in-flight
 * batches finish until `shutdown_timeout_ms`, persist checkpoints).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import { type MetricsServer, serveMetrics } from '@driftwood/core/node';
import type { Logger, Output, Processor } from './component.ts';
import type { ShipperConfig } from './config.ts';
import { DeadLetter } from './deadletter.ts';
import { readJsonFile, writeFileAtomic } from './fs-util.ts';
import { Metrics } from './metrics.ts';
import { Pipeline, type PipelineSource } from './pipeline.ts';
import { DiskQueue } from './queue/disk/index.ts';
import { MemoryQueue } from './queue/memory.ts';
import type { Queue } from './queue/types.ts';
import { OUTPUTS, PROCESSORS, SOURCES } from './registry.ts';

export const AGENT_VERSION = '0.1.0';

export interface AgentOptions {
  config: ShipperConfig;
  dataDir: string;
  log: Logger;
  /** Print a one-line status on stderr (when it is a TTY). */
  status?: boolean;
}

export class Agent {
  readonly metrics = new Metrics();
  readonly #o: AgentOptions;
  #pipeline: Pipeline | undefined;
  #queue: Queue | undefined;
  #output: Output | undefined;
  #deadLetter: DeadLetter | undefined;
  #server: MetricsServer | undefined;
  #statusTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #lockFile: string;
  readonly #started = Date.now();

  constructor(options: AgentOptions) {
    this.#o = options;
    this.#lockFile = path.join(options.dataDir, 'shipper.lock');
  }

  get address(): string | undefined {
    return this.#server?.address;
  }

  async start(): Promise<void> {
    const { config, dataDir, log } = this.#o;
    await mkdir(dataDir, { recursive: true });
    await this.#lock();
    const agentId = await this.#agentId();
    const ctx = (id?: string) => ({ dataDir, log, ...(id ? { id } : {}) });

    const q = config.queue;
    this.#queue =
      q.type === 'disk'
        ? new DiskQueue({
            dir: path.resolve(dataDir, q.path),
            maxBytes: q.max_bytes,
            maxEvents: q.max_events,
            segmentBytes: q.segment_bytes,
            fsync: q.fsync,
            fsyncIntervalMs: q.fsync_interval_ms,
            memoryBytes: q.memory_bytes,
            log,
          })
        : new MemoryQueue({ maxEvents: q.max_events, maxBytes: q.max_bytes });
    this.#output = OUTPUTS.get(config.output.type)!.build(config.output, ctx());
    const processors: Processor[] = config.processors.map((p) => PROCESSORS.get(p.type)!.build(p, ctx()));
    const sources: PipelineSource[] = config.inputs.map((i) => ({
      id: i.id,
      type: i.type,
      source: SOURCES.get(i.type)!.build(i, ctx(i.id)),
    }));
    const queue = this.#queue;
    const deadLetter = new DeadLetter(dataDir, config.dead_letter);
    this.#deadLetter = deadLetter;
    await deadLetter.open();
    this.metrics.gauge('driftwood_shipper_queue_events', 'Events in the queue, not yet acknowledged.', () => [
      { labels: { type: q.type }, value: queue.stats().events },
    ]);
    this.metrics.gauge('driftwood_shipper_queue_bytes', 'Bytes in the queue, not yet acknowledged.', () => [
      { labels: { type: q.type }, value: queue.stats().bytes },
    ]);
    this.metrics.gauge('driftwood_shipper_deadletter_events', 'Events in the dead-letter files.', () => [
      { labels: {}, value: deadLetter.stats().events },
    ]);
    this.metrics.gauge('driftwood_shipper_deadletter_bytes', 'Bytes of the dead-letter files.', () => [
      { labels: {}, value: deadLetter.stats().bytes },
    ]);
    this.metrics.gauge('driftwood_shipper_deadletter_files', 'Dead-letter files.', () => [
      { labels: {}, value: deadLetter.stats().files },
    ]);
    this.metrics.gauge(
      'driftwood_shipper_deadletter_full',
      '1 while the dead-letter files are full: rejected events wait in the queue, unacknowledged.',
      () => [{ labels: {}, value: deadLetter.stats().full ? 1 : 0 }],
    );
    this.metrics.gauge('driftwood_shipper_uptime_seconds', 'Seconds since the agent started.', () => [
      { labels: {}, value: (Date.now() - this.#started) / 1000 },
    ]);

    await queue.open();
    this.#pipeline = new Pipeline({
      sources,
      processors,
      queue,
      output: this.#output,
      outputType: config.output.type,
      deadLetter,
      metrics: this.metrics,
      log,
      context: {
        dataDir,
        hostName: hostname(),
        agent: { name: hostname(), type: 'driftwood-shipper', version: AGENT_VERSION, id: agentId },
      },
    });
    const health = this.#pipeline.outputHealth;
    const outputLabels = () => [{ labels: { output: config.output.type }, value: health.healthy ? 1 : 0 }];
    this.metrics.gauge(
      'driftwood_shipper_output_healthy',
      '1 while the output takes requests; 0 while it refuses whole requests (its events are kept and retried).',
      outputLabels,
    );
    this.metrics.gauge(
      'driftwood_shipper_output_failures_total',
      'Whole requests the output failed (each retried; none acknowledged).',
      () => [{ labels: { output: config.output.type }, value: health.failures }],
      'counter',
    );
    await this.#pipeline.start();
    if (config.http) {
      const listen = config.http.listen;
      this.#server = await serveMetrics({
        // `:port` alone is loopback here (not every interface): metrics stay local unless a host is named
        listen: listen.startsWith(':') ? `127.0.0.1${listen}` : listen,
        registry: this.metrics.registry,
        render: () => this.metrics.render(),
        health: () => {
          const dl = deadLetter.stats();
          return {
            status: this.#stopping ? 'stopping' : health.healthy && !dl.full ? 'ok' : 'unhealthy',
            uptime_seconds: (Date.now() - this.#started) / 1000,
            queue: queue.stats(),
            inputs: config.inputs.map((i) => i.id),
            output: config.output.type,
            output_health: health.report(),
            dead_letter: { events: dl.events, bytes: dl.bytes, files: dl.files, full: dl.full, dir: dl.dir },
          };
        },
      });
      log.info('metrics and health served', { address: this.address });
    }
    if (this.#o.status && process.stderr.isTTY) {
      this.#statusTimer = setInterval(() => process.stderr.write(`\r\x1b[K${this.statusLine()}`), 1000);
      this.#statusTimer.unref();
    }
    log.info('shipper started', {
      inputs: config.inputs.map((i) => `${i.id} (${i.type})`),
      queue: q.type,
      output: config.output.type,
      data: dataDir,
    });
  }

  statusLine(): string {
    const m = this.metrics;
    const s = this.#queue?.stats() ?? { events: 0, bytes: 0 };
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    let line = `shipper: in ${m.get('driftwood_shipper_events_in_total')}  acked ${m.get('driftwood_shipper_events_acked_total')}  rejected ${m.get('driftwood_shipper_events_rejected_total')}  queue ${s.events} (${mb(s.bytes)} MB)`;
    const dl = this.#deadLetter?.stats();
    if (dl && (dl.events > 0 || dl.full)) {
      line += `  dead-letter ${dl.events} (${mb(dl.bytes)} MB${dl.full ? ', FULL: rejected events wait' : ''})`;
    }
    const health = this.#pipeline?.outputHealth.report();
    if (health && !health.healthy) line += `  output UNHEALTHY: ${(health.answer ?? '').slice(0, 120)}`;
    return line;
  }

  /** Stops the inputs of one type at once, ahead of `stop` (see `driftwood up` on Ctrl-C). */
  async stopInputs(type: string): Promise<void> {
    await this.#pipeline?.stopSources(type);
  }

  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    const { config, log } = this.#o;
    log.info('shipper stopping');
    if (this.#statusTimer) {
      clearInterval(this.#statusTimer);
      process.stderr.write(`\r\x1b[K${this.statusLine()}\n`);
    }
    await this.#pipeline?.stop(config.shutdown_timeout_ms, config.queue.type === 'memory');
    await this.#queue?.close();
    await this.#deadLetter?.close();
    await this.#output?.close();
    await this.#server?.close();
    this.#server = undefined;
    await rm(this.#lockFile, { force: true });
    log.info('shipper stopped', { queue: this.#queue?.stats() });
  }

  /**
   * Takes the data dir: the lock file is created exclusively, so of two shippers starting at once
   * on one dir only one gets it; a lock left by a process that is gone is taken over (once).
   */
  async #lock(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(this.#lockFile, JSON.stringify({ pid: process.pid }), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const existing = (await readJsonFile(this.#lockFile).catch(() => undefined)) as { pid?: number } | undefined;
      if (existing?.pid === process.pid) return;
      // a lock without a pid may be one being written this instant: only an old one is stale
      const age = Date.now() - ((await stat(this.#lockFile).catch(() => undefined))?.mtimeMs ?? 0);
      const held = existing?.pid ? isAlive(existing.pid) : age < 5_000;
      if (attempt > 0 || held) {
        throw new DriftwoodError(
          'CONFIG_INVALID',
          `data dir ${this.#o.dataDir} is in use by another shipper (pid ${existing?.pid ?? 'unknown'})`,
        );
      }
      await rm(this.#lockFile, { force: true });
    }
  }

  async #agentId(): Promise<string> {
    const file = path.join(this.#o.dataDir, 'agent.json');
    const meta = (await readJsonFile(file).catch(() => undefined)) as { id?: string } | undefined;
    if (meta?.id) return meta.id;
    const id = randomUUID();
    await writeFileAtomic(file, JSON.stringify({ id }));
    return id;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
