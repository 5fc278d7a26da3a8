/**
 * Which event ids the embedded store may already hold, kept in memory so that writes need no
 * primary-key index: a 53-bit hash per id in an open-addressing table (8 bytes a slot, at most
 * half full). A write adds its ids before it stores them (one probe per id), and a failed write
 * leaves them here. So a hash that is absent proves the id is new; a hash that is present only
 * says "maybe" — the store then checks the real ids in the table, so neither a collision nor a
 * retry ever drops an event.
 */

/** cyrb53: a fast 53-bit string hash (an integer-valued double, never 0 here). */
export function idHash(id: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const h = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return h === 0 ? 1 : h;
}

const MIN_SLOTS = 1024;

export class IdHashSet {
  private slots: Float64Array;
  private mask: number;
  private count = 0;

  constructor(expected = 0) {
    let n = MIN_SLOTS;
    while (n < expected * 2) n *= 2;
    this.slots = new Float64Array(n);
    this.mask = n - 1;
  }

  get size(): number {
    return this.count;
  }

  /** True when some id with this hash was added. */
  has(hash: number): boolean {
    const slots = this.slots;
    let i = (hash ^ (hash / 4294967296)) & this.mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === hash) return true;
      if (v === 0) return false;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds a hash; false when it was there already. */
  add(hash: number): boolean {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    if (!this.insert(this.slots, this.mask, hash)) return false;
    this.count++;
    return true;
  }

  private insert(slots: Float64Array, mask: number, hash: number): boolean {
    let i = (hash ^ (hash / 4294967296)) & mask;
    for (;;) {
      const v = slots[i] as number;
      if (v === hash) return false;
      if (v === 0) {
        slots[i] = hash;
        return true;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Float64Array(old.length * 2);
    const mask = slots.length - 1;
    for (let i = 0; i < old.length; i++) {
      const v = old[i] as number;
      if (v !== 0) this.insert(slots, mask, v);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
