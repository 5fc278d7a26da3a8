/**
 * The bulk output: any Elasticsearch-compatible `_bulk` endpoint (the Driftwood indexer,
 * OpenSearch, Elasticsearch). Each event is a `create` with `_id` = the event id, so a retry or a
 * redelivery after a restart never duplicates.
 *
 * - Per-item results (inside a 200 `_bulk` answer) are honoured: 200/201 and 409 (already there)
 *   are acknowledged; 429 and 5xx items are retried with exponential backoff and jitter (only
 *   those items); 401/403/404/408 items (a read-only or missing index, a permission) are retried
 *   too and make the output unhealthy, since they are the endpoint's state, not the event's; any
 *   other item status (400 mapping conflicts, malformed documents, 413, 422, …) is `rejected` with
 *   the store's reason, which puts the event in the dead-letter file (see `deadletter.ts`).
 * - A whole-request failure — any non-2xx status but 413 (a mistyped path, a proxy, a
 *   misconfigured index, auth: 400, 401, 403, 404, 429, 5xx, …), a transport error, or a 2xx whose
 *   body is not a `_bulk` answer for these events — is a fault of the endpoint: the events are
 *   kept and the request retried with capped exponential backoff and jitter, and the output is
 *   unhealthy (with the status line and a bounded snippet of the body) until a request succeeds.
 *   A whole-request failure never rejects or acknowledges anything.
 * - A 413 splits the batch in halves; a single document still refused is rejected (dead-lettered).
 *
 * Credentials and TLS as Filebeat's Elasticsearch output takes them: `api_key: id:key` (what
 * `driftwood apikeys create --role ingest` prints; sent as `Authorization: ApiKey base64(id:key)`,
 * as Elasticsearch wants it), or from `api_key_env` / `api_key_file` so the key stays out of the
 * config file; or `username` + `password` (Basic). `https://` URLs are verified against the
 * system's CAs, or against `ssl.certificate_authorities` when given — never not verified.
 */
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { backoffDelay, DriftwoodError, printableUrl, sleep } from '@driftwood/core';
import { z } from 'zod';
import type { BuildContext, Logger, Output, OutputResult, QueuedEvent } from '../component.ts';
import { describeAnswer, OutputHealth } from './health.ts';
import { HttpPoster, type PostResponse } from './http-post.ts';

const gzip = promisify(gzipCallback);

export const type = 'bulk';
/** `indexer` is the same output, named for the Driftwood indexer. */
export const aliases = ['indexer'];

export const configSchema = z
  .object({
    type: z.enum(['bulk', 'indexer']),
    url: z.url().describe('Base URL of the endpoint; `/_bulk` is appended (e.g. `http://127.0.0.1:9200`).'),
    index: z.string().min(1).default('logs-driftwood').describe('Index (or data stream) to write to.'),
    api_key: z
      .string()
      .min(1)
      .optional()
      .describe(
        'API key as `id:key` (as `driftwood apikeys create --role ingest` prints it, and as Filebeat takes it), sent as `Authorization: ApiKey base64(id:key)`; a value without `:` is sent as it is (an already encoded key).',
      ),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe('Name of an environment variable holding the API key (`id:key`), read at start.'),
    api_key_file: z
      .string()
      .min(1)
      .optional()
      .describe('File holding the API key (`id:key`), e.g. a Docker or Kubernetes secret, read at start.'),
    username: z.string().min(1).optional().describe('Basic auth user (with `password`).'),
    password: z.string().optional().describe('Basic auth password.'),
    ssl: z
      .strictObject({
        certificate_authorities: z
          .array(z.string().min(1))
          .min(1)
          .describe(
            'PEM files of the CAs that sign the endpoint certificate (instead of the system CAs), as in Filebeat.',
          ),
      })
      .optional()
      .describe('TLS for `https://` URLs; the certificate is always verified.'),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra HTTP headers.'),
    batch_max_events: z.number().int().positive().default(1000).describe('Most events per `_bulk` request.'),
    batch_max_bytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024)
      .describe('Most bytes of documents per `_bulk` request.'),
    flush_interval_ms: z.number().int().nonnegative().default(250).describe('Longest wait for a batch to fill.'),
    max_in_flight: z.number().int().positive().default(4).describe('Requests sent concurrently.'),
    gzip: z.boolean().default(false).describe('Compress request bodies (`Content-Encoding: gzip`).'),
    timeout_ms: z
      .number()
      .int()
      .positive()
      .default(60_000)
      .describe('Per-request timeout; a timed-out request is retried.'),
    backoff_initial_ms: z
      .number()
      .int()
      .positive()
      .default(250)
      .describe('First retry delay (doubles each time, with jitter).'),
    backoff_max_ms: z.number().int().positive().default(30_000).describe('Longest retry delay.'),
  })
  .strict()
  .refine((c) => (c.username === undefined) === (c.password === undefined), {
    message: '`username` and `password` go together',
    path: ['username'],
  })
  .refine((c) => [c.api_key, c.api_key_env, c.api_key_file, c.username].filter((v) => v !== undefined).length <= 1, {
    message: 'use one of `api_key`, `api_key_env`, `api_key_file` and `username`/`password`',
    path: ['api_key'],
  });

export type BulkConfig = z.infer<typeof configSchema>;

interface BulkItem {
  status?: number;
  error?: { type?: string; reason?: string } | string;
}

/** `id:key` → what follows `ApiKey ` (base64 of it, as Elasticsearch takes it); an encoded key as it is. */
export function apiKeyHeader(key: string): string {
  const k = key.trim();
  return `ApiKey ${k.includes(':') ? Buffer.from(k).toString('base64') : k}`;
}

/** The API key from `api_key`, `api_key_env` or `api_key_file`; CONFIG_INVALID naming the source (never the key). */
export function resolveApiKey(config: BulkConfig, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (config.api_key !== undefined) return config.api_key;
  if (config.api_key_env !== undefined) {
    const value = env[config.api_key_env]?.trim();
    if (!value)
      throw new DriftwoodError(
        'CONFIG_INVALID',
        `bulk: api_key_env: the environment variable ${config.api_key_env} is not set`,
      );
    return value;
  }
  if (config.api_key_file !== undefined) {
    let value: string;
    try {
      value = readFileSync(config.api_key_file, 'utf8').trim();
    } catch (error) {
      throw new DriftwoodError(
        'CONFIG_INVALID',
        `bulk: api_key_file: cannot read ${config.api_key_file}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    if (value === '') throw new DriftwoodError('CONFIG_INVALID', `bulk: api_key_file: ${config.api_key_file} is empty`);
    return value;
  }
  return undefined;
}

function readCas(files: readonly string[] | undefined): Buffer[] | undefined {
  if (files === undefined) return undefined;
  return files.map((file) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new DriftwoodError(
        'CONFIG_INVALID',
        `bulk: ssl.certificate_authorities: cannot read ${file}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  });
}

export function build(config: BulkConfig, ctx: BuildContext): BulkOutput {
  return new BulkOutput(config, ctx.log);
}

export class BulkOutput implements Output {
  readonly batching;
  readonly health: OutputHealth;
  readonly #config: BulkConfig;
  readonly #log: Logger;
  readonly #poster: HttpPoster;
  /** Request bodies kept for reuse: one per request in flight. */
  readonly #freeBodies: Buffer[] = [];
  readonly #headers: Record<string, string>;
  /** `{"create":{"_index":"…","_id":` — the constant start of every action line, as bytes. */
  readonly #actionPrefix: Buffer;
  #lastWarn = 0;

  constructor(config: BulkConfig, log: Logger) {
    this.#config = config;
    this.#log = log;
    this.batching = {
      maxEvents: config.batch_max_events,
      maxBytes: config.batch_max_bytes,
      lingerMs: config.flush_interval_ms,
      maxInFlight: config.max_in_flight,
    };
    const base = config.url.replace(/\/+$/, '');
    this.health = new OutputHealth('bulk', log, printableUrl(`${base}/_bulk`));
    this.#poster = new HttpPoster(
      `${base}/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason`,
      config.max_in_flight,
      { ca: readCas(config.ssl?.certificate_authorities) },
    );
    this.#actionPrefix = Buffer.from(`{"create":{"_index":${JSON.stringify(config.index)},"_id":`);
    this.#headers = { 'content-type': 'application/x-ndjson', ...config.headers };
    const apiKey = resolveApiKey(config);
    if (apiKey !== undefined) this.#headers.authorization = apiKeyHeader(apiKey);
    if (config.username !== undefined) {
      const token = Buffer.from(`${config.username}:${config.password ?? ''}`).toString('base64');
      this.#headers.authorization = `Basic ${token}`;
    }
    if (config.gzip) this.#headers['content-encoding'] = 'gzip';
  }

  async send(events: QueuedEvent[], signal: AbortSignal): Promise<OutputResult> {
    const result: OutputResult = { acked: [], rejected: [] };
    let pending = events;
    let attempt = 0;
    while (pending.length > 0 && !signal.aborted) {
      const outcome = await this.#request(pending, signal);
      if (outcome.kind === 'items') {
        const retry: QueuedEvent[] = [];
        let blocked: { status: number; error: BulkItem['error'] } | undefined;
        for (let i = 0; i < pending.length; i++) {
          const event = pending[i]!;
          const item = outcome.items[i];
          const status = item?.status ?? 0;
          if (status === 200 || status === 201 || status === 409) result.acked.push(event);
          else if (status === 429 || status >= 500 || status === 0) retry.push(event);
          else if (ENDPOINT_ITEM_STATUSES.has(status)) {
            retry.push(event);
            blocked ??= { status, error: item?.error };
          } else result.rejected.push({ event, status, reason: describeError(status, item?.error) });
        }
        if (blocked) {
          this.health.fault(
            `items refused: ${describeError(blocked.status, blocked.error).replace(/^\w+: /, '')}`,
            blocked.status,
          );
        } else this.health.ok();
        if (retry.length < pending.length) attempt = 0;
        pending = retry;
        if (pending.length > 0) this.#warn(`bulk: ${pending.length} item(s) to retry`, { status: outcome.statuses });
      } else if (outcome.kind === 'too-large') {
        this.health.ok();
        if (pending.length === 1) {
          result.rejected.push({
            event: pending[0]!,
            status: 413,
            reason: `PAYLOAD_TOO_LARGE: the endpoint refused the document (${outcome.answer})`,
          });
        } else {
          const half = Math.ceil(pending.length / 2);
          for (const part of [pending.slice(0, half), pending.slice(half)]) {
            const sub = await this.send(part, signal);
            result.acked.push(...sub.acked);
            result.rejected.push(...sub.rejected);
          }
        }
        pending = [];
      } else if (outcome.kind === 'fault') {
        const news = this.health.healthy; // then the health's own warning says it
        this.health.fault(outcome.answer, outcome.status);
        if (news) this.#lastWarn = Date.now();
        else {
          this.#warn(`bulk: ${this.health.report().answer}; the events are kept and the request retried`, {
            endpoint: this.health.endpoint,
          });
        }
      }
      if (pending.length > 0 && !signal.aborted) {
        const delay = backoffDelay(attempt, {
          baseMs: this.#config.backoff_initial_ms,
          maxMs: this.#config.backoff_max_ms,
          jitter: 'equal',
        });
        attempt = Math.min(attempt + 1, 30);
        await sleep(delay, signal);
      }
    }
    return result;
  }

  async #request(
    events: QueuedEvent[],
    signal: AbortSignal,
  ): Promise<
    | { kind: 'items'; items: BulkItem[]; statuses: Record<number, number> }
    | { kind: 'fault'; answer: string; status: number }
    | { kind: 'too-large'; answer: string }
    | { kind: 'aborted' }
  > {
    const text = this.#body(events);
    let body = text;
    if (this.#config.gzip) {
      body = await gzip(text);
      this.#reuse(text);
    }
    let res: PostResponse;
    try {
      res = await this.#poster.post(body, this.#headers, signal, this.#config.timeout_ms);
    } catch (err) {
      // A failed request's body is not reused: the socket may not be done with it.
      if (signal.aborted) return { kind: 'aborted' }; // stopping: not the endpoint's fault
      return { kind: 'fault', status: 0, answer: `request failed: ${(err as Error).message}` };
    }
    if (body === text) this.#reuse(text); // answered: every byte of it was sent
    const raw = res.text;
    if (res.status === 413) return { kind: 'too-large', answer: describeAnswer(413, res.statusText, raw) };
    if (res.status < 200 || res.status >= 300) {
      return { kind: 'fault', status: res.status, answer: describeAnswer(res.status, res.statusText, raw) };
    }
    if (ERRORS_FALSE.test(raw) && countOf(raw, '"status":') === events.length) {
      // No item failed (as Elasticsearch says with `errors: false`): nothing to read item by item.
      return { kind: 'items', items: events.map(() => CREATED), statuses: { 201: events.length } };
    }
    let parsed: { errors?: boolean; items?: Array<Record<string, BulkItem>> };
    try {
      parsed = JSON.parse(raw);
    } catch {
      return {
        kind: 'fault',
        status: res.status,
        answer: `not a _bulk answer: ${describeAnswer(res.status, res.statusText, raw)}`,
      };
    }
    if (parsed.errors === false && !parsed.items) {
      return { kind: 'items', items: events.map(() => ({ status: 201 })), statuses: {} };
    }
    const items = (Array.isArray(parsed.items) ? parsed.items : []).map((i) => Object.values(i ?? {})[0] ?? {});
    if (items.length !== events.length) {
      return {
        kind: 'fault',
        status: res.status,
        answer: `_bulk answered ${items.length} items for ${events.length}: ${describeAnswer(res.status, res.statusText, raw)}`,
      };
    }
    const statuses: Record<number, number> = {};
    for (const i of items) statuses[i.status ?? 0] = (statuses[i.status ?? 0] ?? 0) + 1;
    return { kind: 'items', items, statuses };
  }

  /** The NDJSON body, written straight into one buffer: a `create` line, then the queued document's bytes. */
  #body(events: QueuedEvent[]): Buffer {
    const prefix = this.#actionPrefix;
    const ids: string[] = new Array(events.length);
    // An id's UTF-8 takes at most 3 bytes per UTF-16 code unit; documents are copied as they are.
    let bound = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      const id = JSON.stringify(e.id);
      ids[i] = id;
      bound += prefix.length + id.length * 3 + (e.end - e.start) + 4;
    }
    const body = this.#buffer(bound);
    let pos = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      pos += prefix.copy(body, pos);
      pos += body.write(ids[i]!, pos, 'utf8');
      body[pos++] = 0x7d; // }
      body[pos++] = 0x7d;
      body[pos++] = 0x0a;
      pos += e.data.copy(body, pos, e.start, e.end);
      body[pos++] = 0x0a;
    }
    return body.subarray(0, pos);
  }

  /** A buffer for a body of up to `bound` bytes: a reused one when it is big enough. */
  #buffer(bound: number): Buffer {
    const free = this.#freeBodies.pop();
    if (free && free.length >= bound) return free;
    // Not from the shared small-buffer pool: a reused body must own its memory.
    return Buffer.allocUnsafeSlow(Math.max(bound, free?.length ?? 0));
  }

  /** Takes back a body (or a view of one) once nothing reads it any more. */
  #reuse(body: Buffer): void {
    if (body.byteOffset === 0 && this.#freeBodies.length <= this.#config.max_in_flight) {
      this.#freeBodies.push(Buffer.from(body.buffer));
    }
  }

  #warn(message: string, fields: Record<string, unknown>): void {
    const now = Date.now();
    if (now - this.#lastWarn < 5000) return;
    this.#lastWarn = now;
    this.#log.warn(message, fields);
  }

  async close(): Promise<void> {
    this.#poster.close();
  }
}

/** The start of a `_bulk` answer in which no item failed (`filter_path` puts `errors` first). */
const ERRORS_FALSE = /^\s*\{\s*(?:"took"\s*:\s*\d+\s*,\s*)?"errors"\s*:\s*false\b/;
const CREATED: BulkItem = Object.freeze({ status: 201 });
/**
 * Item statuses that are the endpoint's state rather than the event's (a read-only index, a
 * missing index with auto-create off, a permission, a timeout): retried, and reported unhealthy.
 */
const ENDPOINT_ITEM_STATUSES = new Set([401, 403, 404, 408]);

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function describeError(status: number, error: BulkItem['error']): string {
  const code =
    status === 400 && typeof error === 'object' && /mapp(er|ing)|document_parsing/.test(error?.type ?? '')
      ? 'MAPPING_CONFLICT'
      : 'STORE_REJECTED';
  const text = typeof error === 'string' ? error : `${error?.type ?? 'error'}: ${error?.reason ?? ''}`.trim();
  // The store's reason may quote the document: bounded.
  return `${code}: HTTP ${status} ${text.length > 1000 ? `${text.slice(0, 1000)}…` : text}`;
}
