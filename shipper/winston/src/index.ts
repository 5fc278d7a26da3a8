/**
 * DriftwoodTransport: a winston transport that ships log entries to a Driftwood shipper's `http` input.
 *
 *   logger.add(new DriftwoodTransport({ url: 'http://127.0.0.1:8080/', apiKey: 'k' }));
 *
 * - Entries are buffered and POSTed as NDJSON batches (`batchSize` entries, or every
 *   `flushIntervalMs`), one request in flight at a time, so entries arrive in order.
 * - Every batch carries an `x-request-id` that stays the same across its retries: the shipper derives
 *   event ids from it, so a retried batch never duplicates events.
 * - Never blocks the app: `log()` returns at once. The buffer holds at most `maxBufferedEvents`;
 *   when full, the oldest entry is dropped and counted (a `warn` event on the transport — winston
 *   re-emits it on the logger — and a process warning, with the count).
 * - Retries with exponential backoff (honouring `Retry-After`) on network errors, 408, 429 and 5xx;
 *   413 splits the batch; other 4xx drop the batch with a warning (retrying cannot help).
 * - `flush()` resolves when everything buffered was sent (or its timeout passed). winston calls
 *   `close()` on `logger.close()` and ends the stream on `logger.end()`: both flush, bounded by
 *   `closeTimeoutMs`; `logger.on('finish')` fires after the flush.
 * - Document shape: `@timestamp` (winston's `timestamp` when present, else the log time),
 *   `message`, `log.level`, `log.logger` (`loggerName`), `error.*` for errors, other fields as given.
 */
import { randomBytes } from 'node:crypto';
import TransportStream from 'winston-transport';

export interface RetryOptions {
  /** First delay after a failure (ms). */
  initialDelayMs?: number;
  /** Longest delay (ms). */
  maxDelayMs?: number;
  /** Attempts per batch before it is dropped with a warning; `Infinity` retries for ever. */
  maxAttempts?: number;
}

export interface DriftwoodTransportOptions extends TransportStream.TransportStreamOptions {
  /** The shipper's http input, e.g. `http://127.0.0.1:8080/`. */
  url: string;
  /** Sent as `Authorization: ApiKey <key>`. */
  apiKey?: string;
  /** Entries per POST (default 500). */
  batchSize?: number;
  /** Longest an entry waits before its batch is sent (default 1000 ms). */
  flushIntervalMs?: number;
  /** Entries held while the shipper is slow or away; beyond it the oldest are dropped (default 10,000). */
  maxBufferedEvents?: number;
  retry?: RetryOptions;
  /** Timeout of one POST (default 10 s). */
  requestTimeoutMs?: number;
  /** Longest `close()` / `logger.end()` waits to send what is buffered (default 5 s). */
  closeTimeoutMs?: number;
  /** Name put in `log.logger`. */
  loggerName?: string;
}

export interface DriftwoodTransportStats {
  /** Entries accepted by the shipper. */
  sent: number;
  /** Entries dropped because the buffer was full. */
  dropped: number;
  /** Entries dropped because the shipper refused them for good, or retries ran out. */
  failed: number;
  /** Retried requests. */
  retries: number;
  buffered: number;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** JSON-safe copy: errors become objects, circular references and functions are cut, BigInts become strings. */
function toJson(value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): Json | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value) || depth > 32) return '[Circular]';
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (value instanceof Error) return { type: value.name, message: value.message, stack_trace: value.stack ?? null };
    if (Buffer.isBuffer(value)) return value.toString('base64');
    if (Array.isArray(value)) return value.map((v) => toJson(v, seen, depth + 1) ?? null);
    const maybeToJson = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof maybeToJson === 'function') return toJson(maybeToJson.call(value), seen, depth + 1);
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const j = toJson(v, seen, depth + 1);
      if (j !== undefined) out[k] = j;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/** A winston `info` object → the document sent to the shipper. */
export function infoToDocument(info: Record<string, unknown>, loggerName?: string): { [key: string]: Json } {
  const { level, message, timestamp, stack, ...rest } = info;
  const doc: { [key: string]: Json } = {};
  const ts = typeof timestamp === 'string' || typeof timestamp === 'number' ? new Date(timestamp) : new Date();
  doc['@timestamp'] = Number.isNaN(ts.getTime()) ? new Date().toISOString() : ts.toISOString();
  doc.message = typeof message === 'string' ? message : (JSON.stringify(toJson(message)) ?? '');
  for (const [k, v] of Object.entries(rest)) {
    const j = toJson(v);
    if (j !== undefined) doc[k] = j;
  }
  const log: { [key: string]: Json } =
    typeof doc.log === 'object' && doc.log !== null && !Array.isArray(doc.log) ? { ...doc.log } : {};
  if (typeof level === 'string') log.level = level;
  if (loggerName !== undefined) log.logger = loggerName;
  doc.log = log;
  if (typeof stack === 'string') {
    const error: { [key: string]: Json } =
      typeof doc.error === 'object' && doc.error !== null && !Array.isArray(doc.error) ? { ...doc.error } : {};
    error.stack_trace = stack;
    if (error.message === undefined) error.message = doc.message;
    doc.error = error;
  }
  return doc;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

export class DriftwoodTransport extends TransportStream {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxBuffered: number;
  private readonly retry: Required<RetryOptions>;
  private readonly requestTimeoutMs: number;
  private readonly closeTimeoutMs: number;
  private readonly loggerName: string | undefined;
  private readonly instanceId = randomBytes(8).toString('hex');
  private buffer: string[] = [];
  private batchSeq = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private isClosed = false;
  private readonly counters = { sent: 0, dropped: 0, failed: 0, retries: 0 };
  /** Aborts retry waits and requests once closed, so a process can exit even when the shipper is away. */
  private readonly stopping = new AbortController();
  private readonly onBeforeExit = () => {
    if (this.buffer.length > 0 && !this.isClosed) void this.shutdown();
  };

  constructor(options: DriftwoodTransportOptions) {
    super(options);
    if (!/^https?:\/\//.test(options.url))
      throw new TypeError(`DriftwoodTransport: url must be http(s), got ${options.url}`);
    this.url = options.url;
    this.headers = { 'content-type': 'application/x-ndjson' };
    if (options.apiKey !== undefined) this.headers.authorization = `ApiKey ${options.apiKey}`;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.flushIntervalMs = Math.max(1, options.flushIntervalMs ?? 1_000);
    this.maxBuffered = Math.max(1, options.maxBufferedEvents ?? 10_000);
    this.retry = {
      initialDelayMs: options.retry?.initialDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 10_000,
      maxAttempts: options.retry?.maxAttempts ?? Number.POSITIVE_INFINITY,
    };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 5_000;
    this.loggerName = options.loggerName;
    // An app that just stops logging and lets the event loop empty still gets its last entries sent.
    process.on('beforeExit', this.onBeforeExit);
  }

  override log(info: Record<string, unknown>, next: () => void): void {
    if (!this.isClosed) {
      let line: string;
      try {
        line = JSON.stringify(infoToDocument(info, this.loggerName));
      } catch {
        line = JSON.stringify({ '@timestamp': new Date().toISOString(), message: String(info.message) });
      }
      if (this.buffer.length >= this.maxBuffered) {
        this.buffer.shift();
        this.counters.dropped++;
        if (this.counters.dropped === 1 || this.counters.dropped % 1000 === 0) {
          const warning = new Error(
            `DriftwoodTransport: buffer full (${this.maxBuffered} entries), dropped the oldest; ${this.counters.dropped} dropped so far`,
          );
          this.emit('warn', warning);
          process.emitWarning(warning.message, 'DriftwoodTransportWarning');
        }
      }
      this.buffer.push(line);
      if (this.buffer.length >= this.batchSize) this.kick();
      else this.schedule();
    }
    this.emit('logged', info);
    next();
  }

  /** Sends everything buffered; resolves when done or after `timeoutMs` (whatever is left stays buffered). */
  async flush(timeoutMs = this.closeTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.buffer.length > 0 || this.sending) && Date.now() < deadline) {
      this.kick();
      const pending = this.sending;
      if (!pending) break;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pending,
        new Promise<void>((r) => {
          timer = setTimeout(r, Math.max(0, deadline - Date.now()));
        }),
      ]);
      clearTimeout(timer);
    }
  }

  /** Called by winston on `logger.close()` (and when the transport is removed). */
  override close(): Promise<void> {
    return this.shutdown();
  }

  /** `logger.end()` ends the transport stream: 'finish' waits for this flush. */
  override _final(callback: (error?: Error | null) => void): void {
    this.shutdown().then(
      () => callback(),
      () => callback(),
    );
  }

  stats(): DriftwoodTransportStats {
    return { ...this.counters, buffered: this.buffer.length };
  }

  private shuttingDown: Promise<void> | undefined;
  private shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      await this.flush(this.closeTimeoutMs);
      this.isClosed = true;
      this.stopping.abort();
      await this.sending;
      clearTimeout(this.timer);
      process.off('beforeExit', this.onBeforeExit);
      if (this.buffer.length > 0) {
        const warning = new Error(`DriftwoodTransport: closed with ${this.buffer.length} entries not sent`);
        this.emit('warn', warning);
        process.emitWarning(warning.message, 'DriftwoodTransportWarning');
      }
    })();
    return this.shuttingDown;
  }

  private schedule(): void {
    if (this.timer || this.sending) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.flushIntervalMs);
    this.timer.unref();
  }

  /** Starts the send loop unless it runs. */
  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.sending || this.buffer.length === 0) return;
    this.sending = this.sendLoop().finally(() => {
      this.sending = undefined;
      if (this.buffer.length > 0 && !this.isClosed) this.schedule();
    });
  }

  private async sendLoop(): Promise<void> {
    while (this.buffer.length > 0 && !this.isClosed) {
      const batch = this.buffer.splice(0, this.batchSize);
      await this.sendBatch(batch, `${this.instanceId}-${this.batchSeq++}`);
      // A partial batch during normal operation waits for the interval (unless closing).
      if (this.buffer.length < this.batchSize && !this.shuttingDown) break;
    }
  }

  private async sendBatch(batch: string[], requestId: string): Promise<void> {
    let delay = this.retry.initialDelayMs;
    for (let attempt = 1; ; attempt++) {
      if (this.isClosed) {
        this.buffer.unshift(...batch); // counted as "not sent" by shutdown
        return;
      }
      let retryAfterMs: number | undefined;
      let reason: string;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { ...this.headers, 'x-request-id': requestId },
          body: `${batch.join('\n')}\n`,
          signal: AbortSignal.any([AbortSignal.timeout(this.requestTimeoutMs), this.stopping.signal]),
        });
        await res.arrayBuffer().catch(() => undefined);
        if (res.ok) {
          this.counters.sent += batch.length;
          return;
        }
        if (res.status === 413 && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          await this.sendBatch(batch.slice(0, half), `${requestId}.a`);
          await this.sendBatch(batch.slice(half), `${requestId}.b`);
          return;
        }
        if (!(res.status === 408 || res.status === 429 || res.status >= 500)) {
          this.counters.failed += batch.length;
          this.emit(
            'warn',
            new Error(`DriftwoodTransport: shipper answered ${res.status}, dropped ${batch.length} entries`),
          );
          return;
        }
        const header = Number(res.headers.get('retry-after'));
        if (Number.isFinite(header) && header > 0) retryAfterMs = Math.min(header * 1000, this.retry.maxDelayMs);
        reason = `HTTP ${res.status}`;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= this.retry.maxAttempts) {
        this.counters.failed += batch.length;
        this.emit(
          'warn',
          new Error(
            `DriftwoodTransport: gave up after ${attempt} attempts (${reason}), dropped ${batch.length} entries`,
          ),
        );
        return;
      }
      this.counters.retries++;
      await sleep(retryAfterMs ?? delay, this.stopping.signal);
      delay = Math.min(delay * 2, this.retry.maxDelayMs);
    }
  }
}

export default DriftwoodTransport;
