/**
 * Answers of the alerts routes: the Discover routes' JSON and error shape (lib/server/respond.ts),
 * plus `details.issues` (path + message per problem) on validation errors so the form can show
 * each message at its input. Server only.
 */
import { DriftwoodError, isDriftwoodError } from '@driftwood/core';
import { errorResponse, json, redact } from '../../server/respond.ts';
import type { Issue } from '../types.ts';

export { json };

function issuesOf(error: DriftwoodError): Issue[] {
  const raw = error.details.issues;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((i: unknown) => {
    const o = i as { path?: unknown; message?: unknown } | null;
    return o && typeof o.message === 'string'
      ? [{ path: typeof o.path === 'string' ? o.path : '', message: redact(o.message) }]
      : [];
  });
}

export async function alertsError(error: unknown): Promise<Response> {
  const base = errorResponse(error);
  if (!isDriftwoodError(error) || base.status !== 400) return base;
  const issues = issuesOf(error);
  if (issues.length === 0) return base;
  const body = (await base.json()) as { error: { details?: Record<string, unknown> } };
  body.error.details = { ...body.error.details, issues };
  return json(body, { status: 400 });
}

/** Wraps a route handler so any throw becomes a JSON error answer. */
export function handleAlerts<A extends unknown[]>(
  fn: (...args: A) => Promise<Response>,
): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (error) {
      return alertsError(error);
    }
  };
}

/** The request body as JSON (an empty body is `{}`); anything else is a 400. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length > 1 << 20) throw new DriftwoodError('PAYLOAD_TOO_LARGE', 'request body over 1 MB');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftwoodError('INPUT_INVALID', `the body is not JSON: ${(error as Error).message}`);
  }
}

export function readObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DriftwoodError('INPUT_INVALID', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function limitParam(url: URL, fallback: number): number {
  const raw = url.searchParams.get('limit');
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 1000)
    throw new DriftwoodError('INPUT_INVALID', `limit must be a whole number from 0 to 1000, got ${raw}`, {
      details: { field: 'limit' },
    });
  return n;
}
