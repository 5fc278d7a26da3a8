import { appendFile, mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { multilineSchema } from './config.ts';
import { Harvester } from './harvester.ts';
import type { TextLine } from './multiline.ts';
import type { Entry } from './registry.ts';

let dir: string;
const opened: Harvester[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-harvester-'));
});
afterEach(async () => {
  for (const h of opened.splice(0)) await h.handle?.close();
  await rm(dir, { recursive: true, force: true });
});

const entry = (file: string): Entry => ({
  id: 'e1',
  dev: 0,
  ino: 0,
  head_len: 0,
  head_hash: '',
  offset: 0,
  path: file,
  seen: 0,
});

/** A harvester on `file`, opened and sized as the file source does it. */
async function harvest(
  file: string,
  options: { readPos?: number; maxLineBytes?: number; multiline?: Record<string, unknown> } = {},
): Promise<Harvester> {
  const st = await stat(file);
  const h = new Harvester(
    entry(file),
    { path: file, dev: st.dev, ino: st.ino, gzip: false, readPos: options.readPos ?? 0 },
    options.maxLineBytes ?? 1024,
    options.multiline ? multilineSchema.parse(options.multiline) : undefined,
  );
  h.handle = await open(file, 'r');
  h.size = st.size;
  opened.push(h);
  return h;
}

async function grow(h: Harvester, file: string, text: string): Promise<void> {
  await appendFile(file, text);
  h.size = (await stat(file)).size;
}

const texts = (lines: TextLine[]) => lines.map((l) => l.text);
const ranges = (lines: TextLine[]) => lines.map((l) => [l.start, l.end]);

describe('Harvester.read', () => {
  it('turns the bytes of a file into lines with their byte ranges', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'one\ntwo\r\nthree\n');
    const h = await harvest(file);
    const lines = await h.read(1 << 20, Buffer.alloc(64));
    expect(texts(lines)).toEqual(['one', 'two', 'three']);
    expect(ranges(lines)).toEqual([
      [0, 4],
      [4, 9],
      [9, 15],
    ]);
    expect(h.readPos).toBe(15);
    expect(h.pendingStart).toBe(15);
  });

  it('keeps a partial last line until its newline arrives', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'done\npart');
    const h = await harvest(file);
    expect(texts(await h.read(1 << 20, Buffer.alloc(64)))).toEqual(['done']);
    expect(h.readPos).toBe(9);
    expect(h.pendingStart).toBe(5);
    expect(h.flush(false)).toEqual([]);
    await grow(h, file, 'ial\n');
    const next = await h.read(1 << 20, Buffer.alloc(64));
    expect(texts(next)).toEqual(['partial']);
    expect(ranges(next)).toEqual([[5, 13]]);
  });

  it('reads no more than its budget per call, through a small scratch buffer', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'aaaa\nbbbb\ncccc\n');
    const h = await harvest(file);
    const scratch = Buffer.alloc(3);
    expect(texts(await h.read(7, scratch))).toEqual(['aaaa']);
    expect(h.readPos).toBe(7);
    expect(texts(await h.read(7, scratch))).toEqual(['bbbb']);
    expect(h.readPos).toBe(14);
    expect(texts(await h.read(7, scratch))).toEqual(['cccc']);
    expect(h.readPos).toBe(15);
    expect(await h.read(7, scratch)).toEqual([]);
  });

  it('starts at readPos (a checkpoint) and reads nothing without a handle', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'old\nnew\n');
    const h = await harvest(file, { readPos: 4 });
    expect(ranges(await h.read(1 << 20, Buffer.alloc(64)))).toEqual([[4, 8]]);
    await h.handle?.close();
    h.handle = undefined;
    await grow(h, file, 'more\n');
    expect(await h.read(1 << 20, Buffer.alloc(64))).toEqual([]);
  });

  it('cuts an over-long line into truncated pieces, dropping nothing', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, `${'x'.repeat(150)}\nshort\n`);
    const h = await harvest(file, { maxLineBytes: 64 });
    const lines = await h.read(1 << 20, Buffer.alloc(1024));
    expect(lines.map((l) => l.text.length)).toEqual([64, 64, 22, 5]);
    expect(lines[0]!.flags).toEqual(['truncated']);
    expect(lines[2]!.flags).toEqual(['truncated', 'continuation']);
    expect(lines[3]!.flags).toEqual([]);
    expect(lines.map((l) => l.text).join('')).toBe(`${'x'.repeat(150)}short`);
  });

  it('flushes the partial line only when the file is finished', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'a\ntail without newline');
    const h = await harvest(file);
    await h.read(1 << 20, Buffer.alloc(64));
    expect(h.flush(false)).toEqual([]);
    const rest = h.flush(true);
    expect(texts(rest)).toEqual(['tail without newline']);
    expect(ranges(rest)).toEqual([[2, 22]]);
    expect(h.flush(true)).toEqual([]);
  });
});

describe('Harvester.rewind', () => {
  it('forgets the partial line so the same bytes are read again', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'one\ntw');
    const h = await harvest(file);
    await h.read(1 << 20, Buffer.alloc(64));
    h.rewind();
    expect(h.readPos).toBe(4);
    await grow(h, file, 'o\n');
    const again = await h.read(1 << 20, Buffer.alloc(64));
    expect(texts(again)).toEqual(['two']);
    expect(ranges(again)).toEqual([[4, 8]]);
  });

  it('rewinds to a given offset', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'one\ntwo\n');
    const h = await harvest(file);
    await h.read(1 << 20, Buffer.alloc(64));
    h.rewind(0);
    expect(texts(await h.read(1 << 20, Buffer.alloc(64)))).toEqual(['one', 'two']);
  });
});

describe('Harvester with multiline', () => {
  const stack = { pattern: '^\\s', match: 'after', timeout_ms: 50 };

  it('joins continuation lines and holds the open group back from pendingStart', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'Error: boom\n  at f\n  at g\nnext\n');
    const h = await harvest(file, { multiline: stack });
    const lines = await h.read(1 << 20, Buffer.alloc(64));
    expect(texts(lines)).toEqual(['Error: boom\n  at f\n  at g']);
    expect(lines[0]!.flags).toEqual(['multiline']);
    expect(ranges(lines)).toEqual([[0, 26]]);
    // `next` may still get continuations: it is pending, so a rewind re-reads it.
    expect(h.readPos).toBe(31);
    expect(h.pendingStart).toBe(26);
  });

  it('emits the open group once the timeout passed, or at once when final', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'head\n  cont\n');
    const h = await harvest(file, { multiline: stack });
    expect(await h.read(1 << 20, Buffer.alloc(64))).toEqual([]);
    expect(h.flush(false, Date.now())).toEqual([]);
    expect(texts(h.flush(false, Date.now() + 60))).toEqual(['head\n  cont']);

    const other = path.join(dir, 'b.log');
    await writeFile(other, 'x\n  y\n  z');
    const g = await harvest(other, { multiline: stack });
    await g.read(1 << 20, Buffer.alloc(64));
    expect(texts(g.flush(true))).toEqual(['x\n  y\n  z']);
  });

  it('a rewind discards the open group, and re-reading builds it again', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, 'a\nhead\n  cont\n');
    const h = await harvest(file, { multiline: stack });
    expect(texts(await h.read(1 << 20, Buffer.alloc(64)))).toEqual(['a']);
    h.rewind();
    expect(h.readPos).toBe(2);
    await grow(h, file, 'b\n');
    expect(texts(await h.read(1 << 20, Buffer.alloc(64)))).toEqual(['head\n  cont']);
  });

  it('passes truncated pieces through unjoined, after the group before them', async () => {
    const file = path.join(dir, 'a.log');
    await writeFile(file, `start\n ${'y'.repeat(100)}\n`);
    const h = await harvest(file, { maxLineBytes: 64, multiline: stack });
    const lines = await h.read(1 << 20, Buffer.alloc(1024));
    expect(lines.map((l) => [l.start, l.flags])).toEqual([
      [0, []],
      [6, ['truncated']],
      [70, ['truncated', 'continuation']],
    ]);
  });
});

describe('Harvester.readGzip', () => {
  const gz = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, gzipSync(Buffer.from(text)));
    return file;
  };
  const gzHarvester = (file: string, readPos = 0) =>
    new Harvester(entry(file), { path: file, dev: 0, ino: 0, gzip: true, readPos }, 1024, undefined);

  it('streams every line of a compressed file, the last one without a newline too', async () => {
    const file = await gz('a.log.gz', 'one\ntwo\nthree');
    const h = gzHarvester(file);
    const got: TextLine[] = [];
    const end = await h.readGzip(file, async (lines) => void got.push(...lines), new AbortController().signal);
    expect(texts(got)).toEqual(['one', 'two', 'three']);
    expect(ranges(got)).toEqual([
      [0, 4],
      [4, 8],
      [8, 13],
    ]);
    expect(end).toBe(13);
  });

  it('skips the decompressed bytes before readPos (a checkpoint)', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `line ${i}`).join('\n');
    const file = await gz('big.log.gz', `${body}\n`);
    const skip = Buffer.byteLength(Array.from({ length: 4000 }, (_, i) => `line ${i}\n`).join(''));
    const h = gzHarvester(file, skip);
    const got: TextLine[] = [];
    const end = await h.readGzip(file, async (lines) => void got.push(...lines), new AbortController().signal);
    expect(got.length).toBe(1000);
    expect(got[0]).toMatchObject({ text: 'line 4000', start: skip });
    expect(got[999]!.text).toBe('line 4999');
    expect(end).toBe(Buffer.byteLength(`${body}\n`));
  });

  it('stopped midway, emits only whole lines (no piece of the line it stopped in)', async () => {
    // Lines of varied length, so that a chunk boundary falls inside a line.
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'z'.repeat(i % 37)}`).join('\n');
    const file = await gz('stop.log.gz', `${text}\n`);
    const ends = new Set<number>();
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) ends.add(i + 1);
    ends.add(text.length + 1);
    const h = gzHarvester(file);
    const stop = new AbortController();
    const got: TextLine[] = [];
    await h.readGzip(
      file,
      async (lines) => {
        got.push(...lines);
        stop.abort();
      },
      stop.signal,
    );
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(20_000);
    for (const line of got) expect(ends.has(line.end), `line ${JSON.stringify(line.text)} ends mid-line`).toBe(true);
    // What was not emitted is read again after a rewind.
    expect(h.pendingStart).toBe(got[got.length - 1]!.end);
  });

  it('rejects on a corrupt file', async () => {
    const file = path.join(dir, 'bad.gz');
    await writeFile(file, Buffer.from('this is not gzip at all'));
    const h = gzHarvester(file);
    await expect(h.readGzip(file, async () => {}, new AbortController().signal)).rejects.toThrow();
  });
});
