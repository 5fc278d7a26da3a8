/**
 * A fixed, varied dataset of ECS events for the store contract suite: several services, hosts,
 * levels, status codes, IPv4/IPv6 addresses, user agents, multi-line stack traces, unicode,
 * missing fields, arrays, and a few values that conflict with their field's type.
 * Deterministic (seeded), so every backend gets exactly the same events.
 */
import type { LogEvent } from '@driftwood/core';

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DATASET_START = Date.parse('2026-03-01T00:00:00.000Z');
/** Three days of events. */
export const DATASET_END = DATASET_START + 3 * 86_400_000;

const SERVICES = ['checkout', 'payments', 'auth', 'inventory', 'gateway', 'telemetry'];
const HOSTS = ['web-01', 'web-02', 'web-03', 'db-01', 'edge-gw-7', 'sensor-hub'];
const LEVELS = ['info', 'info', 'info', 'info', 'debug', 'warn', 'warn', 'error', 'fatal'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = [200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 429, 500, 502, 503];
const PATHS = [
  '/api/v1/cart',
  '/api/v1/orders/42',
  '/login',
  '/static/app.js',
  '/health',
  '/api/v2/devices/watch-3/telemetry',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'curl/8.5.0',
  'Googlebot/2.1 (+http://www.google.com/bot.html)',
  'python-requests/2.31.0',
];
const MESSAGES = [
  'Connection refused while contacting db-01:5432',
  'User alice logged in from 10.1.2.3',
  'Payment authorised for order 42 amount 19.99 EUR',
  'Cache miss for key user:1234',
  'Request completed in 153 ms',
  'Disk usage at 91% on /var/lib/data',
  'Temperature 71.5°C exceeds threshold on sensor-hub',
  'Battery low: 12% remaining on watch-3',
  'Firmware update 2.4.1 failed: checksum mismatch',
  'GPS fix lost for drone-17 near Zürich',
  'Timeout after 30s calling inventory-service',
  'Délai dépassé pour la requête 7f3a',
  '用户登录失败 for user 王伟',
  'Сервис недоступен: повторите попытку',
  'Deploy finished 🚀 version 3.2.0',
  "can't parse header X-Request-Id",
  'GET /api/v1/cart returned 500 Internal Server Error',
  'Rate limit exceeded for client 203.0.113.9',
  'order_id=9912 status=shipped carrier=DHL',
  'NullPointerException in CheckoutController.submit',
];
const STACK = [
  'java.lang.NullPointerException: Cannot invoke "Order.total()" because "order" is null',
  '\tat com.acme.checkout.CheckoutController.submit(CheckoutController.java:88)',
  '\tat com.acme.checkout.CheckoutService.process(CheckoutService.java:41)',
  '\tat java.base/java.lang.Thread.run(Thread.java:1583)',
].join('\n');

export const DATASET_SIZE = 10_500;

export function generateDataset(size = DATASET_SIZE): LogEvent[] {
  const r = rng(20260301);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const events: LogEvent[] = [];
  for (let i = 0; i < size; i++) {
    // Several events share a millisecond now and then, so paging needs the id tiebreaker.
    const ts = DATASET_START + Math.floor(r() * (DATASET_END - DATASET_START)) - (i % 50 === 0 ? 0 : 0);
    const service = pick(SERVICES);
    const level = pick(LEVELS);
    const doc: Record<string, unknown> = {
      '@timestamp': new Date(i % 97 === 0 && i > 0 ? DATASET_START + (i % 5) * 3_600_000 : ts).toISOString(),
      message: pick(MESSAGES),
      log: { level },
      service: { name: service },
      host: { name: pick(HOSTS) },
      event: { dataset: service === 'gateway' ? 'nginx.access' : service === 'telemetry' ? 'iot' : 'app' },
    };
    if (service === 'gateway' || r() < 0.3) {
      doc.http = {
        request: { method: pick(METHODS) },
        response: { status_code: pick(STATUSES), body: { bytes: Math.floor(r() * 50_000) } },
      };
      doc.url = { original: pick(PATHS) };
      doc.user_agent = { original: pick(AGENTS) };
    }
    if (r() < 0.8) {
      doc.source = {
        ip:
          r() < 0.9
            ? `10.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`
            : `2001:db8::${Math.floor(r() * 65535).toString(16)}`,
      };
    }
    if (level === 'error' || level === 'fatal') {
      if (r() < 0.5) {
        doc.message = `${pick(MESSAGES)}\n${STACK}`;
        doc.error = { type: 'java.lang.NullPointerException', stack_trace: STACK, message: 'order is null' };
      }
    }
    if (service === 'telemetry') {
      doc.device = { id: `watch-${Math.floor(r() * 20)}`, battery: Math.round(r() * 1000) / 10, online: r() < 0.85 };
      doc.temperature = Math.round((20 + r() * 60) * 10) / 10;
    }
    if (r() < 0.5) doc.event_duration_ms = Math.round(r() * 5000 * 100) / 100;
    if (r() < 0.4) doc.tags = r() < 0.5 ? ['prod'] : ['prod', pick(['canary', 'eu-west', 'beta'])];
    if (r() < 0.05) delete doc.host; // missing fields
    if (r() < 0.02) doc.message = undefined;
    if (i % 1000 === 500) doc.temperature = 'n/a'; // conflicts with a number field once it exists
    if (i === 4242) doc.user = { name: 'x'.repeat(9000) }; // longer than the keyword limit
    if (i % 10 === 0) doc.user = { name: pick(['alice', 'bob', 'Carol', 'dave', 'Émilie']) };
    for (const key of Object.keys(doc)) if (doc[key] === undefined) delete doc[key];
    events.push({ id: `ev-${i.toString().padStart(5, '0')}`, doc: doc as LogEvent['doc'] });
  }
  return events;
}
