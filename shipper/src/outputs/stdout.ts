/** The stdout output: one JSON document per line (NDJSON), `event.id` set to the event id. */
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { BuildContext, Output, OutputResult, QueuedEvent } from '../component.ts';
import { toNdjsonLine } from './ndjson.ts';

export const type = 'stdout';

export const configSchema = z
  .object({
    type: z.literal('stdout'),
    batch_max_events: z.number().int().positive().default(500).describe('Most events written per batch.'),
    flush_interval_ms: z.number().int().nonnegative().default(50).describe('Longest wait for a batch to fill.'),
  })
  .strict();

export function build(
  config: z.infer<typeof configSchema>,
  _ctx: BuildContext,
  stream: Writable = process.stdout,
): Output {
  return {
    batching: {
      maxEvents: config.batch_max_events,
      maxBytes: 4 * 1024 * 1024,
      lingerMs: config.flush_interval_ms,
      maxInFlight: 1,
    },
    async send(events: QueuedEvent[]): Promise<OutputResult> {
      const text = events.map(toNdjsonLine).join('');
      await new Promise<void>((resolve, reject) => {
        stream.write(text, (err) => (err ? reject(err) : resolve()));
      });
      return { acked: events, rejected: [] };
    },
    async close(): Promise<void> {},
  };
}
