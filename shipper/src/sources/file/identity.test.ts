import { writeFileSync } from 'node:fs';
import { mkdtemp, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isGzip, readHead, readHeadOfPath } from './identity.ts';

describe('file identity heads', () => {
  it('reads the first bytes of a file, or of what a .gz decompresses to (a cut archive: what there is)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ident-'));
    const plain = path.join(dir, 'a.log');
    const gz = path.join(dir, 'a.log.1.gz');
    const cut = path.join(dir, 'cut.gz');
    const text = 'first line\nsecond line\n'.repeat(100);
    writeFileSync(plain, text);
    writeFileSync(gz, gzipSync(text));
    writeFileSync(cut, gzipSync(text).subarray(0, 30));
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(plain)).toBe(false);
    expect((await readHeadOfPath(plain, 16)).toString()).toBe(text.slice(0, 16));
    expect((await readHeadOfPath(gz, 16)).toString()).toBe(text.slice(0, 16));
    expect(text.startsWith((await readHeadOfPath(cut, 4096)).toString())).toBe(true);
    const handle = await open(plain, 'r');
    try {
      expect((await readHead(handle, 1_000_000)).length).toBe(Buffer.byteLength(text));
    } finally {
      await handle.close();
    }
  });
});
