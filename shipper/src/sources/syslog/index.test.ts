import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { testCertificates } from '../../../../test/engines/tls.ts';
import type { ShipperEvent } from '../../component.ts';
import { needsBinary, recordingContext, silentLog, waitFor } from '../test-context.ts';
import { build, configSchema, type SyslogSource } from './index.ts';

const run = promisify(execFile);
const logger = needsBinary('/usr/bin/logger');
const openssl = needsBinary('/usr/bin/openssl');
const rsyslogd = needsBinary('/usr/sbin/rsyslogd');

const started: SyslogSource[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function startSource(
  config: Record<string, unknown>,
  emitDelay?: () => Promise<void>,
): Promise<ReturnType<typeof recordingContext> & { source: SyslogSource; port: number }> {
  const source = build(configSchema.parse({ type: 'syslog', listen: '127.0.0.1:0', ...config }), {
    dataDir: tmpdir(),
    log: silentLog,
  });
  const state = recordingContext(emitDelay);
  await source.start(state.ctx);
  started.push(source);
  return Object.assign(state, { source, port: source.address().port });
}

describe('syslog source over sockets', () => {
  it.skipIf(logger.skip)(logger.title('receives RFC 5424 and RFC 3164 over UDP from logger(1)'), async () => {
    logger.check();
    const { port, events } = await startSource({ protocol: 'udp' });
    await run('logger', [
      '--server',
      '127.0.0.1',
      '--port',
      String(port),
      '--udp',
      '--rfc5424',
      '-t',
      'myapp',
      '--msgid',
      'M1',
      '--sd-id',
      'meta@1',
      '--sd-param',
      'k="v"',
      '-p',
      'local3.err',
      'hello 5424',
    ]);
    await run('logger', [
      '--server',
      '127.0.0.1',
      '--port',
      String(port),
      '--udp',
      '--rfc3164',
      '-t',
      'old',
      'hello 3164',
    ]);
    await waitFor(() => events.length === 2);
    const [a, b] = events as [ShipperEvent, ShipperEvent];
    expect(a.doc).toMatchObject({
      message: 'hello 5424',
      agent: { id: 'agent-1', type: 'driftwood-shipper' },
      source: { ip: '127.0.0.1' },
      log: {
        level: 'error',
        syslog: {
          appname: 'myapp',
          msgid: 'M1',
          facility: { name: 'local3' },
          severity: { name: 'error' },
          structured_data: { 'meta@1': { k: 'v' } },
        },
      },
    });
    // the sender named itself: host.name is its HOSTNAME, not the shipper's (ECS)
    const sender = (a.doc.log as { syslog: { hostname?: string } }).syslog.hostname;
    expect(a.doc.host).toEqual(sender === undefined ? { name: 'shipper-host' } : { name: sender, hostname: sender });
    expect(Math.abs(Date.parse(a.doc['@timestamp'] as string) - Date.now())).toBeLessThan(60_000);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.id).not.toBe(b.id);
    expect(b.doc).toMatchObject({ message: 'hello 3164', log: { syslog: { appname: 'old' } } });
  });

  it.skipIf(logger.skip)(
    logger.title('receives over TCP from logger(1), newline and octet-counted framing'),
    async () => {
      logger.check();
      const { port, events } = await startSource({ protocol: 'tcp' });
      const base = ['--server', '127.0.0.1', '--port', String(port), '--tcp'];
      await run('logger', [...base, '--rfc5424', '-t', 'a', 'tcp lf 5424']);
      await run('logger', [...base, '--rfc5424', '--octet-count', '-t', 'b', 'tcp octet 5424']);
      await run('logger', [...base, '--rfc3164', '-t', 'c', 'tcp 3164']);
      await waitFor(() => events.length === 3);
      expect(events.map((e) => [e.doc.message, (e.doc.log as { syslog: { appname: string } }).syslog.appname])).toEqual(
        [
          ['tcp lf 5424', 'a'],
          ['tcp octet 5424', 'b'],
          ['tcp 3164', 'c'],
        ],
      );
    },
  );

  it('flags truncated and malformed messages and keeps them', async () => {
    const { port, events } = await startSource({ protocol: 'tcp', max_message_bytes: 100 });
    const socket = netConnect(port, '127.0.0.1').on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    socket.end(`<13>1 - h app - - - ${'é'.repeat(200)}\ngarbage without pri\n`);
    await waitFor(() => events.length === 2);
    const [long, junk] = events as [ShipperEvent, ShipperEvent];
    expect(long.doc.tags).toEqual(['syslog_truncated']);
    expect((long.doc.log as { original_size: number }).original_size).toBe(20 + 400);
    expect(Buffer.byteLength(long.doc.message as string)).toBeLessThanOrEqual(100);
    expect(long.doc.message).toMatch(/^é+$/);
    expect(junk.doc).toMatchObject({ message: 'garbage without pri', tags: ['syslog_malformed'] });
  });

  it('pauses a TCP connection until emit resolves (backpressure)', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => {
      release = r;
    });
    const state = await startSource({ protocol: 'tcp' }, () => gate);
    const { port, events } = state;
    const socket = netConnect(port, '127.0.0.1').on('error', () => {});
    await new Promise((r) => socket.once('connect', r));
    const line = `<13>1 - h app - - - ${'x'.repeat(1000)}\n`;
    const total = 20_000; // ~20 MB: far more than socket buffers hold
    let written = 0;
    const writeMore = () => {
      while (written < total) {
        written++;
        if (!socket.write(line)) return;
      }
      socket.end();
    };
    socket.on('drain', writeMore);
    writeMore();
    await new Promise((r) => setTimeout(r, 500));
    // Blocked on the first emit: nothing more was read, the writer is held back.
    expect(state.emits).toBe(1);
    expect(written).toBeLessThan(total);
    release();
    gate = Promise.resolve();
    await waitFor(() => events.length === total, 30_000);
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
  });

  it.skipIf(openssl.skip)(openssl.title('serves TLS with a certificate'), async () => {
    openssl.check();
    const certs = testCertificates();
    if (!certs) throw new Error('openssl made no test certificates');
    const { port, events } = await startSource({
      protocol: 'tcp',
      tls: { cert: certs.certFile, key: certs.keyFile },
    });
    const socket = tlsConnect({ port, host: '127.0.0.1', ca: certs.ca }).on('error', () => {});
    await new Promise((r) => socket.once('secureConnect', r));
    socket.end('27 <13>1 - h app - - - secret');
    await waitFor(() => events.length === 1);
    expect(events[0]?.doc.message).toBe('secret');
  });

  it.skipIf(rsyslogd.skip)(
    rsyslogd.title('receives what a real rsyslogd forwards with omfwd over TCP (octet-counted and LF)'),
    async () => {
      rsyslogd.check();
      const { port, events } = await startSource({ protocol: 'tcp' });
      const dir = mkdtempSync(path.join(tmpdir(), 'rsyslog-'));
      const input = path.join(dir, 'app.log');
      const lines = Array.from({ length: 500 }, (_, i) => `line ${i} with "quotes" and ünïcode`);
      writeFileSync(input, `${lines.join('\n')}\n`);
      const conf = path.join(dir, 'rsyslog.conf');
      writeFileSync(
        conf,
        `global(workDirectory="${dir}")
module(load="imfile" mode="polling" PollingInterval="1")
input(type="imfile" file="${input}" tag="app:" ruleset="fwd" freshStartTail="off")
ruleset(name="fwd") {
  action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp" TCP_Framing="octet-counted"
         template="RSYSLOG_SyslogProtocol23Format" action.resumeRetryCount="-1")
  action(type="omfwd" target="127.0.0.1" port="${port}" protocol="tcp"
         template="RSYSLOG_ForwardFormat" action.resumeRetryCount="-1")
}
`,
      );
      const proc = spawn('/usr/sbin/rsyslogd', ['-n', '-iNONE', '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      proc.stdout.on('data', (d) => {
        output += d;
      });
      proc.stderr.on('data', (d) => {
        output += d;
      });
      try {
        await waitFor(() => events.length >= 1000, 30_000).catch((error: unknown) => {
          throw new Error(`${(error as Error).message}: got ${events.length}; rsyslogd said:\n${output}`);
        });
        const rfc5424 = events.filter((e) => (e.doc.log as { syslog: { version?: number } }).syslog.version === 1);
        const bsd = events.filter((e) => (e.doc.log as { syslog: { version?: number } }).syslog.version === undefined);
        expect(rfc5424.map((e) => e.doc.message)).toEqual(lines);
        expect(bsd.map((e) => e.doc.message)).toEqual(lines);
        for (const e of events) {
          expect(e.doc.tags).toBeUndefined();
          expect(e.doc.log).toMatchObject({ syslog: { appname: 'app', severity: { name: 'notice' } } });
        }
        expect(new Set(events.map((e) => e.id)).size).toBe(1000);
      } finally {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
