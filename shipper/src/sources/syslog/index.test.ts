import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../component.ts';
import {
  build,
  configSchema,
  type Frame,
  parseStructuredData,
  parseSyslog,
  SyslogFramer,
  type SyslogSource,
  trimPartialUtf8,
} from './syslog.ts';
import { recordingContext, silentLog, waitFor } from './test-context.ts';

const run = promisify(execFile);
const IS_CI = process.env.CI === 'true';
const NOW = new Date('2024-03-10T12:00:00.000Z');
const opts = { now: NOW, timezone: 'UTC' as const };

/** A binary is there, or the test is skipped with one line (and fails under CI). */
function haveBinary(file: string): boolean {
  if (existsSync(file)) return true;
  if (IS_CI) throw new Error(`CI=true and ${file} is missing`);
  console.log(`skipping: ${file} is not installed`);
  return false;
}

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

describe('syslog config', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'syslog' })).toMatchObject({ protocol: 'udp', listen: '127.0.0.1:5514' });
    expect(() => configSchema.parse({ type: 'syslog', prot: 'tcp' })).toThrow(/prot/);
    expect(() => configSchema.parse({ listen: 'nope' })).toThrow(/host:port/);
    expect(() => configSchema.parse({ protocol: 'udp', tls: { cert: 'a', key: 'b' } })).toThrow(/tcp/);
  });
});

describe('parseSyslog', () => {
  it('parses RFC 5424 with structured data, escapes and a BOM', () => {
    const p = parseSyslog(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog 1234 ID47 [exampleSDID@32473 iut="3" eventSource="Appl\\"ic\\]ation"][origin ip="1.2.3.4" ip="5.6.7.8"] \uFEFFAn application event',
      opts,
    );
    expect(p.malformed).toBeUndefined();
    expect(p.timestamp).toBe('2003-10-11T22:14:15.003Z');
    expect(p.message).toBe('An application event');
    expect(p.syslog).toMatchObject({
      priority: 165,
      facility: { code: 20, name: 'local4' },
      severity: { code: 5, name: 'notice' },
      version: 1,
      hostname: 'mymachine.example.com',
      appname: 'evntslog',
      procid: '1234',
      msgid: 'ID47',
      structured_data: {
        'exampleSDID@32473': { iut: '3', eventSource: 'Appl"ic]ation' },
        origin: { ip: ['1.2.3.4', '5.6.7.8'] },
      },
    });
  });

  it('parses RFC 5424 with nil fields and offsets', () => {
    const p = parseSyslog('<34>1 2003-08-24T05:14:15.000003-07:00 - - - - - hi', opts);
    expect(p.timestamp).toBe('2003-08-24T12:14:15.000Z');
    expect(p.message).toBe('hi');
    expect(p.syslog.hostname).toBeUndefined();
    expect(parseSyslog('<34>1 - host app - - -', opts)).toMatchObject({ message: '', syslog: { appname: 'app' } });
  });

  it('parses RFC 3164 with and without hostname, pid, year inference', () => {
    const a = parseSyslog("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed", opts);
    expect(a.timestamp).toBe('2023-10-11T22:14:15.000Z'); // October is after March: last year
    expect(a.syslog).toMatchObject({ hostname: 'mymachine', appname: 'su', procid: '230', priority: 34 });
    expect(a.message).toBe("'su root' failed");
    const b = parseSyslog('<13>Mar  9 08:00:01 cron: job done', opts);
    expect(b.timestamp).toBe('2024-03-09T08:00:01.000Z');
    expect(b.syslog.hostname).toBeUndefined();
    expect(b.syslog.appname).toBe('cron');
    const c = parseSyslog('<30>2024-03-10T11:59:58.123+01:00 host1 nginx: GET /', opts);
    expect(c.timestamp).toBe('2024-03-10T10:59:58.123Z');
    expect(c.syslog).toMatchObject({ hostname: 'host1', appname: 'nginx' });
    expect(c.message).toBe('GET /');
  });

  it('keeps malformed messages whole with a reason', () => {
    expect(parseSyslog('no pri here', opts)).toMatchObject({ message: 'no pri here', malformed: /PRI/ });
    expect(parseSyslog('<999>x', opts).malformed).toMatch(/range/);
    expect(parseSyslog('<13>1 notatime h a p m - x', opts).malformed).toMatch(/RFC 3339/);
    expect(parseSyslog('<13>1 - h a p m [unterminated x', opts)).toMatchObject({
      message: '<13>1 - h a p m [unterminated x',
      malformed: /SD/,
    });
  });

  it('structured data parser rejects junk', () => {
    expect(typeof parseStructuredData('[a b=c]', 0)).toBe('string');
    expect(parseStructuredData('-', 0)).toEqual({ data: {}, end: 1 });
  });

  it('never throws on arbitrary text (fuzz)', () => {
    const pri = fc.integer({ min: 0, max: 250 }).map((n) => `<${n}>`);
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.tuple(pri, fc.string({ unit: 'binary' })).map(([a, b]) => a + b),
      fc.tuple(pri, fc.constantFrom('1 ', '1 - - - - - ', '1 - h a p m ['), fc.string()).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const p = parseSyslog(t, opts);
        expect(typeof p.message).toBe('string');
        if (p.timestamp !== undefined) expect(Number.isNaN(Date.parse(p.timestamp))).toBe(false);
        if (p.malformed !== undefined) expect(p.message).toBe(t);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('SyslogFramer', () => {
  const texts = (frames: Frame[]) => frames.map((f) => f.data.toString());

  it('frames octet-counted and newline messages, auto-detected per frame, across chunk borders', () => {
    const f = new SyslogFramer(1024);
    const stream = Buffer.from('11 <13>1 - - -\n<13>line one\r\n5 hello13 <13>two\nthree\n<14>tail');
    const out: Frame[] = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...f.push(stream.subarray(i, i + 3)));
    out.push(...f.end());
    expect(texts(out)).toEqual(['<13>1 - - -', '<13>line one', 'hello', '<13>two\nthree', '<14>tail']);
  });

  it('cuts over-long frames, skips their tail, and reports the full size', () => {
    const f = new SyslogFramer(64);
    const big = 'x'.repeat(200);
    const out = [
      ...f.push(Buffer.from(`200 ${big}`)),
      ...f.push(Buffer.from(`${big}\n`)),
      ...f.push(Buffer.from('ok\n')),
    ];
    expect(out.map((o) => [o.data.length, o.size, o.truncated])).toEqual([
      [64, 200, true],
      [64, 200, true],
      [2, 2, false],
    ]);
  });

  it('never throws and never returns a frame over max (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }),
        fc.integer({ min: 64, max: 300 }),
        (chunks, max) => {
          const f = new SyslogFramer(max);
          const out = [...chunks.flatMap((c) => f.push(Buffer.from(c))), ...f.end()];
          for (const frame of out) expect(frame.data.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('trims a cut UTF-8 sequence', () => {
    const euro = Buffer.from('a€', 'utf8'); // 61 e2 82 ac
    expect(trimPartialUtf8(euro.subarray(0, 3)).toString()).toBe('a');
    expect(trimPartialUtf8(euro).toString()).toBe('a€');
  });
});

describe('syslog source over sockets', () => {
  it('receives RFC 5424 and RFC 3164 over UDP from logger(1)', async () => {
    if (!haveBinary('/usr/bin/logger')) return;
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
      host: { name: 'shipper-host' },
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
    expect(Math.abs(Date.parse(a.doc['@timestamp'] as string) - Date.now())).toBeLessThan(60_000);
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.id).not.toBe(b.id);
    expect(b.doc).toMatchObject({ message: 'hello 3164', log: { syslog: { appname: 'old' } } });
  });

  it('receives over TCP from logger(1), newline and octet-counted framing', async () => {
    if (!haveBinary('/usr/bin/logger')) return;
    const { port, events } = await startSource({ protocol: 'tcp' });
    const base = ['--server', '127.0.0.1', '--port', String(port), '--tcp'];
    await run('logger', [...base, '--rfc5424', '-t', 'a', 'tcp lf 5424']);
    await run('logger', [...base, '--rfc5424', '--octet-count', '-t', 'b', 'tcp octet 5424']);
    await run('logger', [...base, '--rfc3164', '-t', 'c', 'tcp 3164']);
    await waitFor(() => events.length === 3);
    expect(events.map((e) => [e.doc.message, (e.doc.log as { syslog: { appname: string } }).syslog.appname])).toEqual([
      ['tcp lf 5424', 'a'],
      ['tcp octet 5424', 'b'],
      ['tcp 3164', 'c'],
    ]);
  });

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

  it('serves TLS with a certificate', async () => {
    if (!haveBinary('/usr/bin/openssl')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'syslog-tls-'));
    try {
      await run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        path.join(dir, 'key.pem'),
        '-out',
        path.join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ]);
      const { port, events } = await startSource({
        protocol: 'tcp',
        tls: { cert: path.join(dir, 'cert.pem'), key: path.join(dir, 'key.pem') },
      });
      const socket = tlsConnect({ port, host: '127.0.0.1', ca: readFileSync(path.join(dir, 'cert.pem')) }).on(
        'error',
        () => {},
      );
      await new Promise((r) => socket.once('secureConnect', r));
      socket.end('27 <13>1 - h app - - - secret');
      await waitFor(() => events.length === 1);
      expect(events[0]?.doc.message).toBe('secret');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('receives what a real rsyslogd forwards with omfwd over TCP (octet-counted and LF)', async () => {
    if (!haveBinary('/usr/sbin/rsyslogd')) return;
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
  });
});
