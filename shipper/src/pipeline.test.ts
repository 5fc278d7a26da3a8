/**
 * The pipeline's promise to its sources: a source hears `ack` for an event only once the output
 * stored it, or once it was written to the dead-letter file when the output refused it; a send
 * that failed as a whole acknowledges nothing and is retried. Real queue and dead-letter file; the
 * output is a `faultyOutput` (it fails its first send as a whole and refuses one document, which
 * a real destination does not do on demand).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventRef, Output, OutputResult, QueuedEvent, Source, SourceContext } from './component.ts';
import { DeadLetter, deadLetterSchema } from './deadletter.ts';
import { memoryLogger } from './log.ts';
import { Metrics } from './metrics.ts';
import { Pipeline } from './pipeline.ts';
import { MemoryQueue } from './queue/memory.ts';
import { docText } from './queue/types.ts';
import { waitFor } from './sources/test-context.ts';

describe('Pipeline', () => {
  it('acks a source only after the output stored its events or they were dead-lettered; a failed send acks nothing', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pipeline-'));
    const acked: string[] = [];
    const stored: string[] = [];
    let sends = 0;
    let ackedAtFirstStore = -1;
    const source: Source = {
      async start(ctx: SourceContext) {
        await ctx.emit([
          { id: 'a', source: 'src', doc: { message: 'one' } },
          { id: 'bad', source: 'src', doc: { message: 'refuse me' } },
          { id: 'b', source: 'src', doc: { message: 'two' } },
        ]);
      },
      ack(events: EventRef[]) {
        acked.push(...events.map((e) => e.id));
      },
      async stop() {},
    };
    const faultyOutput: Output = {
      batching: { maxEvents: 100, maxBytes: 1 << 20, lingerMs: 10, maxInFlight: 1 },
      async send(events: QueuedEvent[]): Promise<OutputResult> {
        sends++;
        if (sends === 1) throw new Error('connection refused'); // the whole request
        if (ackedAtFirstStore === -1) ackedAtFirstStore = acked.length;
        const result: OutputResult = { acked: [], rejected: [] };
        for (const e of events) {
          if (docText(e).includes('refuse me'))
            result.rejected.push({ event: e, reason: 'mapping conflict', status: 400 });
          else {
            stored.push(e.id);
            result.acked.push(e);
          }
        }
        return result;
      },
      async close() {},
    };
    const deadLetter = new DeadLetter(dataDir, deadLetterSchema.parse({}));
    await deadLetter.open();
    const pipeline = new Pipeline({
      sources: [{ id: 'src', type: 'test', source }],
      processors: [],
      queue: new MemoryQueue({ maxEvents: 100, maxBytes: 1 << 20 }),
      output: faultyOutput,
      outputType: 'faulty',
      deadLetter,
      metrics: new Metrics(),
      log: memoryLogger(),
      context: { dataDir, hostName: 'h', agent: { name: 'h', type: 'driftwood-shipper', version: '0', id: 'x' } },
    });
    await pipeline.start();
    await waitFor(() => acked.length === 3, 15_000);
    expect(ackedAtFirstStore).toBe(0); // nothing was acknowledged while the first send had failed
    expect(sends).toBeGreaterThanOrEqual(2);
    expect(stored.sort()).toEqual(['a', 'b']);
    expect(acked.sort()).toEqual(['a', 'b', 'bad']);
    const files = await readdir(path.join(dataDir, 'deadletter'));
    const lines = (await Promise.all(files.map((f) => readFile(path.join(dataDir, 'deadletter', f), 'utf8')))).join('');
    expect(lines).toContain('mapping conflict');
    expect(lines).toContain('refuse me');
    await pipeline.stop(1000, false);
    await deadLetter.close();
  });
});
