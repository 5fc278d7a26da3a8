/**
 * The file source: follows files matching globs, through rotation (rename + create, copytruncate,
 * truncation), one read position per file *identity* (see identity.ts), checkpoints advanced only
 * by acknowledgements (registry.ts). One loop does everything in turn — scan, then each file a
 * slice (round robin, at most `max_open_files` open) — woken by fs.watch or a poll timer.
 */
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { BuildContext, EventRef, Source, SourceContext, SourceEvent } from '../../component.ts';
import { Signal } from '../../queue/types.ts';
import { type FileSourceConfig, fileSourceSchema } from './config.ts';
import { DirWatcher, expandGlobs } from './discovery.ts';
import { Harvester } from './harvester.ts';
import { isGzip, readHead, readHeadOfPath } from './identity.ts';
import type { TextLine } from './multiline.ts';
import { type Entry, hashHead, Registry } from './registry.ts';

export const type = 'file';
export const configSchema = fileSourceSchema;

/**
 * A file event's id is `<file id>:<offset of its first byte>`: that is all an acknowledgement
 * needs (the registry knows where each line ends), so file events carry no other position.
 */
export function fileEventId(fileId: string, offset: number): string {
  return `${fileId}:${offset}`;
}

/** The non-negative integer written from `from` to the end of `s`, or -1. */
function digits(s: string, from: number): number {
  if (from >= s.length || s.length - from > 15) return -1;
  let n = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function parseFileEventId(id: string): { fileId: string; offset: number } | undefined {
  const colon = id.lastIndexOf(':');
  const offset = colon > 0 ? digits(id, colon + 1) : -1;
  return offset >= 0 ? { fileId: id.slice(0, colon), offset } : undefined;
}

const SLICE_BYTES = 256 * 1024;
/** One read's size, through a buffer the source reuses. */
const READ_BYTES = 256 * 1024;
const EMIT_EVENTS = 500;

export function build(config: FileSourceConfig, ctx: BuildContext): FileSource {
  return new FileSource(config, ctx.id ?? 'file', ctx.dataDir);
}

export class FileSource implements Source {
  readonly #config: FileSourceConfig;
  readonly #id: string;
  readonly #dataDir: string;
  #ctx: SourceContext | undefined;
  #registry: Registry | undefined;
  readonly #harvesters = new Map<string, Harvester>();
  readonly #wake = new Signal();
  #scanRequested = true;
  #firstScan = true;
  #watcher: DirWatcher | undefined;
  #scanTimer: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;
  #stopping = new AbortController();
  #rr = 0;
  #starved = false;
  #scratch: Buffer | undefined;
  readonly #cwd = process.cwd();

  constructor(config: FileSourceConfig, id: string, dataDir: string) {
    this.#config = config;
    this.#id = id;
    this.#dataDir = dataDir;
  }

  get registry(): Registry | undefined {
    return this.#registry;
  }

  async start(ctx: SourceContext): Promise<void> {
    this.#ctx = ctx;
    this.#registry = new Registry(this.#dataDir, this.#id, ctx.log);
    await this.#registry.load();
    this.#watcher = new DirWatcher((rename) => {
      if (rename) this.#scanRequested = true;
      this.#wake.notify();
    });
    this.#scanTimer = setInterval(() => {
      this.#scanRequested = true;
      this.#wake.notify();
    }, this.#config.scan_interval_ms);
    this.#scanTimer.unref();
    ctx.signal.addEventListener('abort', () => this.#stopping.abort(), { once: true });
    this.#loop = this.#run().catch((err) => {
      if (!this.#stopping.signal.aborted)
        ctx.log.error('file source stopped on an error', { input: this.#id, error: err });
    });
  }

  ack(events: EventRef[]): void {
    const registry = this.#registry;
    if (!registry) return;
    // Runs of events from one file share its prefix: only the offset is read from the rest.
    let prefix = '';
    let fileId = '';
    for (const event of events) {
      const id = event.id;
      const offset = prefix !== '' && id.startsWith(prefix) ? digits(id, prefix.length) : -1;
      if (offset >= 0) {
        registry.ack(fileId, offset);
        continue;
      }
      const at = parseFileEventId(id);
      if (!at) continue;
      fileId = at.fileId;
      prefix = `${fileId}:`;
      registry.ack(fileId, at.offset);
    }
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    this.#wake.notify();
    if (this.#scanTimer) clearInterval(this.#scanTimer);
    this.#watcher?.close();
    await this.#loop;
    for (const h of this.#harvesters.values()) await this.#close(h);
    await this.#registry?.close();
  }

  async #run(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      if (this.#scanRequested) {
        this.#scanRequested = false;
        this.#watcher?.ensure(this.#config.paths, this.#cwd);
        await this.#scan();
      }
      let progressed = false;
      const list = [...this.#harvesters.values()];
      for (let i = 0; i < list.length && !signal.aborted; i++) {
        const h = list[(this.#rr + i) % list.length]!;
        if (await this.#service(h)) progressed = true;
      }
      this.#rr++;
      if (!progressed && !signal.aborted && !this.#scanRequested) {
        await this.#wake.wait(signal, this.#config.poll_interval_ms);
      }
    }
  }

  // ---- discovery -------------------------------------------------------------------------

  async #scan(): Promise<void> {
    const registry = this.#registry!;
    const paths = await expandGlobs(this.#config.paths, this.#config.exclude, this.#cwd);
    const seen = new Set<Harvester>();
    for (const p of paths) {
      let st: Stats;
      try {
        st = await stat(p);
      } catch {
        continue;
      }
      if (!st.isFile() || st.size === 0) continue;
      try {
        const h = await this.#identify(p, st);
        if (h) {
          seen.add(h);
          h.path = p;
          if (!h.gzip) h.size = st.size;
          if (h.entry.path !== p) {
            h.entry.path = p;
            registry.markDirty();
          }
          h.entry.seen = Date.now();
        }
      } catch (err) {
        this.#ctx!.log.warn('file source: could not identify a file; will retry', { path: p, error: String(err) });
      }
    }
    for (const h of this.#harvesters.values()) if (!seen.has(h)) h.path = undefined;
    this.#firstScan = false;
    // Forget entries not seen for a long time.
    const cutoff = Date.now() - this.#config.clean_removed_ms;
    for (const e of [...registry.entries.values()]) {
      const h = this.#harvesters.get(e.id);
      if (e.seen < cutoff && !h?.handle && registry.pending(e.id) === 0) {
        registry.forget(e.id);
        this.#harvesters.delete(e.id);
      }
    }
  }

  /** The harvester for the file at `p`, creating an entry for a new identity. Undefined: skip it for now. */
  async #identify(p: string, st: Stats): Promise<Harvester | undefined> {
    const registry = this.#registry!;
    // An open handle pins its inode: same device + inode is the same file (maybe renamed).
    for (const h of this.#harvesters.values()) {
      if (h.handle && h.dev === st.dev && h.ino === st.ino) return h;
    }
    const n = this.#config.fingerprint_bytes;
    const gzip = isGzip(p);
    const head = await readHeadOfPath(p, n);
    if (head.length === 0) return undefined;
    let entry: Entry | undefined;
    if (head.length === n) entry = registry.findByHead(n, hashHead(head));
    if (!entry) {
      entry = registry
        .findByInode(st.dev, st.ino)
        .find((e) => e.head_len <= head.length && hashHead(head.subarray(0, e.head_len)) === e.head_hash);
    }
    if (entry) {
      const existing = this.#harvesters.get(entry.id);
      if (existing?.handle && (existing.dev !== st.dev || existing.ino !== st.ino)) {
        // A copy of a file still being read (copytruncate in progress): the original wins.
        return undefined;
      }
      if (existing) {
        existing.dev = st.dev;
        existing.ino = st.ino;
        return existing;
      }
      if (entry.dev !== st.dev || entry.ino !== st.ino) {
        entry.dev = st.dev;
        entry.ino = st.ino;
        registry.markDirty();
      }
      if (gzip && entry.done) return undefined;
      const h = this.#newHarvester(entry, p, st, gzip, entry.offset);
      if (!gzip && entry.offset > st.size) {
        // Same head, shorter than our checkpoint: it was truncated and rewritten.
        await this.#replaceEntry(h, head, st);
      }
      return h;
    }
    const startAtEnd = this.#firstScan && this.#config.start_at === 'end';
    const created = await this.#createEntry(p, st, head, startAtEnd && !gzip ? st.size : 0, startAtEnd && gzip);
    return this.#newHarvester(created, p, st, gzip, created.offset);
  }

  async #createEntry(p: string, st: Stats, head: Buffer, offset: number, done = false): Promise<Entry> {
    const hash = hashHead(head);
    const full = head.length >= this.#config.fingerprint_bytes;
    const preferred = full ? hash : `${hash.slice(0, 12)}-i${st.ino}`;
    const entry = await this.#registry!.create(
      { dev: st.dev, ino: st.ino, head_len: head.length, head_hash: hash, offset, path: p, ...(done ? { done } : {}) },
      preferred,
    );
    this.#ctx!.log.info('file source: new file', { input: this.#id, path: p, file_id: entry.id, offset });
    return entry;
  }

  #newHarvester(entry: Entry, p: string, st: Stats, gzip: boolean, readPos: number): Harvester {
    const h = new Harvester(
      entry,
      { path: p, dev: st.dev, ino: st.ino, gzip, readPos },
      this.#config.max_line_bytes,
      this.#config.multiline,
    );
    h.size = gzip ? 0 : st.size;
    this.#harvesters.set(entry.id, h);
    return h;
  }

  /** The file under `h` was truncated or rewritten: the old identity stays (a copy may carry it on), a new one starts at 0. */
  async #replaceEntry(h: Harvester, head: Buffer, st: Stats): Promise<void> {
    const old = h.entry;
    const orphan = new Harvester(
      old,
      { path: undefined, dev: h.dev, ino: h.ino, gzip: h.gzip, readPos: 0 },
      this.#config.max_line_bytes,
      this.#config.multiline,
    );
    orphan.rewind(Math.min(h.pendingStart, h.readPos));
    this.#harvesters.set(old.id, orphan);
    this.#ctx!.log.info('file source: file truncated or rewritten; reading it from the start', {
      input: this.#id,
      path: h.path,
      old_file_id: old.id,
    });
    const created = await this.#createEntry(h.path ?? old.path, st, head, 0);
    h.entry = created;
    h.rewind(0);
    h.size = st.size;
    this.#harvesters.set(created.id, h);
  }

  // ---- reading ---------------------------------------------------------------------------

  /** Gives one file its turn. True when it read or emitted something. */
  async #service(h: Harvester): Promise<boolean> {
    if (h.gzip) return this.#serviceGzip(h);
    if (!h.handle) {
      if (!h.path || h.size === h.readPos) return false;
      if (!(await this.#acquireSlot())) {
        this.#starved = true;
        return false;
      }
      try {
        const handle = await open(h.path, 'r');
        const st = await handle.stat();
        if (st.dev !== h.dev || st.ino !== h.ino) {
          await handle.close();
          h.path = undefined;
          this.#scanRequested = true;
          return false;
        }
        h.handle = handle;
      } catch {
        h.path = undefined;
        this.#scanRequested = true;
        return false;
      }
    }
    const handle = h.handle;
    const st = await handle.stat();
    h.size = st.size;
    if (st.size < h.readPos || (st.mtimeMs !== h.mtimeMs && !(await this.#headStillMatches(h, st)))) {
      const head = await readHead(handle, this.#config.fingerprint_bytes);
      await this.#replaceEntry(h, head, st);
      h.mtimeMs = st.mtimeMs;
      return true;
    }
    h.mtimeMs = st.mtimeMs;
    if (st.size > h.readPos) {
      // Read only what can be queued now, so the lines read are not held (and aged) while waiting.
      await this.#ctx?.room?.(2 * EMIT_EVENTS);
      this.#scratch ??= Buffer.allocUnsafe(READ_BYTES);
      const lines = await h.read(SLICE_BYTES, this.#scratch);
      await this.#emitLines(h, lines);
      if (this.#starved && h.path) {
        // Others wait for a slot: take turns (this file reopens at its path later).
        this.#starved = false;
        await this.#close(h);
      }
      return true;
    }
    const idle = Date.now() - h.lastActivity;
    const finished = !h.path && idle >= this.#config.close_removed_ms;
    const flushed = h.flush(finished);
    if (flushed.length > 0) await this.#emitLines(h, flushed);
    if (finished) {
      await this.#close(h);
    } else if (h.path && idle >= this.#config.close_inactive_ms) {
      await this.#close(h);
    }
    return flushed.length > 0;
  }

  /** Checks the identity is unchanged; grows the head of a short file as it grows. */
  async #headStillMatches(h: Harvester, st: Stats): Promise<boolean> {
    const e = h.entry;
    const n = this.#config.fingerprint_bytes;
    const want = Math.min(n, Math.max(e.head_len, st.size));
    const head = await readHead(h.handle!, want);
    if (head.length < e.head_len || hashHead(head.subarray(0, e.head_len)) !== e.head_hash) return false;
    if (head.length > e.head_len) {
      e.head_len = head.length;
      e.head_hash = hashHead(head);
      this.#registry!.markDirty();
    }
    return true;
  }

  async #serviceGzip(h: Harvester): Promise<boolean> {
    if (h.entry.done || !h.path) return false;
    const p = h.path;
    try {
      const st = await stat(p);
      if (Date.now() - st.mtimeMs < 1000) return false; // still being written
      const end = await h.readGzip(p, (lines) => this.#emitLines(h, lines), this.#stopping.signal);
      if (this.#stopping.signal.aborted) return true;
      h.entry.done = true;
      h.readPos = end;
      this.#registry!.markDirty();
      this.#ctx!.log.info('file source: compressed file read', { input: this.#id, path: p, bytes: end });
    } catch (err) {
      if (this.#stopping.signal.aborted) throw err;
      this.#ctx!.log.warn('file source: could not read a compressed file; will retry', {
        path: p,
        error: String(err),
      });
      h.rewind(h.entry.offset);
      h.path = undefined;
    }
    return true;
  }

  async #emitLines(h: Harvester, lines: TextLine[]): Promise<void> {
    const registry = this.#registry!;
    const ctx = this.#ctx!;
    let batch: SourceEvent[] = [];
    const shape = this.#shape(h, new Date().toISOString());
    for (const line of lines) {
      if (line.text === '' && line.flags.length === 0) {
        registry.track(h.entry.id, line.start, line.end, true);
        continue;
      }
      registry.track(h.entry.id, line.start, line.end, false);
      batch.push(this.#event(h, line, shape));
      if (batch.length >= EMIT_EVENTS) {
        await ctx.emit(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await ctx.emit(batch);
  }

  /**
   * A line's document is serialized here, from the parts every line of this read shares:
   * `{"@timestamp", "message", "host", "agent", "input", "log": {"file": {"path"}, "offset", "flags"?}}`.
   */
  #shape(h: Harvester, timestamp: string): { head: string; mid: string } {
    const ctx = this.#ctx!;
    const host = JSON.stringify({ name: ctx.hostName });
    const path = JSON.stringify(h.path ?? h.entry.path);
    return {
      head: `{"@timestamp":${JSON.stringify(timestamp)},"message":`,
      mid: `,"host":${host},"agent":${JSON.stringify(ctx.agent)},"input":{"type":"file"},"log":{"file":{"path":${path}},"offset":`,
    };
  }

  #event(h: Harvester, line: TextLine, shape: { head: string; mid: string }): SourceEvent {
    const flags = line.flags.length > 0 ? `,"flags":${JSON.stringify(line.flags)}` : '';
    return {
      id: fileEventId(h.entry.id, line.start),
      source: this.#id,
      json: [shape.head, JSON.stringify(line.text), shape.mid, `${line.start}${flags}}}`],
    };
  }

  // ---- open files ------------------------------------------------------------------------

  async #acquireSlot(): Promise<boolean> {
    let open = 0;
    let victim: Harvester | undefined;
    for (const h of this.#harvesters.values()) {
      if (!h.handle) continue;
      open++;
      if (h.path && h.readPos >= h.size && (!victim || h.lastActivity < victim.lastActivity)) victim = h;
    }
    if (open < this.#config.max_open_files) return true;
    if (!victim) return false;
    await this.#close(victim);
    return true;
  }

  async #close(h: Harvester): Promise<void> {
    if (!h.handle) return;
    const handle = h.handle;
    h.handle = undefined;
    h.rewind();
    h.mtimeMs = 0;
    await handle.close().catch(() => undefined);
  }
}
