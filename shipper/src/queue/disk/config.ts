/** The disk queue's settings (`queue: { type: disk }`) and the options it is built with. */
import type { FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import type { Logger } from '../../component.ts';

export const diskQueueSchema = z
  .object({
    type: z.literal('disk'),
    path: z
      .string()
      .min(1)
      .default('queue')
      .describe('Directory of the queue segments; a relative path is resolved against the data dir (`--data`).'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(1024 * 1024 * 1024)
      .describe('Most bytes of unacknowledged records on disk before `push` waits.'),
    max_events: z
      .number()
      .int()
      .positive()
      .default(1_000_000)
      .describe('Most unacknowledged events before `push` waits.'),
    segment_bytes: z
      .number()
      .int()
      .positive()
      .default(8 * 1024 * 1024)
      .describe('A segment file is closed and a new one started past this size.'),
    fsync: z
      .enum(['always', 'batch', 'never'])
      .default('batch')
      .describe(
        '`always`: fsync before `push` resolves; `batch`: fsync every `fsync_interval_ms`; `never`: leave it to the OS. All three survive `kill -9`; only `always` survives power loss without losing the last interval.',
      ),
    fsync_interval_ms: z.number().int().positive().default(1000).describe('How often `fsync: batch` syncs.'),
    memory_bytes: z
      .number()
      .int()
      .nonnegative()
      .default(8 * 1024 * 1024)
      .describe(
        'Recently written records also kept in memory, so a reader that keeps up does not read them back; a file input reads no further ahead than this.',
      ),
  })
  .strict();

export interface DiskQueueOptions {
  dir: string;
  maxBytes: number;
  maxEvents: number;
  segmentBytes: number;
  fsync: 'always' | 'batch' | 'never';
  fsyncIntervalMs: number;
  /** Most bytes of recent records also kept in memory for the reader (default 8 MiB). */
  memoryBytes?: number;
  /** Opens a segment for appending (tests inject write faults here; default `fs.promises.open`). */
  openForAppend?: (file: string) => Promise<FileHandle>;
  log: Logger;
}
