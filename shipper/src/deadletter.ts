/**
 * The shipper's local dead-letter file: events an output rejected one by one, for good (a mapping
 * conflict, a malformed document: item status 400 inside a 200 `_bulk` answer), are appended to
 * `<data>/<path>/deadletter-<n>.ndjson`, one JSON line per event:
 *
 *   {"time":"…","output":"bulk","status":400,"reason":"MAPPING_CONFLICT: …","id":"…","source":"app","event":{…}}
 *
 * `event` is the original document as it was queued. A batch is written and fsynced before
 * `write` resolves, and the pipeline acknowledges a rejected event only then.
 *
 * Bounded and rotated: a file takes up to `max_bytes / max_files` bytes, then the next number is
 * started; at most `max_files` files and `max_bytes` bytes together. Rotation never deletes: when
 * the store is full, `write` fails with `QUEUE_FULL` and the pipeline keeps the events (not acked,
 * retried with backoff) and reports it on `/health`, `/metrics` and the status line; blocking is
 * the safe choice, since dropping the oldest file would lose events without a trace. To make
 * room, move or delete files an operator has dealt with: the directory is scanned again before
 * each retry. An empty store always takes one entry, so an event larger than the bound still goes.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdir, open, readdir, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { DriftwoodError } from '@driftwood/core';
import { z } from 'zod';
import type { QueuedEvent } from './component.ts';

export const deadLetterSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .default('deadletter')
      .describe('Directory of the dead-letter files (`deadletter-<n>.ndjson`), relative to `--data`.'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(100 * 1024 * 1024)
      .describe(
        'Most bytes all dead-letter files hold together. When full, rejected events are kept in the queue (not acknowledged) and retried, and the shipper reports it, until files are moved away or deleted.',
      ),
    max_files: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(10)
      .describe('Most dead-letter files; each takes up to `max_bytes / max_files` bytes before the next is started.'),
    fsync: z.boolean().default(true).describe('fsync each write before the events are acknowledged.'),
  })
  .strict();

export type DeadLetterConfig = z.infer<typeof deadLetterSchema>;

export interface DeadLetterEntry {
  event: QueuedEvent;
  reason: string;
  status?: number;
}

export interface DeadLetterStats {
  /** Events in the dead-letter files (counted at start, plus those written since). */
  events: number;
  bytes: number;
  files: number;
  /** The last write found no room (cleared by the next write that succeeds). */
  full: boolean;
  /** Events written since start. */
  written: number;
  dir: string;
}

const FILE = /^deadletter-(\d+)\.ndjson$/;

export class DeadLetter {
  readonly dir: string;
  readonly #config: DeadLetterConfig;
  readonly #fileLimit: number;
  /** Files on disk by number: bytes and lines. */
  #files = new Map<number, { bytes: number; lines: number }>();
  #current = 0;
  #handle: FileHandle | undefined;
  #chain: Promise<unknown> = Promise.resolve();
  #full = false;
  #written = 0;
  readonly #now: () => Date;

  constructor(dataDir: string, config: DeadLetterConfig, now: () => Date = () => new Date()) {
    this.dir = path.resolve(dataDir, config.path);
    this.#config = config;
    this.#fileLimit = Math.max(1, Math.floor(config.max_bytes / config.max_files));
    this.#now = now;
  }

  /** Reads what is on disk (sizes, and line counts of files not seen yet). */
  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.#scan();
  }

  stats(): DeadLetterStats {
    let events = 0;
    let bytes = 0;
    for (const f of this.#files.values()) {
      events += f.lines;
      bytes += f.bytes;
    }
    return { events, bytes, files: this.#files.size, full: this.#full, written: this.#written, dir: this.dir };
  }

  /**
   * Appends the entries (one line each) and fsyncs them. Rejects with `QUEUE_FULL` when there is
   * no room (nothing of the batch is written then), or `QUEUE_WRITE_FAILED` on an I/O error.
   */
  write(entries: DeadLetterEntry[], output: string): Promise<void> {
    const run = this.#chain.then(() => this.#write(entries, output));
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #write(entries: DeadLetterEntry[], output: string): Promise<void> {
    if (entries.length === 0) return;
    const time = this.#now().toISOString();
    const lines = entries.map((e) => line(e, output, time));
    // Files may have been moved or deleted (to make room, or by hand): never append to a file
    // that is gone from the directory.
    await this.#scan();
    // Place every line before writing any: a batch goes in whole, or not at all.
    const plan: Array<{ n: number; text: string[]; bytes: number }> = [];
    let n = this.#current;
    let exists = this.#files.has(n);
    let inFile = this.#files.get(n)?.bytes ?? 0;
    let total = this.stats().bytes;
    let files = this.#files.size;
    for (const text of lines) {
      const size = Buffer.byteLength(text);
      if (total > 0 && total + size > this.#config.max_bytes) return this.#noRoom(entries.length, total);
      if (inFile > 0 && inFile + size > this.#fileLimit) {
        n++;
        exists = false;
        inFile = 0;
      }
      if (!exists) {
        if (files >= this.#config.max_files) return this.#noRoom(entries.length, total);
        files++;
        exists = true;
      }
      const last = plan[plan.length - 1];
      if (last?.n === n) {
        last.text.push(text);
        last.bytes += size;
      } else plan.push({ n, text: [text], bytes: size });
      inFile += size;
      total += size;
    }
    let writing: { n: number; before: number } | undefined;
    try {
      for (const part of plan) {
        if (part.n !== this.#current || !this.#handle) {
          await this.#handle?.close();
          this.#handle = undefined;
          this.#current = part.n;
          await mkdir(this.dir, { recursive: true }); // it may have been removed whole
          const created = !this.#files.has(part.n);
          this.#handle = await open(this.#path(part.n), 'a');
          if (created && this.#config.fsync) await syncDir(this.dir); // the new file's name survives a crash
        }
        writing = { n: part.n, before: this.#files.get(part.n)?.bytes ?? 0 };
        await this.#handle.write(part.text.join(''));
        if (this.#config.fsync) await this.#handle.sync();
        const f = this.#files.get(part.n) ?? { bytes: 0, lines: 0 };
        f.bytes += part.bytes;
        f.lines += part.text.length;
        this.#files.set(part.n, f);
        writing = undefined;
      }
    } catch (err) {
      await this.#handle?.close().catch(() => undefined);
      this.#handle = undefined;
      // A half-written line is cut off, so the next write starts on a line of its own.
      if (writing) await truncate(this.#path(writing.n), writing.before).catch(() => undefined);
      await this.#scan().catch(() => undefined);
      throw new DriftwoodError('QUEUE_WRITE_FAILED', `dead-letter file not written: ${(err as Error).message}`, {
        cause: err,
        details: { dir: this.dir },
      });
    }
    this.#full = false;
    this.#written += entries.length;
  }

  #noRoom(events: number, bytes: number): never {
    this.#full = true;
    throw new DriftwoodError(
      'QUEUE_FULL',
      `dead-letter store full (${bytes} of ${this.#config.max_bytes} bytes, ${this.#files.size} of ${this.#config.max_files} files in ${this.dir}): ${events} rejected event(s) kept in the queue; move or delete dead-letter files to make room`,
      { details: { dir: this.dir, bytes, max_bytes: this.#config.max_bytes } },
    );
  }

  #path(n: number): string {
    return path.join(this.dir, `deadletter-${n}.ndjson`);
  }

  /** Sizes of the files on disk; line counts for files not known yet (or that changed size). */
  async #scan(): Promise<void> {
    const names = await readdir(this.dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const next = new Map<number, { bytes: number; lines: number }>();
    for (const name of names) {
      const m = FILE.exec(name);
      if (!m) continue;
      const n = Number(m[1]);
      const size = (await stat(path.join(this.dir, name)).catch(() => undefined))?.size;
      if (size === undefined) continue;
      const known = this.#files.get(n);
      next.set(n, known?.bytes === size ? known : { bytes: size, lines: await countLines(path.join(this.dir, name)) });
    }
    const hadCurrent = this.#files.has(this.#current);
    this.#files = next;
    // Carry on in the newest file; a name this process wrote to and that is gone is not reused.
    let current = Math.max(1, this.#current, ...next.keys());
    if (current === this.#current && hadCurrent && !next.has(current)) current++;
    if (current !== this.#current || !next.has(current)) {
      await this.#handle?.close().catch(() => undefined);
      this.#handle = undefined;
      this.#current = current;
    }
  }

  async close(): Promise<void> {
    await this.#chain;
    await this.#handle?.close();
    this.#handle = undefined;
  }
}

function line(e: DeadLetterEntry, output: string, time: string): string {
  const head = {
    time,
    output,
    ...(e.status !== undefined ? { status: e.status } : {}),
    reason: e.reason,
    id: e.event.id,
    source: e.event.source,
  };
  const json = JSON.stringify(head);
  // The queued document is JSON already: its bytes go in as they are.
  return `${json.slice(0, -1)},"event":${e.event.data.toString('utf8', e.event.start, e.event.end)}}\n`;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    const buf = chunk as Buffer;
    for (let at = buf.indexOf(0x0a); at !== -1; at = buf.indexOf(0x0a, at + 1)) n++;
  }
  return n;
}
