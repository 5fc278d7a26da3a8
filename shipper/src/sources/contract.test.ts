/** The source contract (contract.ts) for the sources that need no engine: file, stdin, syslog, http. */
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { sourceContract } from './contract.ts';
import * as file from './file/index.ts';
import * as http from './http/index.ts';
import * as stdin from './stdin.ts';
import * as syslog from './syslog/index.ts';
import { silentLog } from './test-context.ts';

// file: lines appended to a real file; the checkpoint (registry) lives in the data dir.
let fileDir = '';
sourceContract({
  name: 'file',
  fresh() {
    fileDir = mkdtempSync(path.join(tmpdir(), 'src-contract-file-'));
    mkdirSync(path.join(fileDir, 'logs'));
  },
  start: async (ctx) => {
    const dataDir = path.join(fileDir, 'data');
    const source = file.build(
      file.configSchema.parse({
        type: 'file',
        paths: [path.join(fileDir, 'logs', '*.log')],
        scan_interval_ms: 100,
        poll_interval_ms: 50,
      }),
      { dataDir, log: silentLog, id: 'file-contract' },
    );
    await source.start({ ...ctx, dataDir });
    return source;
  },
  send: async (lines) => {
    appendFileSync(path.join(fileDir, 'logs', 'app.log'), `${lines.join('\n')}\n`);
    return {};
  },
  again: { restart: true },
  acks: 'checkpoint',
});

// stdin: lines written to the source's input stream.
let input = new PassThrough();
sourceContract({
  name: 'stdin',
  fresh() {},
  start: async (ctx) => {
    input = new PassThrough();
    const source = stdin.build(
      stdin.configSchema.parse({ type: 'stdin' }),
      { dataDir: tmpdir(), log: silentLog },
      input,
    );
    await source.start(ctx);
    return source;
  },
  send: async (lines) => {
    input.write(`${lines.join('\n')}\n`);
    return {};
  },
  again: { none: 'stdin has no replay: a second run is a new stream, so its ids are new (a random run id)' },
  acks: { none: 'stdin has no sender to acknowledge; it stops reading while emit is pending (stdin.test.ts)' },
});

// syslog: RFC 5424 lines over TCP, HOSTNAME left nil (-) so host.name is the shipper's; a named
// sender becomes host.name (syslog/ecs.test.ts).
let syslogPort = 0;
sourceContract({
  name: 'syslog',
  fresh() {},
  start: async (ctx) => {
    const source = syslog.build(syslog.configSchema.parse({ type: 'syslog', protocol: 'tcp', listen: '127.0.0.1:0' }), {
      dataDir: tmpdir(),
      log: silentLog,
    });
    await source.start(ctx);
    syslogPort = source.address().port;
    return source;
  },
  send: async (lines) => {
    const socket = connect(syslogPort, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    await new Promise<void>((r) => socket.end(lines.map((l) => `<13>1 - - app - - - ${l}\n`).join(''), () => r()));
    return {};
  },
  again: {
    none: 'syslog has no replayable position: a message sent again is a new event (ids carry receive time and sequence)',
  },
  acks: {
    none: 'syslog has no acknowledgement; TCP backpressure holds the sender while emit is pending (syslog/index.test.ts)',
  },
});

// http: NDJSON POSTs; a retry carries the same x-request-id.
let httpUrl = '';
let request = 0;
let lastRequestId = '';
const post = async (lines: string[], requestId: string) => ({
  answered: fetch(httpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', 'x-request-id': requestId },
    body: lines.map((message) => JSON.stringify({ message })).join('\n'),
  }).then((res) => res.status === 200),
});
sourceContract({
  name: 'http',
  fresh() {},
  start: async (ctx) => {
    const source = http.build(
      http.configSchema.parse({ type: 'http', listen: '127.0.0.1:0', queue_full_timeout_ms: 5_000 }),
      {
        dataDir: tmpdir(),
        log: silentLog,
      },
    );
    await source.start(ctx);
    httpUrl = `http://127.0.0.1:${source.address().port}/`;
    return source;
  },
  send: (lines) => {
    lastRequestId = `req-${request++}`;
    return post(lines, lastRequestId);
  },
  again: { retry: (lines) => post(lines, lastRequestId) },
  acks: 'answer',
});
