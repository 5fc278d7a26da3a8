import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecretLine } from './secret-input.ts';

describe('readSecretLine', () => {
  it('takes the first line, without its line end, in any chunking', async () => {
    expect(await readSecretLine(Readable.from(['pass', 'word\r\nsecond line\n']))).toBe('password');
    expect(await readSecretLine(Readable.from(['no newline at all']))).toBe('no newline at all');
    expect(await readSecretLine(Readable.from([Buffer.from('wörd\n')]))).toBe('wörd');
  });

  it('refuses an endless line instead of buffering it', async () => {
    const endless = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) yield 'x'.repeat(4096);
      })(),
    );
    await expect(readSecretLine(endless)).rejects.toThrow(/too long/);
  });
});
