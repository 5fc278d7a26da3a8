import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile, writeFileAtomic } from './fs-util.ts';

describe('fs-util', () => {
  it('writes atomically (directory made, no temp file left) and reads JSON back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fsutil-'));
    const file = path.join(dir, 'a', 'b.json');
    await writeFileAtomic(file, JSON.stringify({ n: 1 }));
    await writeFileAtomic(file, JSON.stringify({ n: 2 }), false);
    expect(await readJsonFile(file)).toEqual({ n: 2 });
    expect(await readdir(path.dirname(file))).toEqual(['b.json']);
    expect(await readFile(file, 'utf8')).toBe('{"n":2}');
  });
  it('reads a missing file as undefined, and throws on bad JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fsutil-'));
    expect(await readJsonFile(path.join(dir, 'none.json'))).toBeUndefined();
    await writeFile(path.join(dir, 'bad.json'), '{');
    await expect(readJsonFile(path.join(dir, 'bad.json'))).rejects.toThrow();
  });
  it('leaves no temp file when the rename fails (the target is a directory)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fsutil-'));
    await writeFileAtomic(path.join(dir, 'x', 'keep'), 'k');
    await expect(writeFileAtomic(path.join(dir, 'x'), 'data')).rejects.toThrow();
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
