/**
 * The `Authorization` header as Elasticsearch reads it (browser-safe: atob / TextDecoder, no Buffer):
 * - `Basic base64(username:password)` for users (the password may contain `:`; the username may not);
 * - `ApiKey base64(id:key)` for API keys (what Filebeat's and Logstash's `api_key: id:key` and the
 *   official clients' `auth: { apiKey }` send).
 * The scheme is case-insensitive; the credentials are strict base64 (standard alphabet, padding
 * optional as Java's decoder takes it, no whitespace inside) of UTF-8 text. Anything else is
 * UNAUTHORIZED, with a message that never echoes the credentials.
 */
import { DriftwoodError } from '../errors.ts';

export type Credentials =
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'api_key'; id: string; key: string };

/** Longer headers are refused before any decoding (Elasticsearch's own default limit is 8 KB of headers). */
export const MAX_AUTHORIZATION_LENGTH = 8192;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function refuse(message: string): never {
  throw new DriftwoodError('UNAUTHORIZED', message);
}

function decodeBase64Utf8(text: string, scheme: string): string {
  if (text.length === 0 || !BASE64.test(text) || text.length % 4 === 1) {
    refuse(`malformed ${scheme} credentials: expected base64`);
  }
  const unpadded = text.replace(/=+$/, '');
  if (text.length !== unpadded.length && text.length % 4 !== 0) {
    refuse(`malformed ${scheme} credentials: expected base64`);
  }
  let binary: string;
  try {
    binary = atob(unpadded);
  } catch {
    refuse(`malformed ${scheme} credentials: expected base64`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return utf8.decode(bytes);
  } catch {
    return refuse(`malformed ${scheme} credentials: not UTF-8`);
  }
}

/** Parses an `Authorization` header value; throws DriftwoodError UNAUTHORIZED when malformed. */
export function parseAuthorization(header: string): Credentials {
  if (typeof header !== 'string') refuse('malformed authorization header');
  if (header.length > MAX_AUTHORIZATION_LENGTH) refuse('authorization header is too long');
  const match = /^([A-Za-z]+) +([^ ]*) *$/.exec(header.replace(/^ +/, ''));
  if (!match) refuse('malformed authorization header: expected "Basic …" or "ApiKey …"');
  const scheme = (match[1] as string).toLowerCase();
  const payload = match[2] as string;
  if (scheme === 'basic') {
    const text = decodeBase64Utf8(payload, 'Basic');
    const colon = text.indexOf(':');
    if (colon <= 0) refuse('malformed Basic credentials: expected username:password');
    return { scheme: 'basic', username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  if (scheme === 'apikey') {
    const text = decodeBase64Utf8(payload, 'ApiKey');
    const colon = text.indexOf(':');
    if (colon <= 0 || colon === text.length - 1) refuse('malformed ApiKey credentials: expected base64(id:key)');
    return { scheme: 'api_key', id: text.slice(0, colon), key: text.slice(colon + 1) };
  }
  return refuse(`unsupported authorization scheme "${(match[1] as string).slice(0, 16)}": use Basic or ApiKey`);
}

/** base64 of the UTF-8 bytes of `text` (browser-safe). */
export function encodeBase64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The header value for HTTP Basic. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${encodeBase64Utf8(`${username}:${password}`)}`;
}

/** What goes after `ApiKey ` (Elasticsearch's `encoded`). */
export function encodeApiKey(id: string, key: string): string {
  return encodeBase64Utf8(`${id}:${key}`);
}
