/**
 * The UI server's Prometheus metrics (core's prom-client registry, as every service): API requests by declared
 * route (policy.ts keys, so `/api/dashboards/[id]`, never an id), method and status, their
 * duration until the answer starts, plus the process and Node.js default metrics. One registry
 * per server process (kept on globalThis so a rebuilt module in development counts on).
 * `GET /api/metrics` (admin) answers it.
 */
import { Counter, createMetrics, Histogram, type Registry } from '@driftwood/core/node';
import { apiRoute } from './policy.ts';

if (typeof window !== 'undefined') throw new Error('lib/server/metrics.ts is server-only');

export interface UiMetrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  seconds: Histogram<'route'>;
}

function create(): UiMetrics {
  const registry = createMetrics();
  return {
    registry,
    requests: new Counter({
      name: 'driftwood_ui_http_requests_total',
      help: 'API requests by declared route, method and status.',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    seconds: new Histogram({
      name: 'driftwood_ui_http_request_seconds',
      help: 'Time until an API answer starts (its headers), by declared route.',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

const held = globalThis as { __driftwoodUiMetrics?: UiMetrics };

export function uiMetrics(): UiMetrics {
  held.__driftwoodUiMetrics ??= create();
  return held.__driftwoodUiMetrics;
}

/** Counts one answered API request. */
export function observeRequest(request: Request, status: number, seconds: number): void {
  const route = apiRoute(new URL(request.url).pathname) ?? 'other';
  const m = uiMetrics();
  m.requests.inc({ method: request.method, route, status: String(status) });
  m.seconds.observe({ route }, seconds);
}
