/**
 * File identity: a hash of the first `fingerprint_bytes` bytes (of the decompressed content for
 * `.gz`), so a renamed, copied or compressed file is recognised as the one already read; files
 * shorter than that are identified by device + inode plus the hash of what they hold so far.
 */
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export function isGzip(file: string): boolean {
  return file.endsWith('.gz');
}

/** The first `max` bytes of an open file (fewer if it is shorter). */
export async function readHead(handle: FileHandle, max: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(max);
  let filled = 0;
  while (filled < max) {
    const { bytesRead } = await handle.read(buf, filled, max - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buf.subarray(0, filled);
}

/** The first `max` decompressed bytes of a .gz file (fewer if shorter or still being written). */
export async function readGzipHead(file: string, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) {
      parts.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= max) break;
    }
  } catch {
    // A truncated or still-growing archive: use what decompressed.
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts, length).subarray(0, max);
}

export async function readHeadOfPath(file: string, max: number): Promise<Buffer> {
  if (isGzip(file)) return readGzipHead(file, max);
  const handle = await open(file, 'r');
  try {
    return await readHead(handle, max);
  } finally {
    await handle.close();
  }
}
