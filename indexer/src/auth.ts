/**
 * API keys for the ingest endpoints: `Authorization: ApiKey <key>` (the key itself, or base64 of
 * it as Beats/Logstash send `id:api_key`) or `x-api-key: <key>`. Failures answer like
 * Elasticsearch's security layer (401 `security_exception` with WWW-Authenticate).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createAuth(keys: readonly string[]): (headers: IncomingHttpHeaders) => boolean {
  if (keys.length === 0) return () => true;
  const accepted = new Set<string>();
  for (const k of keys) {
    accepted.add(k);
    accepted.add(Buffer.from(k).toString('base64'));
  }
  const list = [...accepted];
  const ok = (token: string) => list.some((k) => same(k, token));
  return (headers) => {
    const header = headers['x-api-key'];
    if (typeof header === 'string' && ok(header.trim())) return true;
    const auth = headers.authorization;
    if (typeof auth !== 'string') return false;
    const m = /^ApiKey\s+(\S+)\s*$/i.exec(auth) ?? /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m !== null && ok(m[1] as string);
  };
}

export const WWW_AUTHENTICATE = ['Basic realm="security", charset="UTF-8"', 'ApiKey'];

export function unauthorizedBody(path: string, hadCredentials: boolean) {
  const reason = hadCredentials
    ? `unable to authenticate with provided credentials and anonymous access is not allowed for this request`
    : `missing authentication credentials for REST request [${path}]`;
  const cause = { type: 'security_exception', reason, header: { 'WWW-Authenticate': WWW_AUTHENTICATE } };
  return { error: { root_cause: [cause], ...cause }, status: 401 };
}
