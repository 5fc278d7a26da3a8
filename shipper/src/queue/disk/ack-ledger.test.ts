import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../log.ts';
import { AckLedger } from './ack-ledger.ts';

describe('AckLedger', () => {
  it('advances the mark over contiguous seqs only, and writes it to ack.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ack-'));
    const written: number[] = [];
    const ledger = new AckLedger(dir, {
      fsync: false,
      log: memoryLogger(),
      afterWrite: async (n) => {
        written.push(n);
      },
    });
    expect(await ledger.load()).toBe(0);
    ledger.add(2);
    ledger.add(3);
    expect(ledger.through).toBe(0);
    expect(ledger.isAcked(2)).toBe(true);
    expect(ledger.isAcked(1)).toBe(false);
    ledger.add(1);
    expect(ledger.through).toBe(3);
    ledger.add(3); // again: no effect
    await ledger.persist();
    expect(JSON.parse(await readFile(path.join(dir, 'ack.json'), 'utf8'))).toEqual({ acked_through: 3 });
    expect(written.at(-1)).toBe(3);
    ledger.skipTo(10);
    expect(ledger.through).toBe(10);
    ledger.skipTo(5);
    expect(ledger.through).toBe(10);
    const again = new AckLedger(dir, { fsync: false, log: memoryLogger(), afterWrite: async () => {} });
    expect(await again.load()).toBe(3);
  });

  it('a write that fails is logged, not thrown', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ack-'));
    await writeFile(path.join(dir, 'not-a-dir'), '');
    const log = memoryLogger();
    const ledger = new AckLedger(path.join(dir, 'not-a-dir'), { fsync: false, log, afterWrite: async () => {} });
    ledger.add(1);
    await expect(ledger.persist()).resolves.toBeUndefined();
    expect(log.lines.map((l) => l.message)).toContain('disk queue: could not persist acknowledgements');
  });
});
