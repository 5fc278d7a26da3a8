/**
 * Deterministic event ids: the same input always gets the same id, so a client's retry (or a
 * Kafka redelivery, or a second import of a file) is dropped by the store as a duplicate.
 *
 * Node only (exported from `@driftwood/core/node`, not the browser-safe root): the ids are
 * SHA-256, computed per event on the ingest hot path, and node:crypto's native hash is several
 * times faster than a JavaScript one; WebCrypto's is async. Nothing in the browser makes ids.
 */
import { createHash } from 'node:crypto';

/**
 * The indexer's id (bulk items without `_id`, ingest lines, Kafka messages, imports, dead
 * letters): 20 base64url characters (120 bits) of SHA-256 over the parts, separated by NUL.
 */
export function contentId(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) hash.update('\u0000');
    hash.update(parts[i] as string | Uint8Array);
  }
  return hash.digest('base64url').slice(0, 20);
}

/**
 * The shipper sources' id: hex SHA-256 over the parts, each followed by NUL (numbers as their
 * decimal text).
 */
export function eventId(...parts: Array<string | number | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'number' ? String(part) : part);
    hash.update('\u0000');
  }
  return hash.digest('hex');
}
