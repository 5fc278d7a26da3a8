import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';

describe('password hashes', () => {
  it('scrypt with a salt per hash and the parameters stored beside it', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies hashes made with other parameters, and says when to re-hash', async () => {
    const weak = await hashPassword('correct horse', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('correct horse', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('x', DEFAULT_SCRYPT))).toBe(false);
  });

  it('the dummy hash has the stored format and the default cost, and matches nothing', async () => {
    const dummy = dummyHash();
    expect(dummy).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(needsRehash(dummy)).toBe(false);
    expect(await verifyPassword('', dummy)).toBe(false);
    expect(await verifyPassword('correct horse', dummy)).toBe(false);
  });

  it('a stored value it cannot read never matches (and costs no unbounded work)', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$32768$8$1$c2FsdA',
      'bcrypt$32768$8$1$c2FsdA$aGFzaA',
      'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA', // N not a power of two
      `scrypt$${2 ** 24}$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA`, // too much memory
      'scrypt$1024$8$1$c2FsdHNhbHRzYWx0$aGFzaA', // hash too short
    ]) {
      expect(await verifyPassword('anything', stored), stored).toBe(false);
    }
  });
});
