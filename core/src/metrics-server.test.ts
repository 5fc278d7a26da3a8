import { afterEach, describe, expect, it } from 'vitest';
import { Counter, createMetrics } from './metrics.ts';
import { type HealthReport, type MetricsServer, serveMetrics } from './metrics-server.ts';

let server: MetricsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('serveMetrics', () => {
  it('serves /metrics and /health (503 unless ok), 404 elsewhere, 405 for other methods', async () => {
    let report: HealthReport = { status: 'ok' };
    const registry = createMetrics();
    new Counter({ name: 'driftwood_test_total', help: 'A test counter.', registers: [registry] }).inc();
    server = await serveMetrics({ listen: '127.0.0.1:0', registry, health: () => report });
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    const base = `http://${server.address}`;
    const m = await fetch(`${base}/metrics`);
    expect(m.status).toBe(200);
    expect(m.headers.get('content-type')).toContain('text/plain');
    const text = await m.text();
    expect(text).toContain('driftwood_test_total 1');
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    report = { status: 'unhealthy', output: 'down' };
    const h = await fetch(`${base}/health?x=1`);
    expect(h.status).toBe(503);
    expect(await h.json()).toEqual(report);
    report = { status: 'stopping' };
    expect((await fetch(`${base}/health`)).status).toBe(503);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('answers what render gives and 500 with no detail when it or health fails', async () => {
    const registry = createMetrics({ noDefaults: true });
    let fail = false;
    server = await serveMetrics({
      listen: '127.0.0.1:0',
      registry,
      render: async () => {
        if (fail) throw new Error('secret detail');
        return 'rendered_total 7\n';
      },
      health: async () => {
        if (fail) throw new Error('secret detail');
        return { status: 'ok' };
      },
    });
    const base = `http://${server.address}`;
    expect(await (await fetch(`${base}/metrics`)).text()).toBe('rendered_total 7\n');
    fail = true;
    for (const path of ['/metrics', '/health']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('rejects when the address is taken', async () => {
    server = await serveMetrics({
      listen: '127.0.0.1:0',
      registry: createMetrics({ noDefaults: true }),
      health: () => ({ status: 'ok' }),
    });
    await expect(
      serveMetrics({
        listen: server.address,
        registry: createMetrics({ noDefaults: true }),
        health: () => ({ status: 'ok' }),
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
