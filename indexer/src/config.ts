/**
 * The indexer's configuration (`driftwood index --config indexer.yml`): one zod schema whose
 * descriptions are the reference docs. Loaded with core's config loader: every problem is
 * reported with file:line:column (unknown keys with a did-you-mean); the result is validated once
 * at start and frozen.
 */
import { readFileSync } from 'node:fs';
import {
  DriftwoodError,
  type HostPort,
  hostPortSchema,
  isLoopbackHost,
  loadConfig as loadYamlConfig,
  parseHostPort,
  validateConfig,
} from '@driftwood/core';
import { z } from 'zod';

/** Default listen address: 9280, so the indexer can run beside a real Elasticsearch on 9200. */
export const DEFAULT_LISTEN = '127.0.0.1:9280';
const MB = 1024 * 1024;

const retrySchema = z
  .strictObject({
    attempts: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(6)
      .describe('Store writes tried at most this many times per request.'),
    initial_backoff_ms: z
      .number()
      .int()
      .min(1)
      .default(100)
      .describe('First wait between attempts (doubles, with jitter).'),
    max_backoff_ms: z.number().int().min(1).default(5_000).describe('Longest wait between attempts.'),
  })
  .prefault({});

const deadLetterSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Write rejected events to the dead-letter dataset.'),
    dataset: z.string().min(1).default('driftwood.deadletter').describe('`event.dataset` of dead-letter events.'),
    max_original_bytes: z
      .number()
      .int()
      .min(1024)
      .default(MB)
      .describe('Longer originals are cut in `event.original` (tag `_truncated`).'),
  })
  .prefault({});

const kafkaSchema = z.strictObject({
  brokers: z.array(hostPortSchema()).min(1).describe('Bootstrap brokers, host:port.'),
  topics: z.array(z.string().min(1)).min(1).describe('Topics to consume.'),
  group: z.string().min(1).default('driftwood-indexer').describe('Consumer group id.'),
  client_id: z.string().min(1).default('driftwood-indexer'),
  pipeline: z.string().optional().describe('Pipeline for raw messages (default: the automatic choice).'),
  batch_size: z.number().int().min(1).max(50_000).default(1_000).describe('Events written per store call.'),
  batch_wait_ms: z.number().int().min(0).default(200).describe('Longest wait to fill a batch.'),
  from_beginning: z.boolean().default(true).describe('A new group starts at the earliest offset.'),
});

const storeSchema = z
  .strictObject({
    type: z.enum(['embedded', 'opensearch', 'elasticsearch']).optional().describe('Default: from flags/environment.'),
    data: z.string().optional().describe('Data dir of the embedded store.'),
    url: z.string().optional().describe('OpenSearch / Elasticsearch URL.'),
  })
  .prefault({});

const authSchema = z
  .strictObject({
    mode: z
      .enum(['required', 'loopback_open'])
      .optional()
      .describe(
        '`required`: every route but `/health` needs `Authorization: ApiKey base64(id:key)` (from `driftwood apikeys create --role ingest`) or `Basic` user:password, and writes need the `ingest` privilege. `loopback_open`: anonymous requests are allowed (credentials that are sent are still checked); only while listening on loopback. Default: `required` when `listen` is not a loopback address or `api_keys` are set, else `loopback_open`.',
      ),
  })
  .prefault({});

const tlsSchema = z.strictObject({
  cert_file: z.string().min(1).describe('PEM certificate (chain) the indexer serves HTTPS with.'),
  key_file: z.string().min(1).describe('PEM private key of `cert_file`.'),
});

const pipelinesSchema = z
  .union([
    z.record(z.string(), z.string()),
    z.array(z.strictObject({ index: z.string().min(1), pipeline: z.string().min(1) })),
  ])
  .default({})
  .transform((value) =>
    Array.isArray(value) ? value : Object.entries(value).map(([index, pipeline]) => ({ index, pipeline })),
  )
  .describe('Index name pattern (`*` wildcards) → pipeline name; first match wins. `_none` keeps documents as sent.');

export const configSchema = z
  .strictObject({
    listen: hostPortSchema()
      .default(DEFAULT_LISTEN)
      .describe('Address of the HTTP API (`_bulk`, `/ingest`, `/health`, `/metrics`).'),
    auth: authSchema.describe('Who may call the indexer (see `mode`).'),
    tls: tlsSchema.optional().describe('Serve HTTPS with this certificate and key (default: plain HTTP).'),
    api_keys: z
      .array(z.string().min(8))
      .default([])
      .describe(
        'Static keys, kept for existing setups: each acts as an `ingest` key given as `Authorization: ApiKey <key>` (the key or base64 of it) or `x-api-key: <key>`. Prefer keys made with `driftwood apikeys create --role ingest` (stored hashed, revocable, with expiry).',
      ),
    max_body_bytes: z
      .number()
      .int()
      .min(1024)
      .default(100 * MB)
      .describe('Larger request bodies get 413.'),
    max_in_flight_bytes: z
      .number()
      .int()
      .min(1024)
      .default(256 * MB)
      .describe('Bytes of request bodies held at once; past it requests get 429 with Retry-After.'),
    max_concurrent_bodies: z
      .number()
      .int()
      .min(1)
      .default(32)
      .describe(
        'Request bodies read and processed at once; a request past it waits (its body unread) up to `body_wait_ms`, then gets 429 with Retry-After.',
      ),
    body_wait_ms: z
      .number()
      .int()
      .min(0)
      .default(5_000)
      .describe('How long a request waits for one of the `max_concurrent_bodies` slots before it is answered 429.'),
    body_idle_timeout_ms: z
      .number()
      .int()
      .min(100)
      .default(30_000)
      .describe(
        'A body that sends nothing for this long is given up: 408 and the connection closed (its slot is freed).',
      ),
    request_timeout_ms: z
      .number()
      .int()
      .min(100)
      .default(20_000)
      .describe('How long a request may wait for the store (retries included) before items answer 429.'),
    retry: retrySchema,
    pipelines: pipelinesSchema,
    default_pipeline: z
      .string()
      .optional()
      .describe('Pipeline for raw lines when no pattern matches; default: automatic (`auto` for raw lines).'),
    timezone: z.string().default('UTC').describe('Zone assumed for time stamps without one.'),
    keep_original: z.boolean().default(false).describe('Keep raw lines in `event.original`.'),
    dead_letter: deadLetterSchema,
    kafka: kafkaSchema.optional().describe('Consume a Kafka topic as well (consumer group).'),
    retention: z
      .strictObject({
        days: z.number().positive().describe('Delete events whose @timestamp is older than this many days.'),
        check_interval_ms: z.number().int().min(1000).default(3_600_000).describe('How often retention runs.'),
      })
      .optional()
      .describe('Time-based retention (off by default: data is kept).'),
    store: storeSchema,
  })
  .superRefine((c, ctx) => {
    if (c.max_in_flight_bytes < c.max_body_bytes)
      ctx.addIssue({ code: 'custom', path: ['max_in_flight_bytes'], message: 'must be at least max_body_bytes' });
    const problem = authProblem(c.auth.mode, c.listen, c.api_keys.length);
    if (problem) ctx.addIssue({ code: 'custom', path: ['auth', 'mode'], message: problem });
  });

export type AuthMode = 'required' | 'loopback_open';

function authProblem(mode: AuthMode | undefined, listen: string, staticKeys: number): string | undefined {
  let host: string;
  try {
    host = parseHostPort(listen).host;
  } catch {
    return undefined; // reported on `listen`
  }
  if (mode === 'loopback_open' && !isLoopbackHost(host))
    return `\`loopback_open\` lets anyone write; it is only allowed on a loopback listen address, not ${host} (use \`required\` and an API key from \`driftwood apikeys create --role ingest\`)`;
  if (mode === 'loopback_open' && staticKeys > 0) return '`loopback_open` and `api_keys` contradict each other';
  return undefined;
}

/**
 * The auth mode in effect for a listen address (the config's, or a `--listen` override): the
 * configured one, else `required` beyond loopback or with static keys, else `loopback_open`.
 * Throws CONFIG_INVALID for anonymous access beyond loopback.
 */
export function authModeFor(config: IndexerConfig, listen: string = config.listen): AuthMode {
  const problem = authProblem(config.auth.mode, listen, config.api_keys.length);
  if (problem) throw new DriftwoodError('CONFIG_INVALID', `auth.mode: ${problem}`);
  if (config.auth.mode) return config.auth.mode;
  return isLoopbackHost(parseHostPort(listen).host) && config.api_keys.length === 0 ? 'loopback_open' : 'required';
}

export type IndexerConfig = z.output<typeof configSchema>;
export type IndexerConfigInput = z.input<typeof configSchema>;

/** Validate an already parsed object (defaults applied, frozen); `source` names it in errors. */
export function parseConfig(input: unknown, source = 'config'): IndexerConfig {
  return validateConfig(configSchema, input ?? {}, { file: source }) as IndexerConfig;
}

/** Parse YAML text; every problem is reported with file:line:column. */
export function parseConfigText(text: string, file = 'config'): IndexerConfig {
  return loadYamlConfig(configSchema, text, { file }) as IndexerConfig;
}

export function loadConfig(file: string): IndexerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DriftwoodError('CONFIG_INVALID', `cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigText(text, file);
}

/** `host:port`, `:port` (all interfaces) or `port` (127.0.0.1) → listen options. */
export function parseListen(listen: string): HostPort {
  return parseHostPort(listen);
}
