/**
 * Route handler answers: JSON bodies, and every error as `{ error: { code, message, details? } }`
 * with a status matching its code. Messages never carry store URLs or credentials. A 400 whose
 * error lists `issues` (path + message per problem, as rule validation does) keeps them in
 * `details.issues`, so a form can show each message at its input; one that lists `errors` (one line
 * per problem naming its JSON path, as dashboard validation does) keeps them in `details.errors`.
 */
import { DriftwoodError, type ErrorCode, httpStatusFor, isDriftwoodError } from '@driftwood/core';

/** Details safe to show: only those that locate an input mistake. */
const SAFE_DETAILS = new Set(['position', 'column', 'expected', 'found', 'field', 'expression', 'interval']);

export function redact(text: string): string {
  return text
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"]+/gi, '<store>')
    .replace(/\b\d{1,3}(?:\.\d{1,3}){3}:\d+\b/g, '<store>')
    .replace(/(?:\/[\w.@-]+){2,}\.duckdb\b/g, '<data file>');
}

/** The validation issues an error carries (`details.issues`), messages redacted. */
function issuesOf(error: DriftwoodError): Array<{ path: string; message: string }> {
  const raw = error.details.issues;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((i: unknown) => {
    const o = i as { path?: unknown; message?: unknown } | null;
    return o && typeof o.message === 'string'
      ? [{ path: typeof o.path === 'string' ? o.path : '', message: redact(o.message) }]
      : [];
  });
}

/** The error lines a 400 carries (`details.errors`: strings), redacted. */
function errorLinesOf(error: DriftwoodError): string[] {
  const raw = error.details.errors;
  return Array.isArray(raw) ? raw.filter((e): e is string => typeof e === 'string').map(redact) : [];
}

export function errorBody(error: DriftwoodError): { error: { code: ErrorCode; message: string; details?: object } } {
  const details: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error.details)) {
    if (SAFE_DETAILS.has(k) && (typeof v === 'string' || typeof v === 'number')) details[k] = v;
  }
  const issues = httpStatusFor(error.code) === 400 ? issuesOf(error) : [];
  if (issues.length > 0) details.issues = issues;
  const lines = httpStatusFor(error.code) === 400 ? errorLinesOf(error) : [];
  if (lines.length > 0) details.errors = lines;
  return {
    error: {
      code: error.code,
      message: redact(error.message),
      ...(Object.keys(details).length > 0 ? { details } : {}),
    },
  };
}

export function errorResponse(error: unknown): Response {
  const e = isDriftwoodError(error)
    ? error
    : new DriftwoodError('INTERNAL', `unexpected error: ${(error as Error)?.message ?? String(error)}`);
  if (e.code === 'INTERNAL') console.error('[ui api]', error);
  return Response.json(errorBody(e), { status: httpStatusFor(e.code), headers: { 'cache-control': 'no-store' } });
}

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, { ...init, headers: { 'cache-control': 'no-store', ...init.headers } });
}

export function badRequest(message: string, details?: Record<string, unknown>): DriftwoodError {
  return new DriftwoodError('INPUT_INVALID', message, { details });
}

/** Wraps a handler so any throw becomes a JSON error answer. */
export function handle<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
