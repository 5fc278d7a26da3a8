/**
 * Kafka consumer-group input: messages (JSON objects or raw lines) are parsed and written in
 * batches; offsets are committed only after the store acknowledged every event of the batch
 * (stored, duplicate or dead-lettered). While the store is unavailable the batch is retried with
 * backoff and nothing is committed, so a crash or stop re-delivers it; ids (the `driftwood-id`
 * header when a shipper set one, else topic/partition/offset) make the redelivery a duplicate.
 * The message timestamp is the arrival time, so re-parsing a redelivered line gives the same
 * document.
 */
import { backoffDelay, sleep } from '@driftwood/core';
import { contentId } from '@driftwood/core/node';
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import { documentFromText } from './documents.ts';
import type { IngestItem, Ingestor } from './ingest.ts';
import type { IndexerMetrics } from './metrics.ts';

export interface KafkaInputOptions {
  brokers: string[];
  topics: string[];
  group: string;
  clientId?: string;
  pipeline?: string;
  batchSize?: number;
  batchWaitMs?: number;
  fromBeginning?: boolean;
  timezone?: string;
  keepOriginal?: boolean;
  ingestor: Ingestor;
  metrics?: IndexerMetrics;
  /** Reports problems (store unavailable, commit failures) without stopping. */
  onWarning?: (message: string) => void;
}

export interface KafkaInputState {
  consumed: number;
  committed: number;
  batches: number;
  lastError?: string;
}

export interface KafkaInput {
  state(): KafkaInputState;
  /** Stops consuming; the batch in progress is finished (or left uncommitted) first. */
  stop(): Promise<void>;
  /** Resolves when the input has stopped (rejects if it could not start). */
  done: Promise<void>;
}

type Msg = Message<Buffer, Buffer, Buffer, Buffer>;
const decoder = new TextDecoder('utf-8', { fatal: false });

function headerId(message: Msg): string | undefined {
  for (const [k, v] of message.headers) if (k.toString() === 'driftwood-id') return v.toString();
  return undefined;
}

export function toIngestItem(
  message: Msg,
  options: Pick<KafkaInputOptions, 'pipeline' | 'timezone' | 'keepOriginal'>,
): IngestItem {
  const text = message.value ? decoder.decode(message.value) : '';
  const ts = Number(message.timestamp);
  const receivedAt = new Date(Number.isFinite(ts) && ts > 0 ? ts : Date.now());
  const id =
    headerId(message) ?? contentId('kafka', message.topic, String(message.partition), message.offset.toString());
  const result = documentFromText(text.replace(/\r?\n$/, ''), {
    receivedAt,
    ...(options.timezone ? { timezone: options.timezone } : {}),
    ...(options.keepOriginal ? { keepOriginal: true } : {}),
    ...(options.pipeline ? { pipeline: options.pipeline } : {}),
  });
  return { id, result, original: text, origin: message.topic };
}

export function startKafkaInput(options: KafkaInputOptions): KafkaInput {
  const batchSize = options.batchSize ?? 1_000;
  const batchWaitMs = options.batchWaitMs ?? 200;
  const state: KafkaInputState = { consumed: 0, committed: 0, batches: 0 };
  const abort = new AbortController();
  const stopped = new Promise<'stop'>((resolve) =>
    abort.signal.addEventListener('abort', () => resolve('stop'), { once: true }),
  );
  const warn = (m: string) => {
    state.lastError = m;
    options.onWarning?.(m);
  };
  const consumer = new Consumer({
    groupId: options.group,
    clientId: options.clientId ?? 'driftwood-indexer',
    bootstrapBrokers: options.brokers,
  });
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;

  /** Write a batch until every item is settled (or we are stopping). True when all settled. */
  async function settle(batch: Msg[]): Promise<boolean> {
    let pending = batch.map((m) => toIngestItem(m, options));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (abort.signal.aborted) return false;
      const outcomes = await options.ingestor.ingest(pending, {
        input: 'kafka',
        deadline: Date.now() + 30_000,
        signal: abort.signal,
      });
      const again = pending.filter((_, k) => outcomes[k]?.status === 'unavailable');
      if (again.length > 0) {
        const reason = outcomes.find((o) => o.status === 'unavailable');
        warn(
          `kafka input: ${again.length} events waiting for the store: ${reason && 'reason' in reason ? reason.reason : ''}`,
        );
        await sleep(backoffDelay(attempt, { baseMs: 500, maxMs: 30_000, jitter: false }), abort.signal);
      }
      pending = again;
    }
    return true;
  }

  async function commit(batch: Msg[]): Promise<void> {
    const last = new Map<string, Msg>();
    for (const m of batch) {
      const key = `${m.topic}\u0000${m.partition}`;
      const cur = last.get(key);
      if (!cur || cur.offset < m.offset) last.set(key, m);
    }
    await Promise.all([...last.values()].map((m) => m.commit()));
    state.committed += batch.length;
    options.metrics?.kafkaCommitted.inc({}, batch.length);
  }

  async function loop(): Promise<void> {
    stream = await consumer.consume({
      topics: options.topics,
      mode: 'committed',
      fallbackMode: options.fromBeginning === false ? 'latest' : 'earliest',
      autocommit: false,
      maxWaitTime: Math.max(10, Math.min(batchWaitMs, 1_000)),
    });
    const it = stream[Symbol.asyncIterator]() as AsyncIterator<Msg>;
    let next: Promise<IteratorResult<Msg>> | undefined;
    for (;;) {
      const batch: Msg[] = [];
      let flushAt = Number.POSITIVE_INFINITY;
      let ended = false;
      while (batch.length < batchSize) {
        next ??= it.next();
        const wait = flushAt - Date.now();
        if (batch.length > 0 && wait <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        const timeout =
          batch.length > 0
            ? new Promise<'timeout'>((resolve) => {
                timer = setTimeout(() => resolve('timeout'), wait);
              })
            : new Promise<never>(() => {});
        const r = await Promise.race([next, timeout, stopped]);
        clearTimeout(timer);
        if (r === 'timeout') break;
        if (r === 'stop') {
          ended = true;
          break;
        }
        next = undefined;
        if (r.done) {
          ended = true;
          break;
        }
        if (batch.length === 0) flushAt = Date.now() + batchWaitMs;
        batch.push(r.value);
        state.consumed++;
      }
      if (batch.length > 0) {
        // A stop that arrives now does not interrupt a batch that the store takes.
        if (await settle(batch)) {
          try {
            await commit(batch);
          } catch (error) {
            warn(`kafka input: commit failed (the batch will be redelivered): ${(error as Error).message}`);
          }
        }
        state.batches++;
      }
      if (ended || abort.signal.aborted) return;
    }
  }

  const done = loop().finally(async () => {
    await stream?.close().catch(() => undefined);
    await consumer.close(true).catch(() => undefined);
  });
  done.catch(() => undefined);
  return {
    state: () => ({ ...state }),
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
    done,
  };
}
