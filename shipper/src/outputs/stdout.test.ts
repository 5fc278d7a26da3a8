import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.ts';
import { toQueued } from '../queue/types.ts';
import { build, configSchema } from './stdout.ts';

const ctx = { dataDir: '/tmp', log: memoryLogger() };

function sink(fail?: Error): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (fail) return done(fail);
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  stream.on('error', () => {});
  return { stream, text: () => chunks.join('') };
}

describe('stdout output', () => {
  it('has the documented defaults and batching', () => {
    const config = configSchema.parse({ type: 'stdout' });
    expect(config).toEqual({ type: 'stdout', batch_max_events: 500, flush_interval_ms: 50 });
    expect(build(config, ctx, sink().stream).batching).toEqual({
      maxEvents: 500,
      maxBytes: 4 * 1024 * 1024,
      lingerMs: 50,
      maxInFlight: 1,
    });
    expect(configSchema.safeParse({ type: 'stdout', batch_max_events: 0 }).success).toBe(false);
    expect(configSchema.safeParse({ type: 'stdout', colour: true }).success).toBe(false);
  });

  it('writes one JSON document per line with event.id, and acks the batch once written', async () => {
    const { stream, text } = sink();
    const out = build(configSchema.parse({ type: 'stdout' }), ctx, stream);
    const batch = [
      toQueued({ id: 'a1', source: 's', doc: { message: 'hello\nworld', log: { level: 'info' } } }),
      toQueued({ id: 'a2', source: 's', json: '{"message":"pre-serialized"}' }),
    ];
    expect(await out.send(batch, new AbortController().signal)).toEqual({ acked: batch, rejected: [] });
    const written = text().split('\n');
    expect(written).toHaveLength(3);
    expect(written[2]).toBe('');
    expect(JSON.parse(written[0]!)).toEqual({ message: 'hello\nworld', log: { level: 'info' }, event: { id: 'a1' } });
    expect(JSON.parse(written[1]!)).toEqual({ message: 'pre-serialized', event: { id: 'a2' } });
    await out.close();
  });

  it('rejects when the stream cannot be written (nothing acked)', async () => {
    const { stream } = sink(new Error('EPIPE'));
    const out = build(configSchema.parse({ type: 'stdout' }), ctx, stream);
    await expect(
      out.send([toQueued({ id: 'x', source: 's', doc: { message: 'm' } })], new AbortController().signal),
    ).rejects.toThrow('EPIPE');
  });
});
