import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../log.ts';
import { type Entry, hashHead, Registry } from './registry.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fields = (over: Partial<Omit<Entry, 'id' | 'seen'>> = {}): Omit<Entry, 'id' | 'seen'> => ({
  dev: 1,
  ino: 100,
  head_len: 4,
  head_hash: hashHead(Buffer.from('abcd')),
  offset: 0,
  path: '/var/log/app.log',
  ...over,
});

async function stored(registry: Registry): Promise<Entry[]> {
  return (JSON.parse(await readFile(registry.file, 'utf8')) as { entries: Entry[] }).entries;
}

describe('hashHead', () => {
  it('is a 16-hex-digit digest that tells different heads apart', () => {
    const a = hashHead(Buffer.from('first line\n'));
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(hashHead(Buffer.from('first line\n'))).toBe(a);
    expect(hashHead(Buffer.from('first linf\n'))).not.toBe(a);
  });
});

describe('Registry', () => {
  it('names its file after the input id, with unsafe characters replaced', () => {
    const r = new Registry(dir, 'logs/app 1', memoryLogger());
    expect(r.file).toBe(path.join(dir, 'registry', 'logs_app_1.json'));
  });

  it('persists a new identity before create resolves, and suffixes a taken id', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const a = await r.create(fields(), 'abc');
    expect(a.id).toBe('abc');
    expect((await stored(r)).map((e) => e.id)).toEqual(['abc']);
    const b = await r.create(fields({ ino: 101 }), 'abc');
    const c = await r.create(fields({ ino: 102 }), 'abc');
    expect([b.id, c.id]).toEqual(['abc~2', 'abc~3']);
    expect((await stored(r)).map((e) => e.id)).toEqual(['abc', 'abc~2', 'abc~3']);
  });

  it('loads what an earlier run saved, including checkpoints', async () => {
    const first = new Registry(dir, 'in', memoryLogger());
    const e = await first.create(fields(), 'f1');
    first.track(e.id, 0, 10, false);
    first.ack(e.id, 0);
    await first.close();

    const second = new Registry(dir, 'in', memoryLogger());
    await second.load();
    expect(second.entries.get('f1')).toMatchObject({ id: 'f1', offset: 10, ino: 100, path: '/var/log/app.log' });
  });

  it('starts empty when there is no registry file', async () => {
    const r = new Registry(dir, 'none', memoryLogger());
    await r.load();
    expect(r.entries.size).toBe(0);
  });

  it('starts empty and logs an error when the registry file is corrupt', async () => {
    const log = memoryLogger();
    const r = new Registry(dir, 'in', log);
    await mkdir(path.dirname(r.file), { recursive: true });
    await writeFile(r.file, '{"entries": [ {"id": "tru');
    await r.load();
    expect(r.entries.size).toBe(0);
    expect(log.lines.some((l) => l.level === 'error' && l.message.includes('unreadable'))).toBe(true);
  });

  it('advances the checkpoint only over contiguously acknowledged ranges', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields(), 'f');
    const advanced: number[] = [];
    r.onAdvance = (entry) => advanced.push(entry.offset);
    r.track('f', 0, 10, false);
    r.track('f', 10, 25, false);
    r.track('f', 25, 30, false);
    expect(r.pending('f')).toBe(3);

    r.ack('f', 10); // out of order: the range at 0 is still pending
    expect(e.offset).toBe(0);
    expect(r.pending('f')).toBe(2);
    r.ack('f', 0); // now 0..25 is done
    expect(e.offset).toBe(25);
    r.ack('f', 25);
    expect(e.offset).toBe(30);
    expect(r.pending('f')).toBe(0);
    expect(advanced).toEqual([25, 30]);
    await r.close();
  });

  it('ignores repeated acks and acks of positions it never tracked', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields(), 'f');
    r.track('f', 0, 5, false);
    r.track('f', 5, 9, false);
    r.ack('f', 3); // not a range start
    r.ack('other', 0); // unknown entry
    expect(r.pending('f')).toBe(2);
    r.ack('f', 5);
    r.ack('f', 5); // twice: counted once
    expect(r.pending('f')).toBe(1);
    expect(e.offset).toBe(0);
    r.ack('f', 0);
    expect(e.offset).toBe(9);
    expect(r.pending('f')).toBe(0);
    await r.close();
  });

  it('passes over ranges tracked as done (lines without an event)', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields(), 'f');
    r.track('f', 0, 1, true); // an empty line at the start: done at once
    expect(e.offset).toBe(1);
    r.track('f', 1, 8, false);
    r.track('f', 8, 9, true); // behind a pending range: waits for it
    expect(e.offset).toBe(1);
    expect(r.pending('f')).toBe(1);
    r.ack('f', 1);
    expect(e.offset).toBe(9);
    await r.close();
  });

  it('never moves a checkpoint backwards (ranges below a resumed offset)', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields({ offset: 100 }), 'f');
    r.track('f', 40, 60, false);
    r.ack('f', 40);
    expect(e.offset).toBe(100);
    r.track('f', 100, 120, false);
    r.ack('f', 100);
    expect(e.offset).toBe(120);
    await r.close();
  });

  it('keeps finding ranges after it compacts a long acknowledged history', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields(), 'f');
    const n = 12_000;
    for (let i = 0; i < n; i++) r.track('f', i * 10, i * 10 + 10, false);
    for (let i = 0; i < 6000; i++) r.ack('f', i * 10);
    expect(e.offset).toBe(60_000);
    // The rest in reverse order: nothing moves until the first of them is acked.
    for (let i = n - 1; i > 6000; i--) r.ack('f', i * 10);
    expect(e.offset).toBe(60_000);
    expect(r.pending('f')).toBe(1);
    r.ack('f', 60_000);
    expect(e.offset).toBe(n * 10);
    expect(r.pending('f')).toBe(0);
    // Tracking continues after the compaction.
    r.track('f', n * 10, n * 10 + 7, false);
    r.ack('f', n * 10);
    expect(e.offset).toBe(n * 10 + 7);
    await r.close();
  });

  it('writes an advanced checkpoint by itself shortly after (without save or close)', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    await r.create(fields(), 'f');
    r.track('f', 0, 42, false);
    r.ack('f', 0);
    expect((await stored(r))[0]!.offset).toBe(0);
    const deadline = Date.now() + 5000;
    while ((await stored(r))[0]!.offset !== 42) {
      if (Date.now() > deadline) throw new Error('the checkpoint was never written');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await r.close();
  });

  it('coalesces concurrent saves and writes the latest state', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const e = await r.create(fields(), 'f');
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 5; i++) {
      e.offset = i;
      saves.push(r.save());
    }
    await Promise.all(saves);
    expect((await stored(r))[0]!.offset).toBe(5);
  });

  it('finds entries by head and by inode, and forgets them', async () => {
    const r = new Registry(dir, 'in', memoryLogger());
    const head = hashHead(Buffer.from('hello'));
    await r.create(fields({ head_len: 5, head_hash: head, dev: 7, ino: 1 }), 'a');
    await r.create(fields({ head_len: 4, head_hash: head, dev: 7, ino: 1 }), 'b');
    await r.create(fields({ dev: 8, ino: 1 }), 'c');
    expect(r.findByHead(5, head)?.id).toBe('a');
    expect(r.findByHead(5, hashHead(Buffer.from('world')))).toBeUndefined();
    expect(r.findByInode(7, 1).map((x) => x.id)).toEqual(['a', 'b']);
    expect(r.findByInode(9, 1)).toEqual([]);
    r.track('a', 0, 3, false);
    r.forget('a');
    expect(r.entries.has('a')).toBe(false);
    expect(r.pending('a')).toBe(0);
    await r.close();
    expect((await stored(r)).map((x) => x.id)).toEqual(['b', 'c']);
  });

  it('logs a failed write instead of throwing, and writes again on the next save', async () => {
    const log = memoryLogger();
    const r = new Registry(dir, 'in', log);
    // A file where the registry directory should be: the write fails.
    await writeFile(path.join(dir, 'registry'), 'not a directory');
    await expect(r.create(fields(), 'f')).resolves.toMatchObject({ id: 'f' });
    expect(log.lines.some((l) => l.level === 'error' && l.message.includes('could not write the registry'))).toBe(true);
    await rm(path.join(dir, 'registry'));
    await r.save();
    expect((await stored(r)).map((x) => x.id)).toEqual(['f']);
  });
});
