/**
 * The browser's one way to call this app's own server routes: `fetchJson` answers the parsed JSON
 * or throws an `ApiError` whose code is one of core's error codes (what the server's
 * `{ error: { code, message, details } }` said) or one of the few the browser itself decides
 * (`NETWORK`: no answer; `BAD_RESPONSE`: an answer that is not JSON; `HTTP_ERROR`: a failure
 * status without an error body). The React side is lib/use-fetch.ts; the display is
 * components/common/ErrorMessage.tsx. A 401 means the session is gone: the page goes to the login
 * page, coming back afterwards (lib/session.ts).
 */
import { ERROR_CODES, type ErrorCode, type JsonValue } from '@driftwood/core';
import { onUnauthorized } from './session.ts';

/** Codes the browser gives a failure the server did not describe. */
export const CLIENT_ERROR_CODES = ['NETWORK', 'BAD_RESPONSE', 'HTTP_ERROR'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  details?: Record<string, JsonValue>;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** The HTTP status (0 when the server was not reached). */
  readonly status: number;
  readonly details: Record<string, JsonValue>;
  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** The seconds of a `Retry-After` header that gives them (`120`); undefined for none or a date. */
export function retryAfterSeconds(header: string | null | undefined): number | undefined {
  if (!header || !/^\s*\d{1,9}\s*$/.test(header)) return undefined;
  return Number(header);
}

/**
 * The `ApiError` for a failed answer's parsed body: the server's code and message when it sent
 * them (an unknown code becomes INTERNAL, the code it sent kept in `details.code`), else HTTP_ERROR.
 * A `Retry-After` of the answer becomes `details.retryAfterSeconds` unless the body gave it.
 */
export function errorFromBody(status: number, body: unknown, retryAfter?: string | null): ApiError {
  const e = isObject(body) ? body.error : undefined;
  if (!isObject(e) || typeof e.message !== 'string' || typeof e.code !== 'string')
    return new ApiError(status, { code: 'HTTP_ERROR', message: `The server answered ${status}` });
  const details = isObject(e.details) ? { ...(e.details as Record<string, JsonValue>) } : {};
  const wait = retryAfterSeconds(retryAfter);
  if (wait !== undefined && details.retryAfterSeconds === undefined) details.retryAfterSeconds = wait;
  if (KNOWN_CODES.has(e.code)) return new ApiError(status, { code: e.code as ErrorCode, message: e.message, details });
  return new ApiError(status, { code: 'INTERNAL', message: e.message, details: { ...details, code: e.code } });
}

/** The `ApiError` a failed `Response` carries (reads its body); a 401 goes to the login page. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  onUnauthorized(res.status, res.url);
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  return errorFromBody(res.status, body, res.headers.get('retry-after'));
}

/** GET (or `init`) `path` and parse the JSON answer; every failure but an abort is an `ApiError`. */
export async function fetchJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, { code: 'NETWORK', message: 'Cannot reach the Driftwood server. Is it running?' });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    onUnauthorized(res.status, path);
    throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: `The server answered ${res.status} without JSON` });
  }
  if (!res.ok) {
    onUnauthorized(res.status, path);
    throw errorFromBody(res.status, body, res.headers.get('retry-after'));
  }
  return body as T;
}

/** A request sending `body` as JSON. */
export function jsonRequest(method: string, body: unknown, signal?: AbortSignal): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal };
}

/** `path` with `params` as its query string (none when empty). */
export function withParams(path: string, params: URLSearchParams): string {
  const s = params.toString();
  return s === '' ? path : `${path}?${s}`;
}

/** The heading an error box shows for `error`. */
export function errorHeading(error: unknown): string {
  const code = error instanceof ApiError ? error.code : undefined;
  if (code === 'STORE_UNAVAILABLE' || code === 'ENGINE_UNAVAILABLE') return 'The log store is unavailable';
  if (code === 'STORE_TIMEOUT') return 'The log store took too long to answer';
  if (code === 'NETWORK') return 'Cannot reach the Driftwood server';
  return 'Something went wrong';
}

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether `error` is the server refusing the signed-in user (403 FORBIDDEN): a notice, not a failure. */
export function isForbidden(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && error.code === 'FORBIDDEN';
}
