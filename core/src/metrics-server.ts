/**
 * A service's own endpoint for operators, on an address of its own (the shipper's and the
 * alerting service's `http.listen`): `GET /metrics`, the Prometheus text of its registry, and
 * `GET /health`, a JSON report answered 200 when its `status` is `ok` and 503 otherwise. GET and
 * HEAD only (405 otherwise); any other path is 404. The indexer and the UI answer their metrics in
 * their own servers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { formatHostPort, parseHostPort } from './net.ts';

export interface HealthReport {
  /** `ok` answers 200; anything else (`unhealthy`, `stopping`) 503. */
  status: string;
  [key: string]: unknown;
}

export interface MetricsServerOptions {
  /** `host:port` to listen on (port 0: any free port). */
  listen: string;
  registry: Registry;
  /** The text of `GET /metrics` (default `registry.metrics()`), for a service that reads gauges first. */
  render?: () => Promise<string>;
  health: () => HealthReport | Promise<HealthReport>;
}

export interface MetricsServer {
  /** `host:port` it listens on (the port chosen when 0 was asked). */
  address: string;
  close(): Promise<void>;
}

export async function serveMetrics(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port } = parseHostPort(options.listen);
  const render = options.render ?? (() => options.registry.metrics());
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const failed = () => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"internal"}');
    };
    if (path === '/metrics') {
      render().then((text) => res.writeHead(200, { 'content-type': options.registry.contentType }).end(text), failed);
    } else if (path === '/health') {
      Promise.resolve()
        .then(options.health)
        .then(
          (report) =>
            res
              .writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' })
              .end(JSON.stringify(report)),
          failed,
        );
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
