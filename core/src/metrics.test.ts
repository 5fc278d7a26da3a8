import { describe, expect, it } from 'vitest';
import { Counter, createMetrics, Gauge, Histogram, metricValue } from './metrics.ts';

describe('createMetrics', () => {
  it('a registry with the process and Node.js metrics and the service’s own', async () => {
    const registry = createMetrics();
    const c = new Counter({ name: 'driftwood_x_total', help: 'X.', labelNames: ['k'], registers: [registry] });
    c.inc({ k: 'a' }, 2);
    c.inc({ k: 'b' });
    const text = await registry.metrics();
    expect(text).toContain('# TYPE driftwood_x_total counter');
    expect(text).toContain('driftwood_x_total{k="a"} 2');
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(registry.contentType).toContain('text/plain');
    expect(await metricValue(c)).toBe(3);
    expect(await metricValue(c, { k: 'a' })).toBe(2);
  });

  it('prints labels in name order whatever order a call gives them in', async () => {
    const registry = createMetrics({ noDefaults: true });
    const c = new Counter({ name: 'c_total', help: 'C.', labelNames: ['pipeline', 'input'], registers: [registry] });
    c.inc({ pipeline: 'p', input: 'i' });
    c.inc({ input: 'i', pipeline: 'p' }, 2);
    const h = new Histogram({ name: 'h', help: 'H.', labelNames: ['z', 'a'], buckets: [1], registers: [registry] });
    h.observe({ z: '1', a: '2' }, 0.5);
    const text = await registry.metrics();
    expect(text).toContain('c_total{input="i",pipeline="p"} 3');
    expect(text).toContain('h_bucket{le="1",a="2",z="1"} 1');
  });

  it('registries are independent; a prefix names the default metrics', async () => {
    const a = createMetrics({ defaultPrefix: 'driftwood_test_' });
    const b = createMetrics({ noDefaults: true });
    new Gauge({ name: 'driftwood_g', help: 'G.', registers: [b] }).set(4);
    expect(await a.metrics()).toMatch(/^driftwood_test_process_cpu_seconds_total \d/m);
    expect(await a.metrics()).not.toContain('driftwood_g');
    expect(await b.metrics()).toBe('# HELP driftwood_g G.\n# TYPE driftwood_g gauge\ndriftwood_g 4\n');
  });
});
