/** Runs a FileSource in-process against real files, collecting what it emits (tests only). */
import type { ShipperEvent } from '../../component.ts';
import { memoryLogger } from '../../log.ts';
import { withDoc } from '../../pipeline.ts';
import { fileSourceSchema } from './config.ts';
import { build, type FileSource } from './index.ts';

export interface Harness {
  source: FileSource;
  events: ShipperEvent[];
  messages(): string[];
  /** Acknowledge everything emitted so far (when `autoAck` is off). */
  ackAll(): void;
  stop(): Promise<void>;
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
  log: ReturnType<typeof memoryLogger>;
}

export async function runSource(
  config: Record<string, unknown>,
  dataDir: string,
  options: { autoAck?: boolean } = {},
): Promise<Harness> {
  const parsed = fileSourceSchema.parse({ type: 'file', scan_interval_ms: 100, poll_interval_ms: 50, ...config });
  const log = memoryLogger();
  const source = build(parsed, { dataDir, log, id: 'test' });
  const events: ShipperEvent[] = [];
  let acked = 0;
  const abort = new AbortController();
  await source.start({
    emit: async (batch) => {
      events.push(...batch.map(withDoc));
      if (options.autoAck !== false) source.ack(batch);
    },
    dataDir,
    hostName: 'test-host',
    agent: { name: 'test', type: 'driftwood-shipper', version: '0', id: 'agent-1' },
    log,
    signal: abort.signal,
  });
  return {
    source,
    events,
    log,
    messages: () => events.map((e) => String(e.doc.message)),
    ackAll() {
      source.ack(events.slice(acked));
      acked = events.length;
    },
    async stop() {
      abort.abort();
      await source.stop();
    },
    async waitForCount(n, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline)
          throw new Error(
            `expected ${n} events, got ${events.length}: ${JSON.stringify(events.map((e) => e.doc.message).slice(-5))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}
