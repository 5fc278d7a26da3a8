import { beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.ts';
import { toQueued } from '../queue/types.ts';
import { build, configSchema, isRecordError } from './kafka.ts';

/** Logs kept in memory, unread: these tests do not look at them. */
const silentLog = memoryLogger();

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
  // The client loads on first use; loading it here keeps its load time out of the timings below.
  beforeAll(() => import('@platformatic/kafka'));
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
    const result = await output.send([small, big], AbortSignal.timeout(2_000));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.acked).toEqual([]);
    expect(result.rejected).toEqual([{ event: big, reason: expect.stringMatching(/max_message_bytes/) }]);
    // An unreachable broker is a whole-request fault: reported, never a rejection.
    expect(output.health?.report()).toMatchObject({ healthy: false, answer: expect.stringMatching(/no answer/) });
    await output.close();
  });

  it('rejects only what the broker refuses for the record itself; a refused topic or client error is retried', async () => {
    const lib = await import('@platformatic/kafka');
    expect(isRecordError(new lib.ProtocolError('MESSAGE_TOO_LARGE'))).toBe(true);
    expect(isRecordError(new lib.MultipleErrors('produce', [new lib.ProtocolError('INVALID_RECORD')]))).toBe(true);
    expect(isRecordError(new lib.ProtocolError('TOPIC_AUTHORIZATION_FAILED'))).toBe(false);
    expect(isRecordError(new lib.ProtocolError('UNKNOWN_TOPIC_OR_PARTITION'))).toBe(false);
    expect(isRecordError(new lib.UserError('bad option'))).toBe(false);
    expect(isRecordError(new Error('socket hang up'))).toBe(false);
  });
});
