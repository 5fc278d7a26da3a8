import { describe, expect, it } from 'vitest';
import { IdHashSet, idHash } from './id-set.ts';

describe('idHash', () => {
  it('is a stable non-zero 53-bit integer', () => {
    for (const id of ['', 'a', 'b0', 'évènement', 'x'.repeat(1000)]) {
      const h = idHash(id);
      expect(Number.isSafeInteger(h)).toBe(true);
      expect(h).toBeGreaterThan(0);
      expect(idHash(id)).toBe(h);
    }
    expect(idHash('b1')).not.toBe(idHash('b2'));
  });
});

describe('IdHashSet', () => {
  it('remembers every hash added, across growth, and nothing else', () => {
    const set = new IdHashSet();
    for (let i = 0; i < 50_000; i++) set.add(idHash(`id-${i}`));
    set.add(idHash('id-7'));
    expect(set.size).toBe(50_000);
    for (let i = 0; i < 50_000; i++) expect(set.has(idHash(`id-${i}`))).toBe(true);
    let falsePositives = 0;
    for (let i = 0; i < 50_000; i++) if (set.has(idHash(`other-${i}`))) falsePositives++;
    expect(falsePositives).toBe(0);
  });
});
