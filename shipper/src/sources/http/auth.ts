/** The http source's API key check: `Authorization: ApiKey K`, `Authorization: Bearer K` or `x-api-key: K`. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Constant-time comparison with the configured key. */
export function keyMatches(expected: Buffer, given: string | undefined): boolean {
  if (given === undefined) return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

export function givenKey(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  if (typeof header === 'string') return header;
  const auth = req.headers.authorization;
  const m = auth ? /^(?:ApiKey|Bearer)\s+(.+)$/i.exec(auth) : null;
  return m?.[1];
}
