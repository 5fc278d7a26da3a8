import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { SchemaGate } from './schema-gate.ts';

describe('SchemaGate', () => {
  it('lets reads overlap, and never overlaps a read with a schema change', async () => {
    const gate = new SchemaGate();
    const log: string[] = [];
    let reading = 0;
    let most = 0;
    const read = (name: string, ms: number) =>
      gate.read(async () => {
        reading++;
        most = Math.max(most, reading);
        log.push(`${name}+`);
        await sleep(ms);
        log.push(`${name}-`);
        reading--;
      });
    const first = [read('a', 30), read('b', 30)];
    await sleep(5);
    const change = gate.exclusive().then(async (release) => {
      expect(reading).toBe(0);
      log.push('change+');
      await sleep(20);
      log.push('change-');
      release();
    });
    await sleep(1);
    const late = read('c', 1);
    await Promise.all([...first, change, late]);
    expect(most).toBe(2);
    expect(log.indexOf('change+')).toBeGreaterThan(Math.max(log.indexOf('a-'), log.indexOf('b-')));
    expect(log.indexOf('c+')).toBeGreaterThan(log.indexOf('change-'));
  });

  it('releases the reads after a failed read', async () => {
    const gate = new SchemaGate();
    await expect(gate.read(async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const release = await gate.exclusive();
    release();
    expect(await gate.read(async () => 1)).toBe(1);
  });
});
