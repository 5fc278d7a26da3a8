import { describe, expect, it } from 'vitest';
import { configSchema, payloadToDoc } from './mqtt.ts';

describe('mqtt config', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'mqtt', url: 'mqtt://127.0.0.1:1883', topics: ['a/#'] })).toMatchObject({
      qos: 1,
      clean: true,
      dedupe_window_seconds: 600,
    });
    expect(() => configSchema.parse({ url: 'mqtt://x', topics: ['a'], qos: 2 })).toThrow();
    expect(() => configSchema.parse({ url: 'http://x', topics: ['a'] })).toThrow(/mqtt:\/\//);
    expect(() => configSchema.parse({ url: 'mqtt://x', topics: ['a'], topic: 'b' })).toThrow(/topic/);
  });
});

describe('payloadToDoc', () => {
  const received = new Date('2024-01-01T00:00:00.000Z');
  it('turns a JSON object into fields', () => {
    expect(
      payloadToDoc(Buffer.from('{"msg":"boot","battery":81,"ts":1,"time":"2023-06-01T00:00:00Z"}'), received),
    ).toEqual({
      message: 'boot',
      battery: 81,
      ts: 1,
      '@timestamp': '2023-06-01T00:00:00.000Z',
    });
    expect(payloadToDoc(Buffer.from('{"battery":81}'), received)).toEqual({
      message: '{"battery":81}',
      battery: 81,
      '@timestamp': received.toISOString(),
    });
  });
  it('keeps text, invalid JSON and binary as message', () => {
    expect(payloadToDoc(Buffer.from('hello'), received)).toEqual({
      message: 'hello',
      '@timestamp': received.toISOString(),
    });
    expect(payloadToDoc(Buffer.from('{broken'), received).message).toBe('{broken');
    expect(payloadToDoc(Buffer.from([0xff, 0x41]), received).message).toBe('\uFFFDA');
    expect(payloadToDoc(Buffer.from('[1,2]'), received).message).toBe('[1,2]');
  });
});
