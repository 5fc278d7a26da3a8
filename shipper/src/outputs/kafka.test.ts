import { describe, expect, it } from 'vitest';
import { toQueued } from '../queue/types.ts';
import { build, configSchema } from './kafka.ts';

const silentLog = { info() {}, warn() {}, error() {} };

describe('kafka output config', () => {
  it('has defaults, splits a broker string, rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'kafka', brokers: 'a:9092, b:9092', topic: 'logs' })).toMatchObject({
      brokers: ['a:9092', 'b:9092'],
      idempotent: true,
      batch_size: 1000,
    });
    expect(() => configSchema.parse({ brokers: ['a:1'], topic: 't', acks: 1 })).toThrow(/acks/);
    expect(() => configSchema.parse({ brokers: [], topic: 't' })).toThrow();
  });
});

describe('kafka output without a broker', () => {
  it('rejects oversized documents and leaves the rest un-acked when aborted during retries', async () => {
    const output = build(
      configSchema.parse({ brokers: ['127.0.0.1:1'], topic: 't', max_message_bytes: 1024, timeout_ms: 500 }),
      {
        dataDir: '/tmp',
        log: silentLog,
      },
    );
    const small = toQueued({ id: 'a', source: 's', doc: { message: 'ok' } });
    const big = toQueued({ id: 'b', source: 's', doc: { message: 'x'.repeat(2000) } });
    const started = Date.now();
    const result = await output.send([small, big], AbortSignal.timeout(1_000));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.acked).toEqual([]);
    expect(result.rejected).toEqual([{ event: big, reason: expect.stringMatching(/max_message_bytes/) }]);
    await output.close();
  });
});
