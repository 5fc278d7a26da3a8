/** The file output: appends one JSON document per line (NDJSON) and fsyncs each batch before acknowledging it. */
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BuildContext, Output, OutputResult, QueuedEvent } from '../component.ts';
import { toNdjsonLine } from './ndjson.ts';

export const type = 'file';

export const configSchema = z
  .object({
    type: z.literal('file'),
    path: z
      .string()
      .min(1)
      .describe('File to append to (created with its directory); relative to the working directory.'),
    fsync: z.boolean().default(true).describe('fsync after each batch, before the batch is acknowledged.'),
    batch_max_events: z.number().int().positive().default(1000).describe('Most events written per batch.'),
    flush_interval_ms: z.number().int().nonnegative().default(100).describe('Longest wait for a batch to fill.'),
  })
  .strict();

export function build(config: z.infer<typeof configSchema>, _ctx: BuildContext): Output {
  let handle: FileHandle | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  return {
    batching: {
      maxEvents: config.batch_max_events,
      maxBytes: 8 * 1024 * 1024,
      lingerMs: config.flush_interval_ms,
      maxInFlight: 1,
    },
    send(events: QueuedEvent[]): Promise<OutputResult> {
      const run = chain.then(async () => {
        if (!handle) {
          await mkdir(path.dirname(path.resolve(config.path)), { recursive: true });
          handle = await open(config.path, 'a');
        }
        await handle.write(events.map(toNdjsonLine).join(''));
        if (config.fsync) await handle.sync();
        return { acked: events, rejected: [] };
      });
      chain = run.catch(() => undefined);
      return run;
    },
    async close(): Promise<void> {
      await chain;
      await handle?.close();
      handle = undefined;
    },
  };
}
