/** Random identifiers and secrets, and the hashes under which they are stored. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An API key id: 20 random URL-safe characters (Elasticsearch's ids are 20 characters too). */
export function randomKeyId(): string {
  return randomBytes(15).toString('base64url');
}

/** A secret: `bytes` random bytes, base64url (an API key's key, a session token). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** A generated password: 24 URL-safe characters (144 bits). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** sha256 hex: enough for high-entropy secrets (keys, tokens), never for passwords. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Constant-time equality of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
