/**
 * The output contract (contract.ts) for the outputs that need no engine: bulk against a faulty
 * `_bulk` peer (it injects per-item refusals and 429s on demand, which a real engine gives only
 * under load; the real Elasticsearch run is in contract.engine.test.ts), file and stdout.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { memoryLogger } from '../log.ts';
import { BulkOutput, configSchema as bulkSchema } from './bulk.ts';
import { outputContract } from './contract.ts';
import * as fileOutput from './file.ts';
import * as stdoutOutput from './stdout.ts';

const buildCtx = { dataDir: tmpdir(), log: memoryLogger() };

/**
 * A `_bulk` endpoint that stores what it is sent, refuses documents with `refuse: true` (400
 * mapper_parsing_exception) and, with `retryFirst`, answers every item 429 the first time.
 */
async function faultyBulk(
  options: { retryFirst?: boolean } = {},
): Promise<{ url: string; stored: Set<string>; server: Server }> {
  const stored = new Set<string>();
  const seen = new Set<string>();
  const server = createServer(async (req, res) => {
    const parts: Buffer[] = [];
    for await (const c of req) parts.push(c as Buffer);
    const lines = Buffer.concat(parts).toString().trim().split('\n');
    const items = [];
    for (let i = 0; i < lines.length; i += 2) {
      const id = JSON.parse(lines[i] as string).create._id as string;
      const doc = JSON.parse(lines[i + 1] as string) as { refuse?: boolean };
      if (options.retryFirst && !seen.has(id)) {
        seen.add(id);
        items.push({ create: { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'busy' } } });
      } else if (doc.refuse) {
        items.push({ create: { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad field' } } });
      } else {
        stored.add(id);
        items.push({ create: { status: 201 } });
      }
    }
    const errors = items.some((i) => i.create.status >= 300);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors, items }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, stored, server };
}

const bulk = (url: string) =>
  new BulkOutput(
    bulkSchema.parse({ type: 'bulk', url, index: 'contract', backoff_initial_ms: 5, backoff_max_ms: 50 }),
    memoryLogger(),
  );

async function openBulk(retryFirst = false) {
  const peer = await faultyBulk({ retryFirst });
  return {
    output: bulk(peer.url),
    stored: async () => [...peer.stored],
    close: () => new Promise<void>((r) => peer.server.close(() => r())),
  };
}

outputContract({
  name: 'bulk (faulty _bulk peer)',
  open: () => openBulk(),
  refused: { doc: () => ({ '@timestamp': new Date().toISOString(), message: 'refuse me', refuse: true }) },
  retryable: { open: () => openBulk(true) },
  down: async () => bulk('http://127.0.0.1:1'),
});

const idsOfLines = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { event: { id: string } }).event.id);

outputContract({
  name: 'file',
  open: async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'out-contract-')), 'sub', 'events.ndjson');
    return {
      output: fileOutput.build(fileOutput.configSchema.parse({ type: 'file', path: file }), buildCtx),
      stored: async () => idsOfLines(readFileSync(file, 'utf8')),
    };
  },
  refused: { none: 'a file takes every document' },
  retryable: { none: 'a local file has no retryable answer: a failed write is a whole-request failure' },
  down: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'out-contract-'));
    writeFileSync(path.join(dir, 'a-file'), '');
    // Its directory is a regular file: every write fails (ENOTDIR).
    return fileOutput.build(
      fileOutput.configSchema.parse({ type: 'file', path: path.join(dir, 'a-file', 'x') }),
      buildCtx,
    );
  },
});

outputContract({
  name: 'stdout',
  open: async () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (d) => {
      text += d;
    });
    return {
      output: stdoutOutput.build(stdoutOutput.configSchema.parse({ type: 'stdout' }), buildCtx, stream),
      stored: async () => idsOfLines(text),
    };
  },
  refused: { none: 'a stream takes every document' },
  retryable: { none: 'a stream has no retryable answer: a failed write is a whole-request failure' },
  down: async () => {
    // A fault the real stdout gives only when its reader went away (EPIPE).
    const faultyStream = new Writable({
      write: (_chunk, _enc, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    });
    faultyStream.on('error', () => {});
    return stdoutOutput.build(stdoutOutput.configSchema.parse({ type: 'stdout' }), buildCtx, faultyStream);
  },
});
