/**
 * stdin source: every line read from standard input is one event (`message`, without its line end).
 *
 * - Reading is paused while `emit` is pending (backpressure reaches the writing process).
 * - Lines over `max_line_bytes` are cut (at a UTF-8 boundary) and tagged `truncated`; invalid UTF-8
 *   is replaced with U+FFFD.
 * - EOF ends the source: `finished` resolves once the last lines were emitted, so the agent can
 *   drain its queue and exit. `start` itself returns as soon as reading has begun.
 * - Ids are sha256(source id, run id, line number). The run id is random per process, so ids are
 *   NOT stable across runs: stdin has no replay, a second run is a new stream. Within a run the id
 *   is fixed, so retries inside the shipper are idempotent. `log.offset` is the line's byte offset.
 */
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { LogDocument } from '@driftwood/core';
import { eventId } from '@driftwood/core/node';
import { z } from 'zod';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../component.ts';
import { trimPartialUtf8 } from '../utf8.ts';

export const type = 'stdin';

export const configSchema = z
  .object({
    type: z.literal('stdin').optional().describe('Component type: `stdin`.'),
    id: z.string().min(1).optional().describe('Source id used in acknowledgements and event ids; defaults to `stdin`.'),
    max_line_bytes: z
      .number()
      .int()
      .min(64)
      .default(1024 * 1024)
      .describe('Longest line kept; longer ones are cut and tagged `truncated`.'),
    max_batch_lines: z.number().int().min(1).default(1000).describe('Most lines handed to the queue in one emit.'),
  })
  .strict();

export type StdinConfig = z.infer<typeof configSchema>;

export interface StdinSource extends Source {
  /** Resolves when EOF was reached and every line was emitted (rejects if reading failed). */
  readonly finished: Promise<void>;
}

const LF = 0x0a;
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Builds a stdin source; `input` replaces process.stdin (for tests and embedding). */
export function build(config: StdinConfig, buildCtx: BuildContext, input?: Readable): StdinSource {
  const sourceId = config.id ?? 'stdin';
  const runId = randomUUID();
  const max = config.max_line_bytes;
  let resolveFinished!: () => void;
  let rejectFinished!: (error: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  finished.catch(() => {});
  let stream: Readable | undefined;
  let stopped = false;

  async function run(ctx: SourceContext, readable: Readable): Promise<void> {
    let lineNumber = 0;
    let offset = 0; // byte offset of the current line's start
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let cut = false; // the current line was over max: only its head is kept
    let lineBytes = 0;
    let batch: ShipperEvent[] = [];

    const finishLine = (): void => {
      const data = Buffer.concat(pending);
      let text = decoder.decode(cut ? trimPartialUtf8(data) : data);
      if (!cut && text.endsWith('\r')) text = text.slice(0, -1);
      lineNumber++;
      const doc: LogDocument = {
        '@timestamp': new Date().toISOString(),
        message: text,
        host: { name: ctx.hostName },
        agent: { ...ctx.agent },
        log: { offset, file: { path: '-' } },
        input: { type: 'stdin' },
      };
      if (cut) doc.tags = ['truncated'];
      batch.push({
        id: eventId(sourceId, runId, lineNumber),
        doc,
        source: sourceId,
        position: lineNumber,
      });
      offset += lineBytes;
      pending = [];
      pendingBytes = 0;
      lineBytes = 0;
      cut = false;
    };
    const append = (part: Buffer): void => {
      lineBytes += part.length;
      if (cut) return;
      const room = max - pendingBytes;
      if (part.length > room) {
        pending.push(part.subarray(0, room));
        pendingBytes = max;
        cut = true;
      } else {
        pending.push(part);
        pendingBytes += part.length;
      }
    };
    const flush = async (): Promise<void> => {
      while (batch.length > 0) {
        const events = batch.splice(0, config.max_batch_lines);
        await ctx.emit(events);
      }
      batch = [];
    };

    for await (const raw of readable) {
      if (stopped) return;
      const chunk = typeof raw === 'string' ? Buffer.from(raw) : (raw as Buffer);
      let start = 0;
      for (;;) {
        const lf = chunk.indexOf(LF, start);
        if (lf === -1) break;
        append(chunk.subarray(start, lf));
        lineBytes += 1; // the LF
        finishLine();
        start = lf + 1;
      }
      if (start < chunk.length) append(Buffer.from(chunk.subarray(start)));
      await flush();
    }
    if (lineBytes > 0) finishLine(); // a last line without LF
    await flush();
  }

  const source: StdinSource = {
    finished,
    async start(ctx: SourceContext): Promise<void> {
      stream = input ?? process.stdin;
      ctx.signal.addEventListener('abort', () => void source.stop(), { once: true });
      run(ctx, stream).then(
        () => resolveFinished(),
        (error: unknown) => {
          if (stopped) resolveFinished();
          else {
            buildCtx.log.error('stdin: reading failed', { source: sourceId, error: String(error) });
            rejectFinished(error);
          }
        },
      );
    },
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      // Do not destroy process.stdin (other code may own it); stop reading and let `finished` settle.
      if (stream && stream !== process.stdin) stream.destroy();
      else stream?.pause();
      resolveFinished();
    },
  };
  return source;
}
