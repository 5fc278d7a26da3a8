/** The metrics/health server: `GET /metrics` (Prometheus text), `GET /health` (JSON). */
import { createServer, type Server } from 'node:http';
import { parseHostPort } from '@driftwood/core';
import type { Metrics } from './metrics.ts';

export interface HealthReport {
  /** `unhealthy` (HTTP 503): the output refuses whole requests, or the dead-letter file is full. */
  status: 'ok' | 'stopping' | 'unhealthy';
  [key: string]: unknown;
}

export async function startHttp(listen: string, metrics: Metrics, health: () => HealthReport): Promise<Server> {
  // `:port` alone is loopback here (not every interface): metrics stay local unless a host is named.
  const { host, port } = parseHostPort(listen.startsWith(':') ? `127.0.0.1${listen}` : listen);
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && url === '/metrics') {
      metrics.render().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
      );
    } else if (req.method === 'GET' && url === '/health') {
      const report = health();
      res
        .writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify(report));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
