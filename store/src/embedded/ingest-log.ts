/**
 * The embedded store's ingest log: rows of acknowledged writes that are not yet in the events
 * table. A write encodes its rows as CSV (load.ts), appends them here and syncs the file — from
 * then on the write is durable and is acknowledged — and DuckDB loads the file later in one bulk
 * `read_csv`, many writes at once, while Node encodes the next writes. Like Elasticsearch's
 * translog and refresh; reads load what is pending first, so a read sees every acknowledged write.
 *
 * Files are `<seq>.csv` in one directory, loaded in sequence order. The store records the last
 * sequence loaded in the same transaction as its rows, so after a crash a file is loaded exactly
 * once (see Loader.open in loader.ts).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import path from 'node:path';

export interface LogFile {
  seq: number;
  file: string;
  rows: number;
  /** Longest line (for DuckDB's max_line_size): UTF-16 code units, or bytes for leftovers. */
  longestLine: number;
}

const NAME = /^(\d{12})\.csv$/;

export class IngestLog {
  readonly dir: string;
  private current?: LogFile & { handle: FileHandle; bytes: number };
  private nextSeq: number;
  /** The append in progress (take and close wait for it). */
  private appending?: Promise<void>;

  constructor(dir: string, nextSeq: number) {
    this.dir = dir;
    this.nextSeq = nextSeq;
    mkdirSync(dir, { recursive: true });
  }

  /** Files left by an earlier process, oldest first. */
  static leftovers(dir: string): LogFile[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const files: LogFile[] = [];
    for (const name of names) {
      const m = NAME.exec(name);
      if (!m) continue;
      const file = path.join(dir, name);
      const content = readFileSync(file);
      const { rows, longestLine, end } = measure(content);
      if (end < content.length) truncateSync(file, end);
      files.push({ seq: Number(m[1]), file, rows, longestLine });
    }
    return files.sort((a, b) => a.seq - b.seq);
  }

  /** Rows appended since the last `take`. */
  get pendingRows(): number {
    return this.current?.rows ?? 0;
  }

  /**
   * Appends encoded rows (whole lines) and syncs them to disk. Appends must not overlap (the
   * store's write lock orders them); a failed append is cut off the file again and its rows are
   * not counted.
   */
  append(text: Buffer, rows: number, longestLine: number): Promise<void> {
    const done = this.appendNow(text, rows, longestLine);
    this.appending = done.catch(() => undefined);
    return done;
  }

  private async appendNow(text: Buffer, rows: number, longestLine: number): Promise<void> {
    if (!this.current) {
      const seq = this.nextSeq++;
      const file = path.join(this.dir, `${String(seq).padStart(12, '0')}.csv`);
      this.current = { seq, file, rows: 0, longestLine: 0, bytes: 0, handle: await open(file, 'a') };
    }
    const current = this.current;
    try {
      await current.handle.writeFile(text);
      await current.handle.datasync();
    } catch (error) {
      // cut a partial line off, so that the rows before it can still be loaded
      await current.handle.truncate(current.bytes).catch(() => undefined);
      throw error;
    }
    current.bytes += text.length;
    current.rows += rows;
    if (longestLine > current.longestLine) current.longestLine = longestLine;
  }

  /** Closes the file being appended to and hands it over for loading (undefined when empty). */
  async take(): Promise<LogFile | undefined> {
    await this.appending; // the file is handed over with whole appends only
    const current = this.current;
    if (!current) return undefined;
    this.current = undefined;
    await current.handle.close();
    if (current.rows === 0) {
      rmSync(current.file, { force: true });
      return undefined;
    }
    return { seq: current.seq, file: current.file, rows: current.rows, longestLine: current.longestLine };
  }

  /** Deletes a loaded file. */
  remove(file: LogFile): void {
    rmSync(file.file, { force: true });
  }

  /** Closes the current file (its rows stay on disk for the next process). */
  async close(): Promise<void> {
    await this.appending;
    await this.current?.handle.close();
    this.current = undefined;
  }
}

/**
 * Whole lines and longest line of a file's content. A crash during an append can leave a partial
 * last line: it was never acknowledged, and it is cut off (its writer retries the whole write).
 */
export function measure(content: Buffer): { rows: number; longestLine: number; end: number } {
  let rows = 0;
  let longestLine = 0;
  let start = 0;
  for (let nl = content.indexOf(10); nl >= 0; nl = content.indexOf(10, start)) {
    rows++;
    if (nl - start > longestLine) longestLine = nl - start;
    start = nl + 1;
  }
  return { rows, longestLine, end: start };
}
