import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type HealthReport, startHttp } from './http.ts';
import { Metrics } from './metrics.ts';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

describe('metrics/health server', () => {
  it('serves /metrics and /health (503 when unhealthy), 404 elsewhere; `:port` is loopback', async () => {
    let report: HealthReport = { status: 'ok' };
    const metrics = new Metrics();
    metrics.inc('driftwood_test_total', 'A test counter.', {});
    server = await startHttp(':0', metrics, () => report);
    const a = server.address() as { address: string; port: number };
    expect(a.address).toBe('127.0.0.1');
    const base = `http://127.0.0.1:${a.port}`;
    const m = await fetch(`${base}/metrics`);
    expect(m.status).toBe(200);
    const text = await m.text();
    expect(text).toContain('driftwood_test_total 1');
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(m.headers.get('content-type')).toContain('text/plain');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    report = { status: 'unhealthy', output: 'down' };
    const h = await fetch(`${base}/health?x=1`);
    expect(h.status).toBe(503);
    expect(await h.json()).toEqual(report);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
