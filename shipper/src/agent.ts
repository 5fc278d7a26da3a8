/**
 * The shipper agent: builds sources, processors, queue and output from a validated config and
 * wires them into a pipeline; serves metrics/health when `http:` is set; shows a one-line status
 * on stderr when it is a TTY. `stop()` is the graceful shutdown (stop reading, let in-flight
 * batches finish until `shutdown_timeout_ms`, persist checkpoints).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import type { Logger, Output, Processor } from './component.ts';
import { OUTPUTS, PROCESSORS, SOURCES } from './components.ts';
import type { ShipperConfig } from './config.ts';
import { readJsonFile, writeFileAtomic } from './fs-util.ts';
import { startHttp } from './http.ts';
import { Metrics } from './metrics.ts';
import { Pipeline, type PipelineSource } from './pipeline.ts';
import { DiskQueue } from './queue/disk.ts';
import { MemoryQueue } from './queue/memory.ts';
import type { Queue } from './queue/types.ts';

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
  #server: Server | undefined;
  #statusTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #lockFile: string;
  readonly #started = Date.now();

  constructor(options: AgentOptions) {
    this.#o = options;
    this.#lockFile = path.join(options.dataDir, 'shipper.lock');
  }

  get address(): string | undefined {
    const a = this.#server?.address();
    return a && typeof a === 'object' ? `${a.address}:${a.port}` : undefined;
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
    this.metrics.gauge('driftwood_shipper_queue_events', 'Events in the queue, not yet acknowledged.', () => [
      { labels: { type: q.type }, value: queue.stats().events },
    ]);
    this.metrics.gauge('driftwood_shipper_queue_bytes', 'Bytes in the queue, not yet acknowledged.', () => [
      { labels: { type: q.type }, value: queue.stats().bytes },
    ]);
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
      metrics: this.metrics,
      log,
      context: {
        dataDir,
        hostName: hostname(),
        agent: { name: hostname(), type: 'driftwood-shipper', version: AGENT_VERSION, id: agentId },
      },
    });
    await this.#pipeline.start();
    if (config.http) {
      this.#server = await startHttp(config.http.listen, this.metrics, () => ({
        status: this.#stopping ? 'stopping' : 'ok',
        uptime_seconds: (Date.now() - this.#started) / 1000,
        queue: queue.stats(),
        inputs: config.inputs.map((i) => i.id),
        output: config.output.type,
      }));
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
    return `shipper: in ${m.get('driftwood_shipper_events_in_total')}  acked ${m.get('driftwood_shipper_events_acked_total')}  rejected ${m.get('driftwood_shipper_events_rejected_total')}  queue ${s.events} (${(s.bytes / 1024 / 1024).toFixed(1)} MB)`;
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
    await this.#output?.close();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
    this.#server?.closeAllConnections();
    await rm(this.#lockFile, { force: true });
    log.info('shipper stopped', { queue: this.#queue?.stats() });
  }

  async #lock(): Promise<void> {
    const existing = (await readJsonFile(this.#lockFile).catch(() => undefined)) as { pid?: number } | undefined;
    if (existing?.pid && existing.pid !== process.pid && isAlive(existing.pid)) {
      throw new DriftwoodError(
        'CONFIG_INVALID',
        `data dir ${this.#o.dataDir} is in use by another shipper (pid ${existing.pid})`,
      );
    }
    await writeFile(this.#lockFile, JSON.stringify({ pid: process.pid }));
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
