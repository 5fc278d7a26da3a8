/**
 * Fast generators of realistic, time-ordered log events for benchmarks: `EventCorpus` (eight
 * services behind one schema; the alerting bench's rules are written for it) and `DemoCorpus`
 * (shaped like `driftwood up --demo`: nginx, a winston app, an IoT fleet; the store and UI benches).
 */
import type { JsonValue, LogDocument, LogEvent } from '@driftwood/core';

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

const AGENTS: Array<{ [key: string]: JsonValue; original: string }> = [
  {
    original:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    name: 'Chrome',
    version: '126.0.0.0',
    os: { name: 'Windows', version: '10', full: 'Windows 10' },
    device: { name: 'Other' },
  },
  {
    original:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    name: 'Safari',
    version: '17.5',
    os: { name: 'Mac OS X', version: '14.5', full: 'Mac OS X 14.5' },
    device: { name: 'Mac' },
  },
  {
    original:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    name: 'Mobile Safari',
    version: '17.5',
    os: { name: 'iOS', version: '17.5', full: 'iOS 17.5' },
    device: { name: 'iPhone' },
  },
  {
    original:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    name: 'Chrome Mobile',
    version: '126.0.0.0',
    os: { name: 'Android', version: '14', full: 'Android 14' },
    device: { name: 'Pixel 8' },
  },
  { original: 'curl/8.8.0', name: 'curl', version: '8.8.0', os: { name: 'Other' }, device: { name: 'Other' } },
  {
    original: 'Googlebot/2.1 (+http://www.google.com/bot.html)',
    name: 'Googlebot',
    version: '2.1',
    os: { name: 'Other' },
    device: { name: 'Spider' },
  },
];
const DEMO_PATHS = [
  '/',
  '/products',
  '/products/42',
  '/products/1337/reviews',
  '/cart',
  '/checkout',
  '/api/v1/orders',
  '/api/v1/devices/watch-7/telemetry',
  '/login',
  '/static/app.3f9a.js',
  '/static/style.css',
  '/favicon.ico',
  '/search?q=drone+battery',
];
const NGINX_ERRORS = [
  'upstream timed out (110: Connection timed out) while reading response header from upstream',
  'connect() failed (111: Connection refused) while connecting to upstream',
  'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)',
  'upstream prematurely closed connection while reading response header from upstream',
];
const APP_SERVICES = ['demo-shop', 'payments', 'inventory'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const DEVICE_KINDS = ['sensor', 'sensor', 'sensor', 'drone', 'drone', 'watch', 'watch', 'watch', 'phone', 'phone'];
const FIRMWARE = ['2.3.1', '2.4.0', '2.4.1'];
const DEVICE_ERRORS = [
  'firmware update failed: checksum mismatch',
  'GPS fix lost',
  'sensor read timeout on I2C bus 1',
  'battery critical',
];

/**
 * A corpus shaped like `driftwood up --demo` after the indexer (see test/demo-workload.ts, which
 * makes the real thing): nginx access lines and error lines tailed from files, an order service
 * (three of them here) logging through winston over HTTP, an IoT fleet over MQTT, each with the
 * shipper's metadata (agent, input, log.file / log.source) and the fields the indexer's parsers
 * give them (ECS http/url/user_agent, nginx.error, process). Over 35 one-valued keyword, long and
 * boolean fields with few values per minute across the sources (the embedded store's rollups count
 * those: the shape behind the 32-bit grouping-set fault, d73db0b), plus wide ones (offsets, bytes,
 * addresses) that leave the rollups. The fleet's documents are replayed only after the first 40%
 * of the events (its fields arrive later: schema growth).
 */
export class DemoCorpus {
  private readonly docs: Body[] = [];
  /** The documents of the sources there from the start (not the fleet). */
  private readonly early: Body[] = [];

  constructor(size = 100_000, seed = 42) {
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    const ip = () =>
      `${pick([10, 62, 81, 93, 172, 185, 203])}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${1 + Math.floor(rand() * 253)}`;
    const shipper = (name: string) => ({
      name,
      type: 'driftwood-shipper',
      version: '0.1.0',
      id: `agent-${name}`,
    });
    const devices = DEVICE_KINDS.map((kind, i) => ({
      id: `${kind}-${String(i + 1).padStart(2, '0')}`,
      type: kind,
      firmware: pick(FIRMWARE),
    }));
    let offset = 0;
    for (let i = 0; i < size; i++) {
      const kind = rand();
      let doc: Body;
      if (kind < 0.58) {
        const burst = rand() < 0.05;
        const status = burst
          ? pick([500, 502, 503, 504])
          : rand() < 0.06
            ? pick([301, 304, 400, 401, 403, 404, 404, 429])
            : 200;
        const method = rand() < 0.8 ? 'GET' : pick(['POST', 'PUT', 'DELETE']);
        const path = pick(DEMO_PATHS);
        const [pathOnly, query] = path.split('?') as [string, string | undefined];
        const bytes = status >= 500 ? 150 + Math.floor(rand() * 450) : 300 + Math.floor(rand() * 59_700);
        const agent = pick(AGENTS);
        const address = ip();
        const latency = (burst ? 0.8 + rand() * 5 : 0.002 + rand() * 0.4).toFixed(3);
        const edge = `edge-${1 + Math.floor(rand() * 3)}`;
        offset += 220;
        doc = {
          message: `${address} - - [02/Mar/2026:10:00:00 +0000] "${method} ${path} HTTP/1.1" ${status} ${bytes} "-" "${agent.original}" ${latency}`,
          source: { address, ip: address },
          http: { request: { method }, version: '1.1', response: { status_code: status, body: { bytes } } },
          url: { original: path, path: pathOnly, ...(query ? { query } : {}) },
          user_agent: agent,
          access_log_extra: latency,
          event: {
            dataset: 'nginx.access',
            module: 'nginx',
            category: ['web'],
            kind: 'event',
            outcome: status >= 400 ? 'failure' : 'success',
          },
          host: { name: edge },
          agent: shipper(edge),
          input: { type: 'file' },
          log: { file: { path: '/var/log/nginx/access.log' }, offset },
        };
      } else if (kind < 0.6) {
        const message = pick(NGINX_ERRORS);
        const address = ip();
        const edge = `edge-${1 + Math.floor(rand() * 3)}`;
        offset += 260;
        doc = {
          message,
          log: {
            level: message.startsWith('open()') ? 'error' : pick(['error', 'warn']),
            file: { path: '/var/log/nginx/error.log' },
            offset,
          },
          process: { pid: 1234, thread: { id: 1234 } },
          nginx: {
            error: {
              connection_id: Math.floor(rand() * 99_999),
              server: 'shop.example',
              upstream: 'http://10.0.0.12:8080/',
            },
          },
          source: { address, ip: address },
          http: { request: { method: 'GET' }, version: '1.1' },
          url: { original: pick(DEMO_PATHS) },
          event: { dataset: 'nginx.error', module: 'nginx', timezone: 'UTC' },
          host: { name: edge },
          agent: shipper(edge),
          input: { type: 'file' },
        };
      } else if (kind < 0.75) {
        const service = pick(APP_SERVICES);
        const port = 40_000 + Math.floor(rand() * 8);
        const base = {
          log: { level: 'info', logger: service, source: { address: `127.0.0.1:${port}` } },
          service: { name: service },
          host: { name: `app-${1 + Math.floor(rand() * 2)}` },
          user: { name: pick(USERS) },
          order_id: 1000 + Math.floor(rand() * 98_999),
          agent: shipper('app-gateway'),
          source: { ip: '127.0.0.1', port },
        };
        const r = rand();
        if (r < 0.05) {
          const reason = pick(['payment provider timeout', 'inventory reservation failed', 'order total mismatch']);
          const type = pick(['TimeoutError', 'ReservationError', 'ValidationError']);
          doc = {
            ...base,
            message: `order failed: ${reason}`,
            log: { ...base.log, level: 'error' },
            error: {
              type,
              message: `order failed: ${reason}`,
              stack_trace: `${type}: ${reason}\n    at fail (file:///srv/shop/app.ts:9:17)\n    at Shop.order (file:///srv/shop/app.ts:37:21)`,
            },
          };
        } else if (r < 0.15) {
          doc = {
            ...base,
            message: 'payment retry scheduled',
            log: { ...base.log, level: 'warn' },
            attempt: 1 + Math.floor(rand() * 3),
          };
        } else if (r < 0.32) {
          doc = {
            ...base,
            message: 'cart recalculated',
            log: { ...base.log, level: 'debug' },
            items: 1 + Math.floor(rand() * 8),
          };
        } else {
          doc = {
            ...base,
            message: pick(['order placed', 'user signed in', 'cart updated', 'order shipped']),
            duration_ms: 5 + Math.floor(rand() * 395),
          };
        }
      } else {
        const device = pick(devices);
        const failed = rand() < 0.02;
        const temperature = Math.round((18 + rand() * (device.type === 'drone' ? 60 : 20)) * 10) / 10;
        const hot = temperature > 70;
        doc = {
          message: failed ? pick(DEVICE_ERRORS) : hot ? `temperature high: ${temperature} C` : 'telemetry',
          log: { level: failed ? 'error' : hot ? 'warn' : 'info', source: { address: 'mqtt://127.0.0.1:1883' } },
          device,
          battery: Math.round((5 + rand() * 95) * 10) / 10,
          temperature,
          location: {
            lat: Math.round((47.37 + (rand() - 0.5) * 0.1) * 1e5) / 1e5,
            lon: Math.round((8.54 + (rand() - 0.5) * 0.1) * 1e5) / 1e5,
          },
          mqtt: {
            topic: `devices/${device.id}/${failed ? 'events' : 'telemetry'}`,
            qos: 1,
            retain: false,
            message_id: 1 + Math.floor(rand() * 65_535),
          },
          host: { name: 'iot-gateway' },
          agent: shipper('iot-gateway'),
        };
        this.docs.push(doc);
        continue;
      }
      this.docs.push(doc);
      this.early.push(doc);
    }
  }

  /** Dotted names of the corpus's fields (leaves; arrays count as their field). */
  fieldNames(): Set<string> {
    const names = new Set<string>();
    const walk = (value: unknown, prefix: string) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, prefix === '' ? k : `${prefix}.${k}`);
      } else names.add(prefix);
    };
    for (const d of this.docs) walk(d, '');
    return names;
  }

  /** `total` events evenly spread over [startMs, endMs), in time order, ids `b0`, `b1`, ... */
  *events(total: number, startMs: number, endMs: number, batchSize = 10_000): Generator<LogEvent[]> {
    const step = (endMs - startMs) / total;
    const iso = isoFormatter();
    const { docs, early } = this;
    const fleetFrom = Math.floor(total * 0.4);
    for (let start = 0; start < total; start += batchSize) {
      const batch: LogEvent[] = [];
      for (let i = start; i < Math.min(total, start + batchSize); i++) {
        const d = (i < fleetFrom ? early[i % early.length] : docs[i % docs.length]) as Body;
        batch.push({ id: `b${i}`, doc: { '@timestamp': iso(Math.floor(startMs + i * step)), ...d } as LogDocument });
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
