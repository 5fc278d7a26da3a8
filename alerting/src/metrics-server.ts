/**
 * The alerting service's HTTP endpoint (alerting config `http.listen`; off unless set):
 * `GET /metrics` (Prometheus text, metrics.ts) and `GET /health` (`{"status":"ok", ...}` with
 * the time of the last cycle). Read-only and secret-free: it says how the evaluator runs, never
 * what a rule or a notification holds. Anything else is 404; a method other than GET/HEAD is 405.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatHostPort, parseHostPort } from '@driftwood/core';
import type { AlertingMetrics } from './metrics.ts';

export interface MetricsServer {
  /** `host:port` it listens on (the port chosen when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

export async function serveMetrics(listen: string, metrics: AlertingMetrics): Promise<MetricsServer> {
  const { host, port } = parseHostPort(listen);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
      return;
    }
    if (path === '/health') {
      metrics.lastCycle.get().then((g) => {
        const at = g.values[0]?.value;
        const body = { status: 'ok', ...(at ? { last_cycle_at: new Date(at * 1000).toISOString() } : {}) };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  return {
    address: formatHostPort({ host: bound.address, port: bound.port }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
