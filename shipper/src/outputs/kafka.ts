/**
 * kafka output: produces each event's document as JSON to a topic.
 *
 * - Key: `event.key ?? event.source`, so one key's events go to one partition, in order.
 * - Headers: `driftwood-id` (the event's deterministic id: a consumer that writes to the store uses it
 *   as the document id, which makes redelivery idempotent) and `driftwood-source`.
 * - Durability: `acks: -1` (all in-sync replicas) and, by default, an idempotent producer (the broker
 *   drops the producer's own retried batches; order per partition is kept across retries).
 * - Batching: a `send` produces its events in order, `batch_size` records per produce request.
 * - Result: `acked` = events whose produce request resolved. A record over `max_message_bytes`, or
 *   one the broker refuses for what it is (MESSAGE_TOO_LARGE, INVALID_RECORD, CORRUPT_MESSAGE,
 *   INVALID_TIMESTAMP, RECORD_LIST_TOO_LARGE alone), is `rejected` with the reason (the pipeline
 *   dead-letters it). Every other failure is a whole-request fault — retryable ones (network, leader
 *   moves, timeouts) and permanent ones alike (an authorization, an unknown topic, a client error):
 *   it is retried with exponential backoff and jitter until `signal` aborts, the output is unhealthy
 *   meanwhile, and nothing is rejected or acked for it. Once aborted, the events not yet produced
 *   are neither acked nor rejected (they stay queued), and nothing after the first unproduced batch
 *   is sent, so per-key order holds.
 */
import { backoffDelay, sleep } from '@driftwood/core';
import type { Producer } from '@platformatic/kafka';
import { z } from 'zod';
import type { BuildContext, Output, OutputResult, QueuedEvent } from '../component.ts';
import { docText } from '../queue/types.ts';
import { OutputHealth } from './health.ts';

export const type = 'kafka';

export const configSchema = z
  .object({
    type: z.literal('kafka').optional().describe('Component type: `kafka`.'),
    brokers: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((b) => (Array.isArray(b) ? b : b.split(',').map((s) => s.trim())))
      .describe('Bootstrap brokers, `host:port` (a list, or one comma-separated string).'),
    topic: z.string().min(1).max(249).describe('Topic to produce to.'),
    client_id: z.string().min(1).default('driftwood-shipper').describe('Kafka client id.'),
    idempotent: z
      .boolean()
      .default(true)
      .describe('Idempotent producer: the broker drops duplicates of retried batches (needs acks -1).'),
    batch_size: z.number().int().min(1).max(100_000).default(1_000).describe('Records per produce request.'),
    max_message_bytes: z
      .number()
      .int()
      .min(1024)
      .default(1_000_000)
      .describe('Largest record value; larger events are rejected (the broker default is about 1 MB).'),
    compression: z.enum(['none', 'gzip']).default('none').describe('Record batch compression.'),
    timeout_ms: z.number().int().min(100).default(30_000).describe('Timeout of one produce request.'),
    retry_initial_ms: z
      .number()
      .int()
      .min(1)
      .default(200)
      .describe('First retry delay; it doubles up to `retry_max_ms`.'),
    retry_max_ms: z.number().int().min(1).default(10_000).describe('Longest retry delay.'),
    auto_create_topic: z.boolean().default(true).describe('Ask the broker to create the topic when it is missing.'),
  })
  .strict();

export type KafkaConfig = z.infer<typeof configSchema>;

interface KafkaRecord {
  event: QueuedEvent;
  value: string;
}

const ABORTED = new Error('aborted');

type KafkaLib = typeof import('@platformatic/kafka');
/** The Kafka client is loaded on first use, so shippers without a kafka output don't pay its memory. */
let kafkaLib: KafkaLib | undefined;
async function loadKafka(): Promise<KafkaLib> {
  kafkaLib ??= await import('@platformatic/kafka');
  return kafkaLib;
}

/** Broker errors about the records themselves: found one by one, then rejected; no retry gets past them. */
const RECORD_ERRORS = [
  'MESSAGE_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'INVALID_TIMESTAMP',
  'RECORD_LIST_TOO_LARGE',
];

/** Whether the broker refused the records for what they are (not the request for where or how it was sent). */
export function isRecordError(error: unknown): boolean {
  if (kafkaLib === undefined || !(error instanceof Error)) return false;
  return RECORD_ERRORS.some((id) => kafkaLib!.findErrorBy(error, 'apiId', id) !== null);
}

export function build(config: KafkaConfig, buildCtx: BuildContext): Output {
  let producerPromise: Promise<Producer<string, string, string, string>> | undefined;
  const getProducer = () => {
    producerPromise ??= loadKafka().then(
      (lib) =>
        new lib.Producer<string, string, string, string>({
          clientId: config.client_id,
          bootstrapBrokers: config.brokers,
          serializers: lib.stringSerializers,
          idempotent: config.idempotent,
          acks: -1,
          timeout: config.timeout_ms,
          autocreateTopics: config.auto_create_topic,
          ...(config.compression === 'none' ? {} : { compression: config.compression }),
        }),
    );
    return producerPromise;
  };
  let closed = false;
  const health = new OutputHealth('kafka', buildCtx.log, `kafka://${config.brokers.join(',')}/${config.topic}`);

  /** Resolves when the broker acknowledged; rejects with `aborted` when `signal` fires first (the request may still land). */
  async function produce(records: KafkaRecord[], signal: AbortSignal): Promise<void> {
    const producer = await getProducer();
    if (signal.aborted) throw ABORTED;
    const sent = producer.send({
      messages: records.map((r) => ({
        topic: config.topic,
        key: r.event.key ?? r.event.source,
        value: r.value,
        headers: { 'driftwood-id': r.event.id, 'driftwood-source': r.event.source },
      })),
    });
    sent.catch(() => {});
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(ABORTED);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    // The client retries on its own (a broker down, a leader moving) and may not settle for a
    // long time: past `timeout_ms` without an answer, the output is reported unhealthy meanwhile.
    const slow = setTimeout(
      () => health.fault(`no answer from the brokers within ${config.timeout_ms} ms (still waiting)`),
      config.timeout_ms,
    );
    try {
      await Promise.race([sent, aborted]);
    } finally {
      clearTimeout(slow);
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Produces `records` until done; returns false when aborted first. Records the broker refuses are rejected one by one. */
  async function produceWithRetry(records: KafkaRecord[], result: OutputResult, signal: AbortSignal): Promise<boolean> {
    let attempt = 0;
    let warned = 0;
    for (;;) {
      if (signal.aborted || closed) return false;
      try {
        await produce(records, signal);
        health.ok();
        for (const r of records) result.acked.push(r.event);
        return true;
      } catch (error) {
        if (error === ABORTED) return false;
        if (isRecordError(error)) {
          health.ok(); // the broker answered: it is the record
          if (records.length === 1) {
            const r = records[0] as KafkaRecord;
            result.rejected.push({ event: r.event, reason: `kafka refused the record: ${(error as Error).message}` });
            return true;
          }
          // Find the culprit(s): one record at a time, in order.
          for (const r of records) if (!(await produceWithRetry([r], result, signal))) return false;
          return true;
        }
        health.fault(`produce failed: ${String(error)}`);
        // Half to all of the step (never a hot loop), doubling from retry_initial_ms to retry_max_ms.
        const delay = backoffDelay(attempt, {
          baseMs: config.retry_initial_ms,
          maxMs: config.retry_max_ms,
          jitter: 'equal',
        });
        if (Date.now() - warned > 5000) {
          warned = Date.now();
          buildCtx.log.warn('kafka: produce failed; the events are kept and retried', {
            topic: config.topic,
            records: records.length,
            delayMs: delay,
            error: String(error),
          });
        }
        await sleep(delay, signal); // resolves at once on abort: the loop then returns false
        attempt++;
      }
    }
  }

  return {
    health,
    async send(events: QueuedEvent[], signal: AbortSignal): Promise<OutputResult> {
      const result: OutputResult = { acked: [], rejected: [] };
      const records: KafkaRecord[] = [];
      for (const event of events) {
        const value = docText(event);
        if (Buffer.byteLength(value) > config.max_message_bytes) {
          result.rejected.push({
            event,
            reason: `document is ${Buffer.byteLength(value)} bytes, over max_message_bytes (${config.max_message_bytes})`,
          });
        } else records.push({ event, value });
      }
      for (let i = 0; i < records.length; i += config.batch_size) {
        if (!(await produceWithRetry(records.slice(i, i + config.batch_size), result, signal))) break;
      }
      return result;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (producerPromise) await (await producerPromise).close();
    },
  };
}
