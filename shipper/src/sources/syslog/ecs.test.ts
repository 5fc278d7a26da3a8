import { describe, expect, it } from 'vitest';
import { frameToDocument, type Peer } from './ecs.ts';
import type { Frame } from './framer.ts';

const ctx = {
  hostName: 'shipper-host',
  agent: { name: 'test', type: 'driftwood-shipper' as const, version: '0.0.0', id: 'agent-1' },
};
const received = new Date('2024-03-10T12:00:00.000Z');
const peer: Peer = { ip: '10.0.0.7', port: 40000, transport: 'tcp' };
const frame = (text: string, truncated = false, size?: number): Frame => {
  const data = Buffer.from(text);
  return { data, size: size ?? data.length, truncated };
};

describe('frameToDocument', () => {
  it('maps an RFC 5424 message to ECS: log.syslog, log.level, process, source, network, host, agent', () => {
    const r = frameToDocument(
      frame('<187>1 2024-03-10T11:00:00.5Z web01 nginx 4242 ID47 [x@1 a="b"] upstream down\n'),
      peer,
      received,
      'UTC',
      ctx,
    );
    expect(r.doc).toEqual({
      '@timestamp': '2024-03-10T11:00:00.500Z',
      message: 'upstream down',
      log: {
        level: 'error',
        syslog: {
          priority: 187,
          facility: { code: 23, name: 'local7' },
          severity: { code: 3, name: 'error' },
          version: 1,
          hostname: 'web01',
          appname: 'nginx',
          procid: '4242',
          msgid: 'ID47',
          structured_data: { 'x@1': { a: 'b' } },
        },
        source: { address: '10.0.0.7:40000' },
      },
      process: { name: 'nginx', pid: 4242 },
      host: { name: 'web01', hostname: 'web01' },
      agent: ctx.agent,
      source: { ip: '10.0.0.7', port: 40000 },
      network: { transport: 'tcp', protocol: 'syslog' },
    });
    expect(r).toMatchObject({ key: 'web01', malformed: false, truncated: false });
  });

  it('uses receive time without a stamp, the peer ip as key, [v6] in the address, no pid for a non-number', () => {
    const r = frameToDocument(
      frame('<13>app[main]: hi'),
      { ip: '::1', port: 9, transport: 'udp' },
      received,
      'UTC',
      ctx,
    );
    expect(r.doc['@timestamp']).toBe(received.toISOString());
    expect(r.doc.process).toEqual({ name: 'app' });
    expect((r.doc.log as { source: unknown }).source).toEqual({ address: '[::1]:9' });
    expect(r.key).toBe('::1');
  });

  it('flags a message without PRI as malformed, kept whole, as user.notice', () => {
    const r = frameToDocument(frame('plain text line\r\n'), peer, received, 'UTC', ctx);
    expect(r.doc).toMatchObject({
      message: 'plain text line',
      tags: ['syslog_malformed'],
      error: { type: 'PARSE_FAILED', message: expect.stringMatching(/PRI/) },
      log: { level: 'info', syslog: { priority: 13, severity: { name: 'notice' } } }, // log.level: core's severityLevel
    });
    expect(r.malformed).toBe(true);
  });

  it('tags a cut message with its original size and drops a cut UTF-8 sequence', () => {
    const data = Buffer.from('<13>1 - h a - - - éé').subarray(0, 21); // cuts the second é
    const r = frameToDocument({ data, size: 500, truncated: true }, peer, received, 'UTC', ctx);
    expect(r.doc.message).toBe('é');
    expect(r.doc.tags).toEqual(['syslog_truncated']);
    expect((r.doc.log as { original_size: number }).original_size).toBe(500);
  });
});

describe('frameToDocument: host.name is the sender', () => {
  it('takes host.name from HOSTNAME, and the shipper host name when the message names none', () => {
    const named = frameToDocument(frame('<34>Oct 11 22:14:15 mymachine su: hi'), peer, received, 'UTC', ctx);
    expect(named.doc.host).toEqual({ name: 'mymachine', hostname: 'mymachine' });
    expect(named.doc.agent).toEqual(ctx.agent);
    const unnamed = frameToDocument(frame('<13>app[main]: hi'), peer, received, 'UTC', ctx);
    expect(unnamed.doc.host).toEqual({ name: 'shipper-host' });
  });
});
