/**
 * Event ids of the sources without a replayable position (http, mqtt, stdin, syslog): the
 * SHA-256 of the parts, each followed by a NUL, as 64 hex characters. The parts name what makes
 * the event unique (source id, peer or request id, position, sequence number); the same parts
 * always give the same id, so a retry inside the shipper (or a client's retry with the same
 * request id) is dropped by the store as a duplicate.
 *
 * The file source keys its ids on file identity and offset (sources/file). This layout predates
 * the indexer's shorter `contentId` (base64url, NUL between parts): the ids already stored by
 * shippers in the field are of this form, so it stays.
 */
import { createHash } from 'node:crypto';

export function sourceEventId(...parts: Array<string | number | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'number' ? String(part) : part);
    hash.update('\0');
  }
  return hash.digest('hex');
}
