import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SyslogDemo, syslogLine } from './syslog.ts';

let server: Server | undefined;
afterEach(() => server?.close());

/** A TCP listener on loopback that keeps what it receives. */
async function listen(host: string): Promise<{ port: number; received: () => string }> {
  let text = '';
  server = createServer((socket) => socket.on('data', (chunk) => (text += chunk.toString('utf8'))));
  await new Promise<void>((resolve) => server?.listen(0, host, resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { port: address.port, received: () => text };
}

describe('SyslogDemo', () => {
  it('reaches a source on all interfaces over loopback, and sends whole lines', async () => {
    const sink = await listen('127.0.0.1');
    for (const listenText of [`0.0.0.0:${sink.port}`, `:${sink.port}`, `127.0.0.1:${sink.port}`]) {
      const demo = new SyslogDemo(listenText);
      await demo.connect();
      await demo.backfill(Date.parse('2026-12-04T12:00:00Z'));
      await demo.close();
    }
    await expect.poll(() => sink.received().split('\n').filter(Boolean).length).toBeGreaterThan(3 * 1000);
    for (const line of sink.received().split('\n').filter(Boolean)) expect(line).toMatch(/^<\d{1,3}>/);
  });

  it('refuses a listen address that is not host:port, naming it', () => {
    expect(() => new SyslogDemo('syslog-at-5514')).toThrow(/expected host:port .*"syslog-at-5514"/);
  });

  it('writes RFC 5424 or RFC 3164 lines with a PRI', () => {
    for (let i = 0; i < 50; i++)
      expect(syslogLine(Date.parse('2026-12-04T12:00:00Z'))).toMatch(/^<\d{1,3}>(1 \d{4}-|[A-Z][a-z]{2} [ \d]\d )/);
  });
});
