/** Driftwood reads its own logs: a telemetry log line through the indexer's json and auto pipelines. */
import { getField } from '@driftwood/core';
import { getPipeline } from '@driftwood/indexer';
import { createLogger } from '@driftwood/telemetry';
import { describe, expect, it } from 'vitest';

describe('own logs', () => {
  it.each(['json', 'auto'])('a service log line is ECS through the %s pipeline', (name) => {
    const lines: string[] = [];
    const log = createLogger({ service: 'shipper', destination: { write: (l: string) => lines.push(l) } });
    log.warn('bulk: request failed', {
      output: 'bulk',
      error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { code: 'ECONNREFUSED' }),
    });
    const doc = getPipeline(name).parse((lines[0] as string).trimEnd(), { receivedAt: new Date() });
    expect(doc).not.toBeNull();
    const d = doc as NonNullable<typeof doc>;
    expect(getField(d, 'message')).toBe('bulk: request failed');
    expect(getField(d, 'log.level')).toBe('warn');
    expect(getField(d, 'service.name')).toBe('shipper');
    expect(getField(d, 'event.dataset')).toBe('driftwood.shipper');
    expect(getField(d, 'error.message')).toBe('connect ECONNREFUSED 127.0.0.1:9200');
    expect(getField(d, 'error.code')).toBe('ECONNREFUSED');
    expect(getField(d, 'output')).toBe('bulk');
    expect(Math.abs(Date.parse(getField(d, '@timestamp') as string) - Date.now())).toBeLessThan(60_000);
  });
});
