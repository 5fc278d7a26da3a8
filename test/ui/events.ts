/**
 * Realistic generated log events for the UI tests and bench: nginx access logs, an application
 * logging at every level (with stack traces), and an IoT sensor gateway. Deterministic per seed.
 */
import type { LogEvent } from '@driftwood/core';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

const PATHS = ['/', '/api/orders', '/api/users/42', '/api/cart', '/login', '/static/app.js', '/health', '/api/search'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36',
  'curl/8.5.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1',
];
const APP_MESSAGES: Record<string, string[]> = {
  info: ['order placed successfully', 'user logged in', 'payment authorized', 'cache warmed in 120 ms'],
  warn: ['slow query took 2300 ms', 'retrying request to inventory service', 'disk usage above 80%'],
  error: ['payment gateway timeout', 'failed to connect to database', 'NullPointerException in CartService'],
  debug: ['loaded 12 items from cache', 'session refreshed', 'feature flag checkout-v2 enabled'],
};
const STACK = [
  'java.lang.NullPointerException: cart is null',
  '\tat com.shop.CartService.total(CartService.java:88)',
  '\tat com.shop.CheckoutController.submit(CheckoutController.java:41)',
  '\tat org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)',
  '\tat javax.servlet.http.HttpServlet.service(HttpServlet.java:750)',
  '\tat org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:166)',
  '\tat org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:61)',
  '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
].join('\n');

export interface GenerateOptions {
  count: number;
  /** Inclusive start and exclusive end of the @timestamps, epoch ms. */
  from: number;
  to: number;
  seed?: number;
  /** Prefix of ids (default `gen`). */
  idPrefix?: string;
}

/** Events in batches (oldest first), so millions never sit in memory at once. */
export function* generateEvents(options: GenerateOptions, batchSize = 5000): Generator<LogEvent[]> {
  const r = rng(options.seed ?? 42);
  const span = options.to - options.from;
  let batch: LogEvent[] = [];
  for (let i = 0; i < options.count; i++) {
    const ts = options.from + Math.floor((i / options.count) * span + r() * (span / options.count));
    batch.push(makeEvent(r, `${options.idPrefix ?? 'gen'}-${i}`, Math.min(ts, options.to - 1)));
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function makeEvent(r: () => number, id: string, ts: number): LogEvent {
  const timestamp = new Date(ts).toISOString();
  const kind = r();
  if (kind < 0.45) {
    const status = pick(r, [200, 200, 200, 200, 201, 304, 404, 500, 503]);
    const method = pick(r, ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE']);
    const path = pick(r, PATHS);
    const host = pick(r, ['web-1', 'web-2', 'web-3']);
    const ip = `10.0.${Math.floor(r() * 4)}.${Math.floor(r() * 250) + 1}`;
    return {
      id,
      doc: {
        '@timestamp': timestamp,
        message: `${ip} - - "${method} ${path} HTTP/1.1" ${status} ${Math.floor(r() * 5000)}`,
        log: {
          level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
          file: { path: `/var/log/nginx/${host}/access.log` },
        },
        host: { name: host },
        service: { name: 'nginx' },
        event: { dataset: 'nginx.access' },
        source: { ip },
        http: { request: { method }, response: { status_code: status, body: { bytes: Math.floor(r() * 5000) } } },
        url: { original: path },
        user_agent: { original: pick(r, AGENTS) },
      },
    };
  }
  if (kind < 0.85) {
    const level = pick(r, ['info', 'info', 'info', 'info', 'debug', 'debug', 'warn', 'error']);
    const service = pick(r, ['checkout', 'api', 'billing']);
    const host = pick(r, ['app-1', 'app-2']);
    const message = pick(r, APP_MESSAGES[level] as string[]);
    const doc: LogEvent['doc'] = {
      '@timestamp': timestamp,
      message,
      log: { level, logger: `com.shop.${service}` },
      host: { name: host },
      service: { name: service },
      event: { dataset: `${service}.log` },
      user: { name: pick(r, ['alice', 'bob', 'carol', 'dave']) },
    };
    if (level === 'error' && r() < 0.5)
      doc.error = { type: 'java.lang.NullPointerException', message, stack_trace: STACK };
    return { id, doc };
  }
  const device = `sensor-${String(Math.floor(r() * 40)).padStart(3, '0')}`;
  const temp = (15 + r() * 20).toFixed(1);
  const hot = Number(temp) > 33;
  return {
    id,
    doc: {
      '@timestamp': timestamp,
      message: hot ? `temperature ${temp}C above threshold on ${device}` : `temperature reading ${temp}C battery ok`,
      log: { level: hot ? 'warn' : 'info' },
      host: { name: 'iot-gw-1' },
      service: { name: 'sensor-gateway' },
      event: { dataset: 'iot.telemetry' },
      device: { id: device },
      tags: ['iot', hot ? 'alert' : 'telemetry'],
    },
  };
}
