import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.ts';
import { toQueued } from '../queue/types.ts';
import { build, configSchema } from './file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-file-output-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ctx = () => ({ dataDir: dir, log: memoryLogger() });
const events = (...messages: string[]) =>
  messages.map((message, i) => toQueued({ id: `id-${message}-${i}`, source: 's', doc: { message } }));
const lines = async (file: string) =>
  (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { message: string; event: { id: string } });

describe('file output', () => {
  it('has the documented defaults and batching', () => {
    const config = configSchema.parse({ type: 'file', path: 'out.ndjson' });
    expect(config).toEqual({
      type: 'file',
      path: 'out.ndjson',
      fsync: true,
      batch_max_events: 1000,
      flush_interval_ms: 100,
    });
    expect(build(config, ctx()).batching).toEqual({
      maxEvents: 1000,
      maxBytes: 8 * 1024 * 1024,
      lingerMs: 100,
      maxInFlight: 1,
    });
    expect(configSchema.safeParse({ type: 'file', path: '' }).success).toBe(false);
    expect(configSchema.safeParse({ type: 'file', path: 'x', fsync: 'yes' }).success).toBe(false);
  });

  it('creates the file and its directories, writes one document per line with event.id and acks all', async () => {
    const file = path.join(dir, 'a', 'b', 'out.ndjson');
    const out = build(configSchema.parse({ type: 'file', path: file }), ctx());
    const batch = events('one', 'two');
    const result = await out.send(batch, new AbortController().signal);
    expect(result).toEqual({ acked: batch, rejected: [] });
    await out.close();
    expect(await lines(file)).toEqual([
      { message: 'one', event: { id: 'id-one-0' } },
      { message: 'two', event: { id: 'id-two-1' } },
    ]);
  });

  it('appends to what the file already holds, also after close and reopen', async () => {
    const file = path.join(dir, 'out.ndjson');
    await writeFile(file, '{"message":"before"}\n');
    const out = build(configSchema.parse({ type: 'file', path: file, fsync: false }), ctx());
    await out.send(events('a'), new AbortController().signal);
    await out.close();
    await out.send(events('b'), new AbortController().signal);
    await out.close();
    expect((await lines(file)).map((l) => l.message)).toEqual(['before', 'a', 'b']);
  });

  it('writes concurrent sends one after another, in call order, never interleaved', async () => {
    const file = path.join(dir, 'out.ndjson');
    const out = build(configSchema.parse({ type: 'file', path: file }), ctx());
    const big = 'x'.repeat(200_000);
    await Promise.all([
      out.send(events(`${big}1`, `${big}2`), new AbortController().signal),
      out.send(events('small'), new AbortController().signal),
      out.send(events(`${big}3`), new AbortController().signal),
    ]);
    await out.close();
    expect((await lines(file)).map((l) => l.message.slice(-5))).toEqual(['xxxx1', 'xxxx2', 'small', 'xxxx3']);
  });

  it('rejects a batch it cannot write, and a later send still works', async () => {
    const target = path.join(dir, 'target');
    await mkdir(target); // a directory where the file should be
    const out = build(configSchema.parse({ type: 'file', path: target }), ctx());
    await expect(out.send(events('lost'), new AbortController().signal)).rejects.toMatchObject({ code: 'EISDIR' });
    await rm(target, { recursive: true });
    await expect(out.send(events('kept'), new AbortController().signal)).resolves.toMatchObject({ rejected: [] });
    await out.close();
    expect((await lines(target)).map((l) => l.message)).toEqual(['kept']);
  });

  it('close() waits for a send in progress', async () => {
    const file = path.join(dir, 'out.ndjson');
    const out = build(configSchema.parse({ type: 'file', path: file }), ctx());
    const sending = out.send(events('last'), new AbortController().signal);
    await out.close();
    await sending;
    expect((await lines(file)).map((l) => l.message)).toEqual(['last']);
  });
});
