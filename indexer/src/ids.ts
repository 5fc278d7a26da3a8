/**
 * Deterministic event ids: the same input always gets the same id, so a client's retry (or a
 * Kafka redelivery, or a second import of a file) is dropped by the store as a duplicate.
 */
import { createHash } from 'node:crypto';

/** 20 base64url characters (120 bits) of SHA-256 over the parts, separated by NUL. */
export function contentId(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) hash.update('\u0000');
    hash.update(parts[i] as string | Uint8Array);
  }
  return hash.digest('base64url').slice(0, 20);
}
