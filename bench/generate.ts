/** Fast generator of realistic, time-ordered log events for benchmarks. */
import type { LogDocument, LogEvent } from '@driftwood/core';

const SERVICES = ['checkout', 'payments', 'auth', 'inventory', 'gateway', 'telemetry', 'search', 'mailer'];
const LEVELS = ['info', 'info', 'info', 'info', 'info', 'debug', 'warn', 'warn', 'error'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503];
const PATHS = [
  '/api/v1/cart',
  '/api/v1/orders',
  '/login',
  '/static/app.js',
  '/health',
  '/api/v2/devices',
  '/search',
  '/',
];
const WORDS = [
  'request',
  'completed',
  'connection',
  'refused',
  'timeout',
  'user',
  'order',
  'payment',
  'cache',
  'miss',
  'retry',
  'device',
  'battery',
  'temperature',
  'firmware',
  'update',
  'failed',
  'ok',
];

/** `new Date(ms).toISOString()` for ms >= 0, reusing the date and minute part between calls. */
function isoFormatter(): (ms: number) => string {
  let minute = Number.NaN;
  let prefix = '';
  return (ms) => {
    const m = Math.floor(ms / 60_000);
    if (m !== minute) {
      minute = m;
      prefix = new Date(m * 60_000).toISOString().slice(0, 17);
    }
    const rest = ms - m * 60_000;
    const sec = Math.floor(rest / 1000);
    const milli = rest - sec * 1000;
    return `${prefix}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  };
}

type Body = Omit<LogDocument, '@timestamp'>;

/**
 * A pool of generated event documents, made before a benchmark starts timing; its writes replay
 * the pool with a fresh id and timestamp per event (the rest of the document is shared between
 * the events that replay it, which a store must not mind: it never changes what it is given).
 * Replaying, like a corpus file, keeps the generator's own work out of the figures: generating
 * each event anew cost about a fifth of the embedded store's ingest time.
 */
export class EventCorpus {
  private readonly docs: Body[] = [];

  constructor(size = 100_000, seed = 42) {
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    for (let i = 0; i < size; i++) {
      const service = pick(SERVICES);
      const words = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${Math.floor(rand() * 10_000)}`;
      this.docs.push({
        message: `${pick(METHODS)} ${pick(PATHS)} ${words}`,
        log: { level: pick(LEVELS) },
        service: { name: service },
        host: { name: `host-${Math.floor(rand() * 50)}` },
        http: {
          request: { method: pick(METHODS) },
          response: { status_code: pick(STATUSES), body: { bytes: Math.floor(rand() * 20_000) } },
        },
        url: { original: pick(PATHS) },
        source: { ip: `10.${Math.floor(rand() * 4)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}` },
        event: { dataset: service === 'gateway' ? 'nginx.access' : 'app', duration: Math.floor(rand() * 1e6) },
      });
    }
  }

  /** `total` events evenly spread over [startMs, endMs), in time order, ids `b0`, `b1`, ... */
  *events(total: number, startMs: number, endMs: number, batchSize = 10_000): Generator<LogEvent[]> {
    const step = (endMs - startMs) / total;
    const iso = isoFormatter();
    const docs = this.docs;
    for (let start = 0; start < total; start += batchSize) {
      const batch: LogEvent[] = [];
      for (let i = start; i < Math.min(total, start + batchSize); i++) {
        const d = docs[i % docs.length] as Body;
        batch.push({
          id: `b${i}`,
          doc: {
            '@timestamp': iso(Math.floor(startMs + i * step)),
            message: d.message,
            log: d.log,
            service: d.service,
            host: d.host,
            http: d.http,
            url: d.url,
            source: d.source,
            event: d.event,
          } as LogDocument,
        });
      }
      yield batch;
    }
  }
}

/** Events from a corpus made for them (see EventCorpus). */
export function* generateEvents(
  total: number,
  startMs: number,
  endMs: number,
  batchSize = 10_000,
): Generator<LogEvent[]> {
  yield* new EventCorpus(Math.min(total, 100_000)).events(total, startMs, endMs, batchSize);
}
