import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

describe('shipper metrics', () => {
  it('counters, scraped gauges and counters, histograms; get() sums a counter over matching labels', async () => {
    const m = new Metrics();
    m.inc('driftwood_shipper_events_in_total', 'Events read.', { source: 'app' }, 4);
    m.inc('driftwood_shipper_events_in_total', 'Events read.', { source: 'web' });
    let queued = 7;
    m.gauge('driftwood_shipper_queue_events', 'Queued.', () => [{ labels: { type: 'disk' }, value: queued }]);
    m.gauge(
      'driftwood_shipper_output_failures_total',
      'Failures.',
      () => [{ labels: { output: 'bulk' }, value: 2 }],
      'counter',
    );
    m.observe('driftwood_shipper_output_latency_seconds', 'Latency.', { output: 'bulk' }, 0.2, [0.1, 1]);
    expect(m.get('driftwood_shipper_events_in_total')).toBe(5);
    expect(m.get('driftwood_shipper_events_in_total', { source: 'app' })).toBe(4);
    expect(m.get('nothing')).toBe(0);
    let text = await m.render();
    expect(text).toContain('# TYPE driftwood_shipper_events_in_total counter');
    expect(text).toContain('driftwood_shipper_events_in_total{source="app"} 4');
    expect(text).toContain('driftwood_shipper_queue_events{type="disk"} 7');
    expect(text).toContain('# TYPE driftwood_shipper_output_failures_total counter');
    expect(text).toContain('driftwood_shipper_output_failures_total{output="bulk"} 2');
    expect(text).toContain('driftwood_shipper_output_latency_seconds_bucket{le="0.1",output="bulk"} 0');
    expect(text).toContain('driftwood_shipper_output_latency_seconds_bucket{le="1",output="bulk"} 1');
    expect(text).toContain('driftwood_shipper_output_latency_seconds_count{output="bulk"} 1');
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    queued = 3;
    text = await m.render();
    expect(text).toContain('driftwood_shipper_queue_events{type="disk"} 3');
    expect(text).not.toContain('driftwood_shipper_queue_events{type="disk"} 7');
  });
});
