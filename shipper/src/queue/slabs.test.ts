import { describe, expect, it } from 'vitest';
import type { SourceEvent } from '../component.ts';
import { Slabs } from './slabs.ts';
import { docText } from './types.ts';

const ev = (i: number, size = 1000): SourceEvent => ({
  id: `s:${i}`,
  source: 's',
  doc: { n: i, pad: 'é'.repeat(size) },
});

describe('Slabs', () => {
  it('packs documents exactly, reuses a slab once all of its documents are released, never while one is queued', () => {
    const slabs = new Slabs();
    const first = slabs.pack(Array.from({ length: 1500 }, (_, i) => ev(i)));
    for (const [i, e] of first.entries()) expect(JSON.parse(docText(e))).toEqual({ n: i, pad: 'é'.repeat(1000) });
    const buffers = [...new Set(first.map((e) => e.data))];
    expect(buffers.length).toBeGreaterThan(2);
    // Release all but one document of the first slab: it must not be reused.
    const inFirst = first.filter((e) => e.data === buffers[0]);
    for (const e of first) if (e !== inFirst[0]) slabs.release(e.data);
    const second = slabs.pack(Array.from({ length: 1500 }, (_, i) => ev(10_000 + i)));
    expect(second.some((e) => e.data === buffers[0])).toBe(false);
    expect(second.some((e) => e.data === buffers[1])).toBe(true); // a released slab, reused
    expect(JSON.parse(docText(inFirst[0]!))).toEqual({ n: 0, pad: 'é'.repeat(1000) });
    for (const [i, e] of second.entries()) expect(JSON.parse(docText(e)).n).toBe(10_000 + i);
  });

  it('gives a document larger than a slab a buffer of its own', () => {
    const slabs = new Slabs();
    const [big] = slabs.pack([ev(1, 2_000_000)]);
    expect(big!.data.length).toBeGreaterThan(1024 * 1024);
    expect(JSON.parse(docText(big!)).n).toBe(1);
    slabs.release(big!.data);
  });
});
