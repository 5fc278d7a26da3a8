import { describe, expect, it } from 'vitest';
import { sourceEventId } from './event-id.ts';

// Known ids: events already stored carry these, so the layout must not change (a retry after an
// upgrade must still be dropped as a duplicate).
describe('sourceEventId', () => {
  it('gives the ids the sources have always given', () => {
    // http, with x-request-id: (source id, "request", request id, index)
    expect(sourceEventId('http-127.0.0.1:0', 'request', 'req-1', 0)).toBe(
      '24b8e4cbd53961b4251ce30118032dc846520578d4611f4b0fd8ff364feca5fc',
    );
    // syslog: (source id, transport:peer, raw bytes, receive ms, sequence)
    expect(
      sourceEventId('syslog-udp-127.0.0.1:5514', 'udp:127.0.0.1:40000', Buffer.from('<13>hello'), 1700000000000, 0),
    ).toBe('174223c6c8dc6261beaa58ba784c06a2a5dd11dc153d82d6652baa2994f47e69');
    // mqtt QoS 1: (source id, client id, topic, packet id, payload, window bucket)
    expect(sourceEventId('mqtt-x', 'client', 'devices/a', 7, Buffer.from('{"a":1}'), 2833333)).toBe(
      '390a9d37f670e4139888dbbd09a0012630043de211e91b76208918614676d587',
    );
  });

  it('separates the parts, and a number is its decimal text', () => {
    expect(sourceEventId('s', '')).toBe('5b65513847f4ca18d21ee85ab708f0a2f69ad6268a766ad90c9c9e3c5a0fc309');
    expect(sourceEventId('ab', 'c')).not.toBe(sourceEventId('a', 'bc'));
    expect(sourceEventId('a', 7)).toBe(sourceEventId('a', '7'));
    expect(sourceEventId('a', Buffer.from('x'))).toBe(sourceEventId('a', 'x'));
  });
});
